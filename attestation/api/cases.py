"""The attestation API under /api/v1/attestation/: as thin as the pages, over the same services.

- GET  attestations/                 the attestations the caller may see
- GET  attestations/<id>/            one, with А35's figures
- GET  attestations/<id>/grid/       the sampled students and their result cells
- POST results/                      one cell {student, column, value, version}; 409 with the
                                     cell as it now is when someone wrote it first
- POST attestations/<id>/decision/   the head's decision; 409 with the reason when refused

Refusals are casework's: 409 with `detail` and `code`; 403 for a caller who may not act.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import figures, selectors, services
from .exceptions import ResultConflict
from .models import Attestation, Column, Decision, Student


def _text(value) -> str | None:
    return None if value is None else str(value)


def _results(results) -> dict:
    return {
        "sample": results.sample,
        "took_part": results.took_part,
        "positive": results.positive,
        # Strings with one decimal ("94.9"), exactly as decided: never a float.
        "participation_percent": _text(results.participation_percent),
        "positive_percent": _text(results.positive_percent),
        "failures": list(results.failures),
    }


def figures_json(report: figures.Figures) -> dict:
    return {
        "total": _results(report.total),
        "pending": report.pending,
        "cohorts": [
            {"name": p.cohort.name, "pending": p.pending, **_results(p.results)}
            for p in report.cohorts
        ],
    }


class AttestationOutput(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    bin = serializers.CharField(source="organization.bin")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Attestation
        fields = [
            "id",
            "number",
            "organization",
            "bin",
            "kind",
            "test_form",
            "state",
            "state_label",
            "start_date",
            "visit_started_on",
            "visit_ends_on",
            "conclusion_signed_on",
            "due_date",
            "decision",
            "decided_at",
            "order_number",
            "decided_late",
            "suspended_until",
        ]


class AttestationListApi(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = AttestationOutput

    def get_queryset(self):
        return selectors.attestation_visible_to(self.request.user).order_by("-start_date", "pk")


class AttestationDetailApi(RetrieveAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = AttestationOutput

    def get_queryset(self):
        return selectors.attestation_visible_to(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        attestation = self.get_object()
        body = AttestationOutput(attestation).data
        body["figures"] = figures_json(figures.figures(attestation))
        return Response(body)


class CellOutput(serializers.Serializer):
    student = serializers.IntegerField(source="student_id")
    column = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()
    entered_by = serializers.CharField(source="entered_by.full_name")
    entered_at = serializers.DateTimeField()


class GridApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        try:
            attestation = selectors.attestation_get_visible(request.user, pk)
        except Attestation.DoesNotExist:
            raise Http404 from None
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


class ResultEntryApi(APIView):
    """Enter one cell of the grid (the page's autosave uses this too)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationResultInput"

        student = serializers.IntegerField()
        column = serializers.ChoiceField(choices=Column.choices)
        value = serializers.CharField(allow_null=True, allow_blank=True, required=False)
        version = serializers.IntegerField(min_value=0)

    @extend_schema(
        request=InputSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        student = Student.objects.filter(pk=data.validated_data["student"]).first()
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
        except ValidationError as invalid:
            return Response(
                {"detail": " ".join(invalid.messages), "code": "invalid"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        attestation = student.cohort.attestation
        return Response(
            {"cell": CellOutput(cell).data, "figures": figures_json(figures.figures(attestation))}
        )


class DecisionApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationDecisionInput"

        decision = serializers.ChoiceField(choices=Decision.choices)
        order_number = serializers.CharField(max_length=50)
        suspension_months = serializers.IntegerField(min_value=1, max_value=6, required=False)
        fine_amount = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True
        )
        fine_note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={200: AttestationOutput, 409: OpenApiTypes.OBJECT}
    )
    def post(self, request, pk: int):
        try:
            attestation = selectors.attestation_get_visible(request.user, pk)
        except Attestation.DoesNotExist:
            raise Http404 from None
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        attestation = services.attestation_decide(
            attestation, values.pop("decision"), actor=request.user, **values
        )
        return Response(AttestationOutput(attestation).data)
