"""The conclusion over the API (А30-А32): the chair drafts it from the members' findings and
edits its sixteen sections, every member signs the exact version (its hash), and the head of
the organization acknowledges receipt of the signed conclusion."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from registry.predicates import is_staff_of, represents

from .. import selectors, services
from ..models import (
    Attestation,
    Conclusion,
    ConclusionSection,
    ConclusionSignature,
    Decision,
)
from ..services.conclusions import conclusion_missing
from ._common import ServiceApi, visible_attestation


class SectionOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationConclusionSection"

    number = serializers.IntegerField()
    code = serializers.ChoiceField(choices=ConclusionSection.choices)
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class SignatureOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="signer.full_name")
    role = serializers.CharField(source="member.role")
    valid = serializers.BooleanField(source="is_valid")

    class Meta:
        model = ConclusionSignature
        ref_name = "AttestationConclusionSignature"
        fields = ["id", "member", "name", "role", "signed_at", "version", "sha256", "valid"]


class ConclusionOutput(serializers.ModelSerializer):
    sha256 = serializers.SerializerMethodField(
        help_text="Hash of the content as it stands: sign with it."
    )
    sections = serializers.SerializerMethodField()
    signatures = SignatureOutput(many=True, read_only=True)
    unsigned = serializers.SerializerMethodField(help_text="Members who have not signed it.")
    missing = serializers.SerializerMethodField(help_text="What must be added before signing.")
    acknowledged_by = serializers.CharField(source="acknowledged_by.full_name", default=None)

    class Meta:
        model = Conclusion
        ref_name = "AttestationConclusion"
        fields = [
            "id",
            "version",
            "sha256",
            "sections",
            "compliant",
            "recommendation",
            "updated_at",
            "signatures",
            "unsigned",
            "missing",
            "acknowledged_at",
            "acknowledged_by",
        ]

    def _attestation(self) -> Attestation:
        return self.context["attestation"]

    def get_sha256(self, conclusion) -> str:
        return services.content_hash(conclusion, self._attestation())

    @extend_schema_field(SectionOutput(many=True))
    def get_sections(self, conclusion):
        return [
            {
                "number": n,
                "code": s.value,
                "title": str(s.label),
                "text": conclusion.section(s.value),
            }
            for n, s in enumerate(ConclusionSection, start=1)
        ]

    def get_unsigned(self, conclusion) -> list[str]:
        live = {s.member_id for s in conclusion.signatures.all() if s.voided_at is None}
        members = conclusion.commission.members.select_related("user")
        return [m.user.full_name for m in members if m.pk not in live]

    def get_missing(self, conclusion) -> list[str]:
        return [str(m) for m in conclusion_missing(conclusion, self._attestation())]


def _conclusion_readable(request, pk: int) -> tuple[Attestation, Conclusion]:
    """The conclusion, to the commission and the authority's staff; to the organization once
    it is signed (А31: the second copy is theirs). 404 when there is none yet."""
    attestation = visible_attestation(request.user, pk)
    commission = selectors.commission_of(attestation)
    seated = commission is not None and any(
        m.user_id == request.user.pk for m in commission.members.all()
    )
    organization = (
        represents(request.user, attestation) and attestation.conclusion_signed_on is not None
    )
    if not (seated or organization or is_staff_of(request.user, attestation)):
        raise PermissionDenied
    conclusion = (
        Conclusion.objects.filter(commission=commission)
        .select_related("commission", "acknowledged_by")
        .prefetch_related("signatures__signer", "signatures__member")
        .first()
        if commission
        else None
    )
    if conclusion is None:
        raise Http404
    return attestation, conclusion


def _output(attestation, conclusion, code=status.HTTP_200_OK) -> Response:
    conclusion = (
        Conclusion.objects.select_related("commission", "acknowledged_by")
        .prefetch_related("signatures__signer", "signatures__member")
        .get(pk=conclusion.pk)
    )
    body = ConclusionOutput(conclusion, context={"attestation": attestation}).data
    return Response(body, status=code)


class ConclusionInput(serializers.Serializer):
    """The chair's edit: `version` is the one the chair read (an older one is refused, 409);
    sections by code (those left out stay as they are)."""

    class Meta:
        ref_name = "AttestationConclusionInput"

    version = serializers.IntegerField(min_value=1)
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    compliant = serializers.BooleanField(required=False)
    recommendation = serializers.ChoiceField(
        choices=[("", "—"), *Decision.choices], required=False, allow_blank=True
    )
    void_signatures = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Cl. 31 of the Instruction approved by Order No. 109: true to confirm that the "
        "edit voids the signatures given so far; "
        "without it an edit of a signed version is refused (attestation.a31.void_unconfirmed).",
    )

    def validate_sections(self, sections):
        unknown = sorted(set(sections) - set(ConclusionSection.values))
        if unknown:
            raise serializers.ValidationError(
                [
                    _(
                        "“%(code)s” is not a section of the conclusion (cl. 30 of the "
                        "Instruction approved by Order No. 109)."
                    )
                    % {"code": c}
                    for c in unknown
                ]
            )
        return sections


class ConclusionApi(ServiceApi):
    @extend_schema(responses={200: ConclusionOutput})
    def get(self, request, pk: int):
        attestation, conclusion = _conclusion_readable(request, pk)
        return _output(attestation, conclusion)

    @extend_schema(request=ConclusionInput, responses={200: ConclusionOutput})
    def patch(self, request, pk: int):
        """The chair edits the conclusion; every edit raises the version and voids the
        signatures given so far (А31)."""
        attestation, conclusion = _conclusion_readable(request, pk)
        data = ConclusionInput(data=request.data)
        data.is_valid(raise_exception=True)
        conclusion = services.conclusion_edit(conclusion, actor=request.user, **data.validated_data)
        return _output(attestation, conclusion)


class ConclusionDraftApi(ServiceApi):
    """The chair starts the conclusion from the members' findings (again: fills what is still
    empty)."""

    @extend_schema(request=None, responses={200: ConclusionOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        conclusion = services.conclusion_draft(attestation, actor=request.user)
        return _output(attestation, conclusion)


class ConclusionSignApi(ServiceApi):
    """А31: a member signs the version named by its hash; a changed conclusion answers 409
    (`signature_conflict`): read it again and sign what you have read."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationSignInput"

        sha256 = serializers.RegexField(r"^[0-9a-f]{64}$")

    @extend_schema(request=InputSerializer, responses={201: SignatureOutput})
    def post(self, request, pk: int):
        attestation, conclusion = _conclusion_readable(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signature = services.conclusion_sign(
            conclusion,
            actor=request.user,
            sha256=data.validated_data["sha256"],
        )
        return Response(SignatureOutput(signature).data, status=status.HTTP_201_CREATED)


class ConclusionAcknowledgeApi(ServiceApi):
    """А31: the head of the organization confirms receipt of the signed conclusion."""

    @extend_schema(request=None, responses={200: ConclusionOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        conclusion = services.conclusion_acknowledge(attestation, actor=request.user)
        return _output(attestation, conclusion)
