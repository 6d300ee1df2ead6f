"""Licensing's API under /api/v1/licensing/: the same selectors and services as the pages.

Input is parsed by small serializers (or, for case actions, by the same forms the case page uses,
so a rule about an action's input lives in one place); a refused action answers 409 through
casework.api.exception_handler, a Django ValidationError 400 with its messages per field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.models import EducationLevel, Organization, Qualification, Specialty

from . import actions, selectors, services
from .models import (
    BulkReissue,
    CouncilReview,
    Inspection,
    InspectionFinding,
    License,
    LicenseAppendix,
    LicenseApplication,
)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _django_errors(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({k: [str(m) for m in v] for k, v in error.message_dict.items()})
    return ValidationError({"detail": [str(m) for m in error.messages]})


class ServiceCallMixin:
    def call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as error:
            raise _django_errors(error) from None


# ---------------------------------------------------------------------------------------------
# The public register


class AppendixOut(serializers.ModelSerializer):
    level = serializers.CharField(source="level.name")
    status = serializers.CharField(read_only=True, help_text="active or returned")
    specialties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    qualifications = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = LicenseAppendix
        fields = [
            "number",
            "level",
            "specialties",
            "qualifications",
            "address",
            "issued_on",
            "reissued_on",
            "status",
        ]


class LicenseOut(serializers.ModelSerializer):
    bin = serializers.CharField(source="organization.bin")
    status = serializers.CharField(
        read_only=True, help_text="active, suspended, revoked or terminated"
    )
    authority = serializers.CharField(source="authority.name")

    class Meta:
        model = License
        fields = [
            "number",
            "holder_name",
            "bin",
            "authority",
            "issued_on",
            "reissued_on",
            "status",
            "suspended_until",
        ]


class LicenseDetailOut(LicenseOut):
    appendices = AppendixOut(many=True, read_only=True)

    class Meta(LicenseOut.Meta):
        fields = [*LicenseOut.Meta.fields, "status_reason", "appendices"]


class LicenseRegisterApi(ListAPIView):
    """The state register of licenses (public): `q` number, name or BIN; `status`."""

    permission_classes = [AllowAny]
    serializer_class = LicenseOut
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        return selectors.license_register(
            query=self.request.query_params.get("q", ""),
            status=self.request.query_params.get("status", ""),
        )


class LicenseDetailApi(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = LicenseDetailOut

    def get_object(self):
        try:
            return selectors.license_get_public(self.kwargs["number"])
        except License.DoesNotExist:
            raise Http404 from None


class LicenseStatusIn(serializers.Serializer):
    reason = serializers.CharField()
    until = serializers.DateField(required=False)


class LicenseStatusApi(ServiceCallMixin, APIView):
    """Suspend (with `until`), resume or revoke a license: heads of a covering authority."""

    permission_classes = [IsAuthenticated]
    SERVICES = {
        "suspend": services.license_suspend,
        "resume": services.license_resume,
        "revoke": services.license_revoke,
    }

    @extend_schema(request=LicenseStatusIn, responses=LicenseOut)
    def post(self, request, number: str, change: str):
        if change not in self.SERVICES:
            raise Http404
        license_ = get_object_or_404(License, number=number)
        data = LicenseStatusIn(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        if change == "suspend":
            if "until" not in data.validated_data:
                raise ValidationError({"until": ["Required for a suspension."]})
            result = self.call(
                services.license_suspend,
                license_,
                data.validated_data["until"],
                reason,
                request.user,
            )
        else:
            result = self.call(self.SERVICES[change], license_, reason, request.user)
        return Response(LicenseOut(result).data)


# ---------------------------------------------------------------------------------------------
# Applications


class ApplicationOut(serializers.ModelSerializer):
    organization_bin = serializers.CharField(source="organization.bin")
    organization = serializers.CharField(source="organization.name")
    license = serializers.SlugRelatedField(slug_field="number", read_only=True)
    assignee = serializers.CharField(source="assignee.full_name", default=None)
    is_overdue = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = LicenseApplication
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "organization",
            "organization_bin",
            "license",
            "submitted_at",
            "due_date",
            "is_overdue",
            "assignee",
            "url",
        ]


class ApplicationDetailOut(ApplicationOut):
    level = serializers.PrimaryKeyRelatedField(read_only=True)
    specialties = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    qualifications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    appendices = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(ApplicationOut.Meta):
        fields = [
            *ApplicationOut.Meta.fields,
            "level",
            "specialties",
            "qualifications",
            "activity_address",
            "reissue_ground",
            "appendices",
            "grounds_details",
            "correction_request",
            "refusal_text",
            "decided_at",
            "resubmission_of",
            "actions",
        ]

    def get_actions(self, application) -> list[str]:
        user = self.context["request"].user
        return [a.name for a in actions.available_actions(application, user)]


class ApplicationIn(serializers.Serializer):
    """A draft's details; every field optional so the wizard can save step by step."""

    license = serializers.SlugRelatedField(
        slug_field="number", queryset=License.objects.all(), required=False, allow_null=True
    )
    level = serializers.PrimaryKeyRelatedField(
        queryset=EducationLevel.objects.all(), required=False, allow_null=True
    )
    specialties = serializers.PrimaryKeyRelatedField(
        queryset=Specialty.objects.all(), many=True, required=False
    )
    qualifications = serializers.PrimaryKeyRelatedField(
        queryset=Qualification.objects.all(), many=True, required=False
    )
    appendices = serializers.SlugRelatedField(
        slug_field="number", queryset=LicenseAppendix.objects.all(), many=True, required=False
    )
    activity_address = serializers.CharField(required=False, allow_blank=True)
    reissue_ground = serializers.ChoiceField(
        choices=LicenseApplication.ReissueGround.choices, required=False, allow_blank=True
    )
    grounds_details = serializers.CharField(required=False, allow_blank=True)


