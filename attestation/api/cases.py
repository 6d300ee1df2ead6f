"""The attestation case over the API: the list and one attestation with А35's figures, the
head's decision (А33-А35), the suspension of the license (А34) and the follow-up (А36-А38)."""

import time

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import conf, figures, rules, selectors, services
from ..models import Attestation, Decision
from ._common import ServiceApi, visible_attestation


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


def _grades(grades) -> dict:
    return {str(grade.value): count for grade, count in grades}


def figures_json(report: figures.Figures) -> dict:
    return {
        # Counted after the entry committed: of two answers, the later count includes every
        # result either saw, so the grid keeps the latest and ignores one that arrives late.
        "as_of": time.time_ns() // 1000,
        "total": {**_results(report.total), "grades": _grades(report.grades)},
        "pending": report.pending,
        "cohorts": [
            {
                "name": p.cohort.name,
                "title": p.cohort.title,
                "pending": p.pending,
                **_results(p.results),
                "grades": _grades(p.grades),
            }
            for p in report.cohorts
        ],
    }


class ResultsOutput(serializers.Serializer):
    """А35's figures of a cohort or of the whole organization."""

    class Meta:
        ref_name = "AttestationResults"

    sample = serializers.IntegerField()
    took_part = serializers.IntegerField()
    positive = serializers.IntegerField()
    participation_percent = serializers.CharField(
        allow_null=True, help_text='Took part / sample, one decimal ("94.9"); null when empty.'
    )
    positive_percent = serializers.CharField(
        allow_null=True, help_text="Positive / took part, one decimal; null when none took part."
    )
    failures = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.Failure.choices),
        help_text="The conditions of cl. 35 of the Instruction approved by Order No. 109 "
        "that do not hold.",
    )
    grades = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Cl. 25 of the Instruction approved by Order No. 109: how many "
        "comprehensive tests got each grade (excellent, good, satisfactory, unsatisfactory).",
    )


class CohortFiguresOutput(ResultsOutput):
    class Meta:
        ref_name = "AttestationCohortFigures"

    name = serializers.CharField(help_text="The group as the roster names it (a stable key).")
    title = serializers.CharField(help_text="The specialty's name in the reader's language.")
    pending = serializers.IntegerField(help_text="Sampled students with nothing entered yet.")


class FiguresOutput(serializers.Serializer):
    """What figures_json gives: А35's figures in total and per cohort (А9)."""

    class Meta:
        ref_name = "AttestationFigures"

    as_of = serializers.IntegerField(
        help_text="When the figures were counted, in microseconds since 1970: a later count "
        "includes every result saved before it."
    )
    total = ResultsOutput()
    pending = serializers.IntegerField()
    cohorts = CohortFiguresOutput(many=True)


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


class AttestationDetailOutput(AttestationOutput):
    figures = FiguresOutput(read_only=True)

    class Meta(AttestationOutput.Meta):
        ref_name = "AttestationDetail"
        fields = [*AttestationOutput.Meta.fields, "figures"]


class AttestationDetailApi(RetrieveAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = AttestationDetailOutput

    def get_queryset(self):
        return selectors.attestation_visible_to(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        attestation = self.get_object()
        body = AttestationOutput(attestation).data
        body["figures"] = figures_json(figures.figures(attestation))
        return Response(body)


class DecisionApi(ServiceApi):
    """А33-А35: the head's decision by order; "attest" is refused (409) with the figures that
    fail А35, and "not attest" suspends the license for up to six months (А34)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationDecisionInput"

        decision = serializers.ChoiceField(choices=Decision.choices)
        order_number = serializers.CharField(max_length=50)
        suspension_months = serializers.IntegerField(min_value=1, required=False)
        fine_amount = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        fine_note = serializers.CharField(max_length=500, required=False, allow_blank=True)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # А34: the longest suspension is the law's figure, read when the input is built.
            self.fields["suspension_months"] = serializers.IntegerField(
                min_value=1, max_value=conf.get("ATTESTATION_SUSPENSION_MONTHS"), required=False
            )

    @extend_schema(request=InputSerializer, responses={200: AttestationOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        attestation = services.attestation_decide(
            attestation,
            values.pop("decision"),
            actor=request.user,
            **values,
        )
        return Response(AttestationOutput(attestation).data)


class LicenseSuspensionApi(ServiceApi):
    """А34: suspend the license after "not attest" when the register had none in force at the
    decision. The attestation stays "not attested" while the register still has none."""

    @extend_schema(request=None, responses={200: AttestationOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        attestation = services.license_suspension_apply(attestation, actor=request.user)
        return Response(AttestationOutput(attestation).data)


class FollowUpApi(ServiceApi):
    """А36-А38: the follow-up commission's finding: the license resumes when the deficiencies
    are remedied, or is revoked when they are not six months after the suspension."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationFollowUpInput"

        remedied = serializers.BooleanField()
        findings = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: AttestationOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attestation = services.follow_up_conclude(
            attestation, actor=request.user, **data.validated_data
        )
        return Response(AttestationOutput(attestation).data)
