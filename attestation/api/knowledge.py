"""The knowledge check over the API (А24-А29): how it is done, the roster and the sample, the
grid, and one result cell at a time (the grid page's autosave uses the same endpoint)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from .. import figures, selectors, services
from ..exceptions import ResultConflict
from ..models import Cohort, Column, KnowledgeCheck, Student
from ..permissions import is_staff_of, sits_on
from ._common import ERRORS, ServiceApi, invalid, responses, visible_attestation
from .cases import AttestationOutput, figures_json


class CohortOutput(serializers.ModelSerializer):
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    students = serializers.IntegerField(source="students.count")
    sampled = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        ref_name = "AttestationCohort"
        fields = [
            "id",
            "name",
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

    @extend_schema(request=InputSerializer, responses=responses(AttestationOutput))
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attestation = self.call(
            services.test_form_set,
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

    @extend_schema(request=InputSerializer, responses=responses(CohortOutput(many=True), 201))
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohorts = self.call(
            services.roster_import,
            attestation,
            data.validated_data["file"].read(),
            actor=request.user,
        )
        return Response(CohortOutput(cohorts, many=True).data, status=status.HTTP_201_CREATED)


class SampleApi(ServiceApi):
    """А24: draw each cohort's sample (50 in proportion to the grades, or everyone); the stored
    seed gives the same students every time."""

    @extend_schema(request=None, responses=responses(CohortOutput(many=True)))
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        cohorts = self.call(services.sample_draw, attestation, actor=request.user)
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


class GridApi(ServiceApi):
    """The sampled students of every cohort with their result cells: for the commission, which
    enters them, and the authority's staff (the grid page is the commission's)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS})
    def get(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        if not (
            sits_on(request.user, attestation)
            or is_staff_of(request.user, attestation.authority_id)
        ):
            raise PermissionDenied
        rows = selectors.grid_rows(attestation)
        return Response(
            {
                "columns": list(figures.FORM_COLUMNS[attestation.test_form]),
                "cohorts": [
                    {
                        "name": row["cohort"].name,
                        "students": [
                            {
                                "id": s["student"].pk,
                                "name": s["student"].full_name,
                                "cells": {
                                    c: CellOutput(cell).data for c, cell in s["cells"].items()
                                },
                            }
                            for s in row["students"]
                        ],
                    }
                    for row in rows
                ],
            }
        )


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

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OpenApiTypes.OBJECT,
            **ERRORS,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Someone wrote the cell first: `cell` holds their value.",
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
            )
        except ResultConflict as conflict:
            return Response(
                {
                    "detail": str(conflict.message),
                    "code": conflict.code,
                    "cell": CellOutput(conflict.cell).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            raise invalid(error) from None
        attestation = student.cohort.attestation
        return Response(
            {"cell": CellOutput(cell).data, "figures": figures_json(figures.figures(attestation))}
        )