class ApplicationCreateIn(ApplicationIn):
    kind = serializers.ChoiceField(choices=LicenseApplication.Kind.choices)
    organization = serializers.SlugRelatedField(
        slug_field="bin", queryset=Organization.objects.all()
    )


class ApplicationListApi(ServiceCallMixin, ListAPIView):
    """Staff: their authority's queue (filters `kind`, `state`, `assignee=me|none`, `overdue`,
    `due_before`, `q`), earliest due first. Applicants: their organizations' applications.
    POST creates a draft."""

    permission_classes = [IsAuthenticated]
    serializer_class = ApplicationOut
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        authority = user.authority
        if authority is None:
            return selectors.application_list_for_applicant(user)
        params = self.request.query_params
        assignee = params.get("assignee", "")
        due_before = params.get("due_before")
        return selectors.application_queue(
            authority,
            kind=params.get("kind", ""),
            state=params.get("state", ""),
            assignee=user if assignee == "me" else None,
            unassigned=assignee == "none",
            due_before=serializers.DateField().to_internal_value(due_before)
            if due_before
            else None,
            overdue_on=timezone.localdate() if params.get("overdue") in ("1", "true") else None,
            query=params.get("q", ""),
        )

    @extend_schema(request=ApplicationCreateIn, responses=ApplicationDetailOut)
    def post(self, request):
        data = ApplicationCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        application = self.call(
            services.license_application_create,
            actor=request.user,
            organization=details.pop("organization"),
            kind=details.pop("kind"),
            **details,
        )
        return Response(
            ApplicationDetailOut(application, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PaperApplicationIn(ApplicationIn):
    kind = serializers.ChoiceField(choices=LicenseApplication.Kind.choices)
    organization = serializers.SlugRelatedField(
        slug_field="bin", queryset=Organization.objects.all()
    )
    channel = serializers.ChoiceField(choices=["in_person", "state_corporation"])
    received_at = serializers.DateTimeField(required=False)


class PaperApplicationApi(ServiceCallMixin, APIView):
    """Staff enter an application received in person or through the State Corporation (a
    draft); they upload its documents and POST `register` to it, as the applicant would
    `submit`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=PaperApplicationIn, responses=ApplicationDetailOut)
    def post(self, request):
        data = PaperApplicationIn(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        application = self.call(
            services.license_application_create_on_paper,
            actor=request.user,
            organization=details.pop("organization"),
            kind=details.pop("kind"),
            channel=details.pop("channel"),
            received_at=details.pop("received_at", None),
            **details,
        )
        return Response(
            ApplicationDetailOut(application, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ApplicationDetailApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    def _get(self, request, pk):
        try:
            return selectors.application_get_visible(request.user, pk)
        except LicenseApplication.DoesNotExist:
            raise Http404 from None

    @extend_schema(responses=ApplicationDetailOut)
    def get(self, request, pk: int):
        application = self._get(request, pk)
        return Response(ApplicationDetailOut(application, context={"request": request}).data)

    @extend_schema(request=ApplicationIn, responses=ApplicationDetailOut)
    def patch(self, request, pk: int):
        application = self._get(request, pk)
        data = ApplicationIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = self.call(
            services.license_application_update,
            application,
            actor=request.user,
            **data.validated_data,
        )
        return Response(ApplicationDetailOut(updated, context={"request": request}).data)


class ApplicationActionApi(ServiceCallMixin, APIView):
    """POST /applications/<id>/<action>/: `submit`, `register` (a paper application, by
    staff), `resubmit`, or one of the names the
    detail's `actions` lists (`accept`, `return_for_corrections`, `grant`…), with the action's
    fields in the body."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=ApplicationDetailOut,
        operation_id="licensing_applications_action",
    )
    def post(self, request, pk: int, action: str):
        try:
            application = selectors.application_get_visible(request.user, pk)
        except LicenseApplication.DoesNotExist:
            raise Http404 from None
        if action == "submit":
            result = self.call(services.license_application_submit, application, actor=request.user)
        elif action == "register":
            result = self.call(
                services.license_application_register, application, actor=request.user
            )
        elif action == "resubmit":
            result = self.call(
                services.license_application_resubmit, application, actor=request.user
            )
        else:
            chosen = actions.ACTIONS.get(action)
            if chosen is None:
                raise Http404
            cleaned = {}
            if chosen.form is not None:
                form = chosen.form(request.data)
                if not form.is_valid():
                    raise ValidationError(form.errors)
                cleaned = form.cleaned_data
            result = self.call(chosen.call, application, request.user, cleaned)
        return Response(ApplicationDetailOut(result, context={"request": request}).data)


class AssignIn(serializers.Serializer):
    applications = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    assignee = serializers.IntegerField()


class ApplicationAssignApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AssignIn, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        from registry.models import User

        data = AssignIn(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = get_object_or_404(User, pk=data.validated_data["assignee"])
        applications = LicenseApplication.objects.filter(pk__in=data.validated_data["applications"])
        count = services.license_application_assign(
            applications, actor=request.user, assignee=assignee
        )
        return Response({"assigned": count})


# ---------------------------------------------------------------------------------------------
# Inspection sheet and council


class FindingOut(serializers.ModelSerializer):
    class Meta:
        model = InspectionFinding
        fields = ["id", "criterion_code", "criterion_text", "met", "comment", "updated_at"]


class InspectionOut(serializers.ModelSerializer):
    findings = FindingOut(many=True, read_only=True)
    commission = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()
    draw_matches = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "visit_date",
            "seed",
            "candidates",
            "commission",
            "findings",
            "sha256",
            "draw_matches",
            "completed_at",
        ]

    def get_commission(self, inspection) -> list[dict]:
        return [
            {"expert": m.expert_id, "name": m.expert.full_name, "position": m.position}
            for m in inspection.members.select_related("expert")
        ]

    def get_sha256(self, inspection) -> str:
        return services.sheet_sha256(inspection)

    def get_draw_matches(self, inspection) -> bool:
        return services.inspection_draw_verify(inspection).matches


def _visible_inspection(request, pk) -> Inspection:
    inspection = get_object_or_404(Inspection, pk=pk)
    if (
        not selectors.application_visible_to(request.user)
        .filter(pk=inspection.application_id)
        .exists()
    ):
        raise Http404
    return inspection


class InspectionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=InspectionOut)
    def get(self, request, pk: int):
        return Response(InspectionOut(_visible_inspection(request, pk)).data)


