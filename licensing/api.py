"""Licensing's API under /api/v1/licensing/: the same selectors and services as the pages.

Input is parsed by small serializers (or, for case actions, by the same forms the case page uses,
so a rule about an action's input lives in one place). Errors answer in casework.api's one shape:
a refused action 409 with its code (licensing.refusals), a Django ValidationError a service
raises 400 with its messages per field — converted there, not here.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.models import EducationLevel, Organization, Qualification, Specialty

from . import actions, selectors, services
from .models import (
    BulkReissue,
    CommissionReplacement,
    CouncilReview,
    CouncilVote,
    Inspection,
    InspectionFinding,
    InspectionSignature,
    License,
    LicenseAppendix,
    LicenseApplication,
)
from .permissions import may_view_application


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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
    status_reason = serializers.CharField(
        source="status_reason_display",
        read_only=True,
        help_text="Why the license is in its status, in the language asked for.",
    )

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
    until = serializers.DateField(required=False, help_text="The end of a suspension.")


class LicenseStatusApi(APIView):
    """Suspend (with `until`), resume or revoke a license: heads of a covering authority."""

    permission_classes = [IsAuthenticated]
    CHANGES = ("suspend", "resume", "revoke")

    @extend_schema(request=LicenseStatusIn, responses=LicenseOut)
    def post(self, request, number: str, change: str):
        if change not in self.CHANGES:
            raise Http404
        license_ = get_object_or_404(License, number=number)
        data = LicenseStatusIn(data=request.data)
        data.is_valid(raise_exception=True)
        if change == "suspend" and "until" not in data.validated_data:
            raise DjangoValidationError(
                {"until": [DjangoValidationError(_("Required for a suspension."), "required")]}
            )
        result = services.license_status_change(
            license_,
            change,
            actor=request.user,
            reason=data.validated_data["reason"],
            until=data.validated_data.get("until"),
        )
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


class ApplicationListApi(ListAPIView):
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
        application = services.license_application_create(
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


class PaperApplicationApi(APIView):
    """Staff enter an application received in person or through the State Corporation (a
    draft); they upload its documents and POST `register` to it, as the applicant would
    `submit`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=PaperApplicationIn, responses=ApplicationDetailOut)
    def post(self, request):
        data = PaperApplicationIn(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        application = services.license_application_create_on_paper(
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


class ApplicationDetailApi(APIView):
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
        updated = services.license_application_update(
            application, actor=request.user, **data.validated_data
        )
        return Response(ApplicationDetailOut(updated, context={"request": request}).data)


class ActionIn(serializers.Serializer):
    """The fields of the case actions, each used by the actions named (the case page's forms
    check them)."""

    comment = serializers.CharField(
        required=False,
        help_text="accept, submit_corrections, send_to_council, grant, appeal_decide, withdraw",
    )
    request = serializers.CharField(required=False, help_text="return_for_corrections")
    text = serializers.CharField(required=False, help_text="refuse_to_accept, refuse, appeal")
    reasons = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="refuse_to_accept, refuse: ids of refusal reasons of the stage",
    )
    visit_date = serializers.DateField(required=False, help_text="send_to_inspection")
    upheld = serializers.ChoiceField(
        choices=["1", "0"], required=False, help_text="appeal_decide: 1 upholds, 0 dismisses"
    )


class ApplicationActionApi(APIView):
    """POST /applications/<id>/<action>/: `submit`, `register` (a paper application, by
    staff), `resubmit`, or one of the names the
    detail's `actions` lists (`accept`, `return_for_corrections`, `grant`…), with the action's
    fields in the body."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ActionIn,
        responses=ApplicationDetailOut,
        operation_id="licensing_applications_action",
    )
    def post(self, request, pk: int, action: str):
        try:
            application = selectors.application_get_visible(request.user, pk)
        except LicenseApplication.DoesNotExist:
            raise Http404 from None
        if action == "submit":
            result = services.license_application_submit(application, actor=request.user)
        elif action == "register":
            result = services.license_application_register(application, actor=request.user)
        elif action == "resubmit":
            result = services.license_application_resubmit(application, actor=request.user)
        else:
            chosen = actions.ACTIONS.get(action)
            if chosen is None:
                raise Http404
            cleaned = {}
            if chosen.form is not None:
                form = chosen.form(request.data)
                if not form.is_valid():
                    raise DjangoValidationError(form.errors.as_data())
                cleaned = form.cleaned_data
            result = chosen.call(application, request.user, cleaned)
        return Response(ApplicationDetailOut(result, context={"request": request}).data)


class AssignIn(serializers.Serializer):
    applications = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    assignee = serializers.IntegerField()


class AssignOut(serializers.Serializer):
    assigned = serializers.IntegerField(help_text="How many open applications changed hands.")


class ApplicationAssignApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AssignIn, responses=AssignOut)
    def post(self, request):
        from registry.models import User

        data = AssignIn(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = get_object_or_404(User, pk=data.validated_data["assignee"])
        applications = LicenseApplication.objects.filter(pk__in=data.validated_data["applications"])
        count = services.license_application_assign(
            applications, actor=request.user, assignee=assignee
        )
        return Response(AssignOut({"assigned": count}).data)


# ---------------------------------------------------------------------------------------------
# Inspection sheet and council


class FindingOut(serializers.ModelSerializer):
    criterion_name = serializers.CharField(
        read_only=True,
        help_text="The requirement in the reader's language (Accept-Language); criterion_text "
        "is the wording the members' signatures cover.",
    )

    class Meta:
        model = InspectionFinding
        fields = [
            "id",
            "criterion_code",
            "criterion_name",
            "criterion_text",
            "met",
            "comment",
            "updated_at",
        ]


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
    inspection = get_object_or_404(Inspection.objects.select_related("application"), pk=pk)
    if not may_view_application(request.user, inspection.application):
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
    void_signatures = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirms a change to a sheet members have already signed: the change voids "
        "their signatures and they must sign again. Without it such a change is refused with "
        "licensing.sheet.voids_signatures and nothing is saved.",
    )


class FindingApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=FindingIn, responses=FindingOut)
    def post(self, request, pk: int, finding_id: int):
        inspection = _visible_inspection(request, pk)
        finding = get_object_or_404(InspectionFinding, pk=finding_id, inspection=inspection)
        data = FindingIn(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.inspection_finding_record(
            finding, actor=request.user, **data.validated_data
        )
        return Response(FindingOut(saved).data)


class SignIn(serializers.Serializer):
    content_sha256 = serializers.CharField(min_length=64, max_length=64)


class SignatureOut(serializers.ModelSerializer):
    class Meta:
        model = InspectionSignature
        fields = ["signed_at", "content_sha256"]


class SignApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SignIn, responses={201: SignatureOut})
    def post(self, request, pk: int):
        inspection = _visible_inspection(request, pk)
        data = SignIn(data=request.data)
        data.is_valid(raise_exception=True)
        signature = services.inspection_sheet_sign(
            inspection, actor=request.user, **data.validated_data
        )
        return Response(SignatureOut(signature).data, status=status.HTTP_201_CREATED)


class ReplacementIn(serializers.Serializer):
    expert = serializers.IntegerField(help_text="The expert who drops out (registry id).")
    ground = serializers.ChoiceField(choices=CommissionReplacement.Ground.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReplacementOut(serializers.ModelSerializer):
    dropped = serializers.IntegerField(source="dropped_id", help_text="The expert who left.")
    replacement = serializers.IntegerField(
        source="replacement_id", help_text="The expert who takes the seat."
    )
    passed_over = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Candidates of the draw passed over as no longer eligible.",
    )

    class Meta:
        model = CommissionReplacement
        fields = ["dropped", "replacement", "passed_over"]


class ReplacementApi(APIView):
    """Staff: an expert drops out; the next eligible candidate of the stored draw takes the
    seat. `draw_matches` in the inspection re-verifies the commission afterwards."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReplacementIn, responses={201: ReplacementOut})
    def post(self, request, pk: int):
        inspection = _visible_inspection(request, pk)
        data = ReplacementIn(data=request.data)
        data.is_valid(raise_exception=True)
        replacement = services.inspection_member_replace(
            inspection,
            actor=request.user,
            expert=data.validated_data["expert"],
            ground=data.validated_data["ground"],
            comment=data.validated_data["comment"],
        )
        return Response(ReplacementOut(replacement).data, status=status.HTTP_201_CREATED)


class VoteIn(serializers.Serializer):
    choice = serializers.ChoiceField(choices=CouncilVote.Choice.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class VoteOut(serializers.ModelSerializer):
    class Meta:
        model = CouncilVote
        fields = ["choice", "cast_at"]


class CouncilVoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=VoteIn, responses={201: VoteOut})
    def post(self, request, pk: int):
        review = get_object_or_404(CouncilReview, pk=pk)
        data = VoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.council_vote_cast(review, actor=request.user, **data.validated_data)
        return Response(VoteOut(vote).data, status=status.HTTP_201_CREATED)


class CastVoteOut(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id")

    class Meta:
        model = CouncilVote
        fields = ["member", "choice", "comment"]


class CouncilDecisionOut(serializers.ModelSerializer):
    members_entitled = serializers.IntegerField(source="members_count")
    recused = serializers.ListField(
        child=serializers.IntegerField(), help_text="Members with a conflict of interest."
    )
    abstained = serializers.IntegerField(source="abstentions")
    votes = CastVoteOut(many=True, read_only=True)

    class Meta:
        model = CouncilReview
        fields = ["outcome", "members_entitled", "recused", "abstained", "votes"]

    def get_fields(self):
        # "for" and "against" are the keys clients read; "for" cannot be an attribute name.
        fields = super().get_fields()
        fields["for"] = serializers.IntegerField(source="votes_for")
        fields["against"] = serializers.IntegerField(source="votes_against")
        order = ["outcome", "members_entitled", "recused", "for", "against", "abstained", "votes"]
        return {name: fields[name] for name in order}


class CouncilCloseApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=CouncilDecisionOut)
    def post(self, request, pk: int):
        review = get_object_or_404(CouncilReview, pk=pk)
        closed = services.council_review_close(review, actor=request.user)
        return Response(CouncilDecisionOut(closed).data)


# ---------------------------------------------------------------------------------------------
# Bulk reissue


class BulkReissueIn(serializers.Serializer):
    effective_date = serializers.DateField()
    csv_file = serializers.FileField(required=False)


class BulkReissueOut(serializers.ModelSerializer):
    class Meta:
        model = BulkReissue
        fields = ["id", "key"]


class BulkReissueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=BulkReissueIn, responses={201: BulkReissueOut})
    def post(self, request):
        data = BulkReissueIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("csv_file")
        run = services.bulk_reissue_start(
            actor=request.user,
            effective_date=data.validated_data["effective_date"],
            csv_file=upload.read() if upload else None,
            renamed_on=upload is None,
        )
        return Response(BulkReissueOut(run).data, status=status.HTTP_201_CREATED)


class BulkFailureOut(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text="The line of the file, if any.")
    bin = serializers.CharField()
    error = serializers.CharField()


class BulkProgressOut(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()
    documents_issued = serializers.IntegerField()
    documents_rendered = serializers.IntegerField()
    percent = serializers.IntegerField()
    finished = serializers.BooleanField()
    failures = BulkFailureOut(many=True)


class BulkReissueProgressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BulkProgressOut)
    def get(self, request, pk: int):
        authority = request.user.authority
        if authority is None:
            raise PermissionDenied
        run = get_object_or_404(BulkReissue, pk=pk, authority=authority)
        failed = run.items.filter(status="failed").values("line", "bin", "error")
        progress = {**selectors.bulk_reissue_progress(run), "failures": list(failed)}
        return Response(BulkProgressOut(progress).data)
