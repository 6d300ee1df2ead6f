"""Before and at the start of the visit, over the API: the self-assessment (А15) and the files of
the case (through casework's attachments), the commission (А16-А18, А20, А26) with the people
the portal proposes for it, and the start of the visit (А17, А19)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from casework.attachments import attachment_checklist
from registry.models import Organization, User
from registry.predicates import is_staff_of

from .. import composition, selectors, services
from ..checklist import CONCLUSION_CODES, SELF_ASSESSMENT_CODES
from ..models import (
    Commission,
    CommissionMember,
    SelfAssessment,
    StudyArea,
    StudyAreaAssignment,
)
from ..permissions import may_read_self_assessment
from ..services.preparation import SELF_ASSESSMENT_FIELDS
from ._common import ServiceApi, visible_attestation
from .cases import AttestationOutput

# ---------------------------------------------------------------------------------------------
# Files (casework attachments on the attestation case)


class AttachmentOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationAttachment"

    id = serializers.IntegerField()
    item = serializers.CharField(source="item_code")
    name = serializers.CharField(source="original_name")
    version = serializers.IntegerField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        return reverse("attachment_download", args=[attachment.pk])


class ChecklistEntryOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationChecklistEntry"

    item = serializers.CharField(source="item.code")
    title = serializers.CharField(source="item.title")
    required = serializers.BooleanField(source="item.required")
    current = AttachmentOutput(allow_null=True)


class FilesApi(ServiceApi):
    """The files of the self-assessment (А15: the charter and license, and a file per section)
    and of the conclusion (А32's eight), with the current version of each."""

    @extend_schema(responses={200: ChecklistEntryOutput(many=True)})
    def get(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        return Response(ChecklistEntryOutput(attachment_checklist(attestation), many=True).data)


class FileUploadApi(ServiceApi):
    """Upload a file under a checklist item: the organization the self-assessment's before it
    is submitted, the chair (or staff) the conclusion's during the visit. The content is checked
    (not the name) by casework; a rejected file answers 400."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationFileInput"

        file = serializers.FileField()
        void_signatures = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Cl. 31 of the Instruction approved by Order No. 109: true to confirm that a "
            "conclusion file changed after "
            "signatures voids them.",
        )

    @extend_schema(request=InputSerializer, responses={201: AttachmentOutput})
    def post(self, request, pk: int, item: str):
        attestation = visible_attestation(request.user, pk)
        if item not in SELF_ASSESSMENT_CODES | CONCLUSION_CODES:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attestation_file_upload(
            attestation,
            item,
            data.validated_data["file"],
            actor=request.user,
            void_signatures=data.validated_data["void_signatures"],
        )
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Self-assessment (А15)


class SelfAssessmentOutput(serializers.ModelSerializer):
    class Meta:
        model = SelfAssessment
        ref_name = "AttestationSelfAssessment"
        fields = [
            *(area.value for area in StudyArea),
            "teachers_total",
            "teachers_qualified",
            "students_total",
            "graduates_total",
            "library_items",
            "computers",
            "laboratories_count",
            "updated_at",
            "submitted_at",
            "late",
        ]


class SelfAssessmentInput(serializers.ModelSerializer):
    """Any of the eleven sections (А7, А15) and the figures; what is left out stays as it is."""

    class Meta:
        model = SelfAssessment
        ref_name = "AttestationSelfAssessmentInput"
        fields = sorted(SELF_ASSESSMENT_FIELDS)
        extra_kwargs = {name: {"required": False} for name in SELF_ASSESSMENT_FIELDS}


class SelfAssessmentApi(ServiceApi):
    @extend_schema(responses={200: SelfAssessmentOutput})
    def get(self, request, pk: int):
        """The organization's self-assessment, to the organization and the authority."""
        attestation = visible_attestation(request.user, pk)
        if not may_read_self_assessment(request.user, attestation):
            raise PermissionDenied
        assessment = SelfAssessment.objects.filter(attestation=attestation).first()
        return Response(SelfAssessmentOutput(assessment or SelfAssessment()).data)

    @extend_schema(request=SelfAssessmentInput, responses={200: SelfAssessmentOutput})
    def patch(self, request, pk: int):
        """The organization fills in (part of) its self-assessment until it submits it."""
        attestation = visible_attestation(request.user, pk)
        data = SelfAssessmentInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        assessment = services.self_assessment_save(
            attestation, actor=request.user, **data.validated_data
        )
        return Response(SelfAssessmentOutput(assessment).data)


class SelfAssessmentSubmitApi(ServiceApi):
    """А15: submit, with the charter and license attached; a late one is flagged."""

    @extend_schema(request=None, responses={200: SelfAssessmentOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        assessment = services.self_assessment_submit(attestation, actor=request.user)
        return Response(SelfAssessmentOutput(assessment).data)


# ---------------------------------------------------------------------------------------------
# The commission (А16-А18, А20, А26)


class MemberOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")
    employer = serializers.CharField(source="employer.name", default=None)
    employer_bin = serializers.CharField(source="employer.bin", default=None)
    employer_authority = serializers.CharField(source="employer_authority.name", default=None)

    class Meta:
        model = CommissionMember
        ref_name = "AttestationCommissionMember"
        fields = [
            "id",
            "user",
            "name",
            "role",
            "employer",
            "employer_bin",
            "employer_authority",
            "position",
            "profile",
        ]


class AssignmentOutput(serializers.ModelSerializer):
    class Meta:
        model = StudyAreaAssignment
        ref_name = "AttestationAreaAssignment"
        fields = [
            "id",
            "area",
            "member",
            "findings",
            "deficiencies",
            "recommendations",
            "reported_at",
        ]


class CommissionOutput(serializers.ModelSerializer):
    members = MemberOutput(many=True, read_only=True)
    assignments = AssignmentOutput(many=True, read_only=True)

    class Meta:
        model = Commission
        ref_name = "AttestationCommission"
        fields = [
            "id",
            "attestation",
            "purpose",
            "approved_at",
            "order_number",
            "members",
            "assignments",
            "written_work_member",
            "written_work_teacher",
        ]


def _commission(request, pk: int) -> Commission:
    """A commission of an attestation the caller may see, or 404."""
    return get_object_or_404(
        Commission.objects.filter(
            attestation__in=selectors.attestation_visible_to(request.user)
        ).select_related("attestation"),
        pk=pk,
    )


def _commission_output(commission: Commission, code=status.HTTP_200_OK) -> Response:
    commission = (
        Commission.objects.prefetch_related(
            "members__user",
            "members__employer",
            "members__employer_authority",
            "assignments",
        )
        .select_related("attestation")
        .get(pk=commission.pk)
    )
    return Response(CommissionOutput(commission).data, status=code)


class CommissionsApi(ServiceApi):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationCommissionInput"

        purpose = serializers.ChoiceField(
            choices=Commission.Purpose.choices, default=Commission.Purpose.ATTESTATION
        )

    @extend_schema(responses={200: CommissionOutput(many=True)})
    def get(self, request, pk: int):
        """The attestation's commissions, to the authority's staff and the members (as on the
        case page)."""
        attestation = visible_attestation(request.user, pk)
        commissions = Commission.objects.filter(attestation=attestation).prefetch_related(
            "members__user", "members__employer", "members__employer_authority", "assignments"
        )
        if not is_staff_of(request.user, attestation):
            commissions = commissions.filter(members__user=request.user).distinct()
            if not commissions:
                raise PermissionDenied
        return Response(CommissionOutput(commissions, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: CommissionOutput})
    def post(self, request, pk: int):
        """А16: staff start composing the attestation (or follow-up, А36) commission."""
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = services.commission_form(
            attestation,
            actor=request.user,
            purpose=data.validated_data["purpose"],
        )
        return _commission_output(commission, status.HTTP_201_CREATED)


class CandidateOutput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationCommissionCandidate"

    user = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    role = serializers.ChoiceField(choices=CommissionMember.Role.choices)
    profile_on_record = serializers.BooleanField()
    levels = serializers.ListField(child=serializers.CharField())
    specialties = serializers.ListField(child=serializers.CharField())
    profile = serializers.CharField()
    employer = serializers.CharField(source="employer.name", default=None)
    employer_bin = serializers.CharField(source="employer.bin", default=None)
    employer_authority = serializers.CharField(source="employer_authority.name", default=None)


class CandidatesApi(ServiceApi):
    """А17, А18: the people the portal proposes, seat by seat: the authority's staff (the chair
    first), the supervising body's staff for a state organization, then commission members whose
    expert profile covers the organization's specialties or levels, and last those with no
    profile on record. Nobody from the organization itself. For the authority's staff."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "purpose",
                str,
                enum=Commission.Purpose.values,
                description="The commission to propose for (default: attestation).",
            )
        ],
        responses={200: CandidateOutput(many=True)},
    )
    def get(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        if not is_staff_of(request.user, attestation):
            raise PermissionDenied
        purpose = request.query_params.get("purpose", Commission.Purpose.ATTESTATION)
        if purpose not in Commission.Purpose.values:
            raise ValidationError({"purpose": [_("Not a purpose of a commission.")]})
        commission = Commission.objects.filter(attestation=attestation, purpose=purpose).first()
        found = composition.candidates(attestation, commission)
        return Response(CandidateOutput(found, many=True).data)


class MemberAddApi(ServiceApi):
    """А17, А18: seat a person (by user id or e-mail). Refused with the reason for anyone from
    the organization itself, a chair who is not the authority's staff, and the like."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationMemberInput"

        user = serializers.PrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True), required=False
        )
        email = serializers.EmailField(required=False)
        role = serializers.ChoiceField(choices=CommissionMember.Role.choices)
        employer_bin = serializers.SlugRelatedField(
            slug_field="bin",
            queryset=Organization.objects.all(),
            required=False,
            allow_null=True,
            help_text="BIN of the organization the person works at",
        )
        position = serializers.CharField(max_length=200, required=False, allow_blank=True)
        profile = serializers.CharField(max_length=300, required=False, allow_blank=True)

        def validate(self, attrs):
            if "user" in attrs and "email" in attrs:
                raise serializers.ValidationError(
                    _("Give the person's user id or e-mail, not both.")
                )
            if "email" in attrs:
                user = User.objects.filter(email__iexact=attrs.pop("email"), is_active=True).first()
                if user is None:
                    raise serializers.ValidationError(
                        {"email": _("Nobody with this e-mail has a portal account.")}
                    )
                attrs["user"] = user
            if "user" not in attrs:
                raise serializers.ValidationError(_("Give the person's user id or e-mail."))
            return attrs

    @extend_schema(request=InputSerializer, responses={201: MemberOutput})
    def post(self, request, pk: int):
        commission = _commission(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        member = services.commission_member_add(
            commission,
            actor=request.user,
            user=values["user"],
            role=values["role"],
            employer=values.get("employer_bin"),
            position=values.get("position", ""),
            profile=values.get("profile", ""),
        )
        return Response(MemberOutput(member).data, status=status.HTTP_201_CREATED)


class MemberApi(ServiceApi):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        """Take a person off a commission that is not approved yet."""
        member = get_object_or_404(
            CommissionMember.objects.filter(
                commission__attestation__in=selectors.attestation_visible_to(request.user)
            ).select_related("commission"),
            pk=pk,
        )
        services.commission_member_remove(member, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommissionApproveApi(ServiceApi):
    """А17: the head approves no later than ten days before the start; А18's composition is
    checked again (a chair, the supervising body of a state organization, nobody from it)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationCommissionApproveInput"

        order_number = serializers.CharField(max_length=50, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: CommissionOutput})
    def post(self, request, pk: int):
        commission = _commission(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = services.commission_approve(
            commission,
            actor=request.user,
            order_number=data.validated_data.get("order_number", ""),
        )
        return _commission_output(commission)


class AreaAssignApi(ServiceApi):
    """А20: the chair gives an area of study (А7's eleven) to a member."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationAreaInput"

        area = serializers.ChoiceField(choices=StudyArea.choices)
        member = serializers.PrimaryKeyRelatedField(queryset=CommissionMember.objects.all())

        def validate_member(self, member):
            if member.commission_id != self.context["commission"].pk:
                raise serializers.ValidationError(_("Not a member of this commission."))
            return member

    @extend_schema(request=InputSerializer, responses={201: AssignmentOutput})
    def post(self, request, pk: int):
        commission = _commission(request, pk)
        data = self.InputSerializer(data=request.data, context={"commission": commission})
        data.is_valid(raise_exception=True)
        assignment = services.study_area_assign(
            commission,
            data.validated_data["area"],
            data.validated_data["member"],
            actor=request.user,
        )
        return Response(AssignmentOutput(assignment).data, status=status.HTTP_201_CREATED)


class AreaReportApi(ServiceApi):
    """А23: the member reports findings, deficiencies and recommendations on their area."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationAreaReportInput"

        findings = serializers.CharField()
        deficiencies = serializers.CharField(required=False, allow_blank=True, default="")
        recommendations = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: AssignmentOutput})
    def post(self, request, pk: int):
        assignment = get_object_or_404(
            StudyAreaAssignment.objects.filter(
                commission__attestation__in=selectors.attestation_visible_to(request.user)
            ),
            pk=pk,
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.study_area_report(
            assignment, actor=request.user, **data.validated_data
        )
        return Response(AssignmentOutput(assignment).data)


class WrittenWorkPanelApi(ServiceApi):
    """А26: the chair approves the joint commission for written works: the chair, a member and
    one teacher of the organization."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationWrittenWorkPanelInput"

        member = serializers.PrimaryKeyRelatedField(queryset=CommissionMember.objects.all())
        teacher = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={200: CommissionOutput})
    def post(self, request, pk: int):
        commission = _commission(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = services.written_work_panel_set(
            commission,
            data.validated_data["member"],
            data.validated_data["teacher"],
            actor=request.user,
        )
        return _commission_output(commission)


class VisitStartApi(ServiceApi):
    """А17, А19: the visit starts with an approved commission, on or after the start date, and
    lasts at most seven working days."""

    @extend_schema(request=None, responses={200: AttestationOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        attestation = services.visit_start(attestation, actor=request.user)
        return Response(AttestationOutput(attestation).data)