class FindingIn(serializers.Serializer):
    met = serializers.BooleanField(allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FindingApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=FindingIn, responses=FindingOut)
    def post(self, request, pk: int, finding_id: int):
        inspection = _visible_inspection(request, pk)
        finding = get_object_or_404(InspectionFinding, pk=finding_id, inspection=inspection)
        data = FindingIn(data=request.data)
        data.is_valid(raise_exception=True)
        saved = self.call(
            services.inspection_finding_record, finding, actor=request.user, **data.validated_data
        )
        return Response(FindingOut(saved).data)


class SignIn(serializers.Serializer):
    content_sha256 = serializers.CharField(min_length=64, max_length=64)


class SignApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SignIn, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int):
        inspection = _visible_inspection(request, pk)
        data = SignIn(data=request.data)
        data.is_valid(raise_exception=True)
        signature = self.call(
            services.inspection_sheet_sign, inspection, actor=request.user, **data.validated_data
        )
        return Response(
            {"signed_at": signature.signed_at, "content_sha256": signature.content_sha256},
            status=status.HTTP_201_CREATED,
        )


class ReplacementIn(serializers.Serializer):
    expert = serializers.IntegerField(help_text="The expert who drops out (registry id).")
    ground = serializers.ChoiceField(choices=["recusal", "illness", "other"])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReplacementApi(ServiceCallMixin, APIView):
    """Staff: an expert drops out; the next eligible candidate of the stored draw takes the
    seat. `draw_matches` in the inspection re-verifies the commission afterwards."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReplacementIn, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int):
        inspection = _visible_inspection(request, pk)
        data = ReplacementIn(data=request.data)
        data.is_valid(raise_exception=True)
        replacement = self.call(
            services.inspection_member_replace,
            inspection,
            actor=request.user,
            expert=data.validated_data["expert"],
            ground=data.validated_data["ground"],
            comment=data.validated_data["comment"],
        )
        return Response(
            {
                "dropped": replacement.dropped_id,
                "replacement": replacement.replacement_id,
                "passed_over": replacement.passed_over,
            },
            status=status.HTTP_201_CREATED,
        )


class VoteIn(serializers.Serializer):
    choice = serializers.ChoiceField(choices=["for", "against", "abstain"])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CouncilVoteApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=VoteIn, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int):
        review = get_object_or_404(CouncilReview, pk=pk)
        data = VoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        vote = self.call(
            services.council_vote_cast, review, actor=request.user, **data.validated_data
        )
        return Response({"choice": vote.choice, "cast_at": vote.cast_at}, status=201)


class CouncilCloseApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int):
        review = get_object_or_404(CouncilReview, pk=pk)
        closed = self.call(services.council_review_close, review, actor=request.user)
        return Response(
            {
                "outcome": closed.outcome,
                "members_entitled": closed.members_count,
                "recused": closed.recused,
                "for": closed.votes_for,
                "against": closed.votes_against,
                "abstained": closed.abstentions,
                "votes": [
                    {"member": v.member_id, "choice": v.choice, "comment": v.comment}
                    for v in closed.votes.all()
                ],
            }
        )


# ---------------------------------------------------------------------------------------------
# Bulk reissue


class BulkReissueIn(serializers.Serializer):
    effective_date = serializers.DateField()
    csv_file = serializers.FileField(required=False)


class BulkReissueApi(ServiceCallMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=BulkReissueIn, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        data = BulkReissueIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("csv_file")
        run = self.call(
            services.bulk_reissue_start,
            actor=request.user,
            effective_date=data.validated_data["effective_date"],
            csv_file=upload.read() if upload else None,
            renamed_on=upload is None,
        )
        return Response({"id": run.pk, "key": run.key}, status=status.HTTP_201_CREATED)


class BulkReissueProgressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk: int):
        authority = request.user.authority
        if authority is None:
            raise PermissionDenied
        run = get_object_or_404(BulkReissue, pk=pk, authority=authority)
        failed = run.items.filter(status="failed").values("line", "bin", "error")
        return Response({**selectors.bulk_reissue_progress(run), "failures": list(failed)})
