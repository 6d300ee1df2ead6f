"""The knowledge check over the API (А24-А29): how it is done, the roster and the sample, the
grid, and one result cell at a time (the grid page's autosave uses the same endpoint)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from casework.api import Error, error_body

from .. import figures, selectors, services
from ..exceptions import ResultConflict
from ..models import Cohort, Column, KnowledgeCheck, Student
from ..permissions import sits_on, staff_of_attestation
from ._common import ServiceApi, visible_attestation
from .cases import AttestationOutput, FiguresOutput, figures_json


class CohortOutput(serializers.ModelSerializer):
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(
        help_text="The specialty's name in the reader's language, else the group as loaded."
    )
    students = serializers.IntegerField(source="students.count")
    sampled = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        ref_name = "AttestationCohort"
        fields = [
            "id",
            "name",
            "title",
            "specialty",
            "students",
            "sampled",
            "sample_seed",
            "sample_drawn_at",
        ]

    def get_sampled(self, cohort) -> int:
        return cohort.students.filter(in_sample=True).count()


class TestFormApi(ServiceApi):
    """А24, А27: staff choose the form of the check (test, questionnaire, other) before the
    roster is loaded."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationTestFormInput"

        test_form = serializers.ChoiceField(choices=KnowledgeCheck.choices)

    @extend_schema(request=InputSerializer, responses={200: AttestationOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attestation = services.test_form_set(
            attestation,
            data.validated_data["test_form"],
            actor=request.user,
        )
        return Response(AttestationOutput(attestation).data)


class RosterApi(ServiceApi):
    """А24: the roster CSV (student; group or specialty; current grade). A file with any wrong
    line loads nothing and answers 400 naming the lines."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationRosterInput"

        file = serializers.FileField()

    @extend_schema(request=InputSerializer, responses={201: CohortOutput(many=True)})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohorts = services.roster_import(
            attestation,
            data.validated_data["file"].read(),
            actor=request.user,
        )
        return Response(CohortOutput(cohorts, many=True).data, status=status.HTTP_201_CREATED)


class SampleApi(ServiceApi):
    """А24: draw each cohort's sample (50 in proportion to the grades, or everyone); the stored
    seed gives the same students every time."""

    @extend_schema(request=None, responses={200: CohortOutput(many=True)})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        cohorts = services.sample_draw(attestation, actor=request.user)
        return Response(CohortOutput(cohorts, many=True).data)


class CellOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationResultCell"

    student = serializers.IntegerField(source="student_id")
    column = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()
    entered_by = serializers.CharField(source="entered_by.full_name")
    entered_at = serializers.DateTimeField()


class GridStudentOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationGridStudent"

    id = serializers.IntegerField()
    name = serializers.CharField()
    cells = serializers.DictField(
        child=CellOutput(), help_text="The cells entered so far, by column."
    )


class GridCohortOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationGridCohort"

    name = serializers.CharField(help_text="The group as the roster names it (a stable key).")
    title = serializers.CharField(help_text="The specialty's name in the reader's language.")
    students = GridStudentOutput(many=True)


class GridOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationGrid"

    columns = serializers.ListField(child=serializers.ChoiceField(choices=Column.choices))
    cohorts = GridCohortOutput(many=True)


class GridApi(ServiceApi):
    """The sampled students of every cohort with their result cells: for the commission, which
    enters them, and the authority's staff (the grid page is the commission's)."""

    @extend_schema(responses={200: GridOutput})
    def get(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        if not (sits_on | staff_of_attestation)(request.user, attestation):
            raise PermissionDenied
        rows = selectors.grid_rows(attestation)
        grid = {
            "columns": list(figures.FORM_COLUMNS[attestation.test_form]),
            "cohorts": [
                {
                    "name": row["cohort"].name,
                    "title": row["cohort"].title,
                    "students": [
                        {"id": s["student"].pk, "name": s["student"].full_name, "cells": s["cells"]}
                        for s in row["students"]
                    ],
                }
                for row in rows
            ],
        }
        return Response(GridOutput(grid).data)


class ResultEntryOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationResultEntry"

    cell = CellOutput()
    figures = FiguresOutput(help_text="А35's figures with this cell counted.")


class ResultEntryApi(ServiceApi):
    """Enter one cell {student, column, value, version}: `version` is the one the caller saw
    (0 for an empty cell). When someone wrote the cell since, nothing is saved and the answer is
    409 with the cell as it now is, so nobody overwrites another member's value unseen."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationResultInput"

        student = serializers.IntegerField()
        column = serializers.ChoiceField(choices=Column.choices)
        value = serializers.CharField(allow_null=True, allow_blank=True, required=False)
        version = serializers.IntegerField(min_value=0)
        void_signatures = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Clause 31: true to confirm that the entry voids the conclusion's "
            "signatures given so far; without it an entry made after a signature is refused "
            "(attestation.a31.void_unconfirmed, naming the signers).",
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            200: ResultEntryOutput,
            409: OpenApiResponse(
                Error,
                description="Refused by a rule (the `code` names it), or `result_conflict`: "
                "someone wrote the cell first, and the answer adds `cell`, the cell as it now "
                "is (an AttestationResultCell).",
            ),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        student = (
            Student.objects.filter(
                cohort__attestation__in=selectors.attestation_visible_to(request.user)
            )
            .select_related("cohort__attestation")
            .filter(pk=data.validated_data["student"])
            .first()
        )
        if student is None:
            raise Http404
        try:
            cell = services.results_enter(
                student,
                data.validated_data["column"],
                data.validated_data.get("value"),
                actor=request.user,
                version=data.validated_data["version"],
                void_signatures=data.validated_data["void_signatures"],
            )
        except ResultConflict as conflict:
            body = error_body(conflict.code, conflict.message)
            body["cell"] = CellOutput(conflict.cell).data
            return Response(body, status=status.HTTP_409_CONFLICT)
        attestation = student.cohort.attestation
        return Response(
            ResultEntryOutput(
                {"cell": cell, "figures": figures_json(figures.figures(attestation))}
            ).data
        )
