"""The apostille's API under /api/v1/apostille/: the same selectors and services as the pages.

Input is parsed by small serializers (case actions by the same forms the case page uses, so a
rule about an action's input lives in one place). Errors answer in casework.api's one shape: a
refused action 409 with its code (apostille.refusals), a Django ValidationError 400 with its
messages per field, an e-Register look-up during a lock-out 429 with its code.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import error_body
from casework.attachments import attachment_upload
from casework.documents import document_list_for_case
from casework.exceptions import TransitionRefused
from registry.models import EducationLevel, Organization, Procedure

from . import actions, selectors, services
from .models import Apostille, ApostilleRequest, DocumentType, RequestCheck, Specimen
from .permissions import handles, is_paper_request, may_keep_specimens


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - an address, not a bind


def _apostille_authority(user):
    authority = user.authority
    if authority is None or not authority.handles(Procedure.APOSTILLE):
        return None
    return authority


# ---------------------------------------------------------------------------------------------
# Requests


class ApostilleCheckOut(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="license, signer or duplicate")
    outcome = serializers.CharField(
        read_only=True, help_text="passed, failed, flagged, unknown or confirmed"
    )
    reason = serializers.CharField(read_only=True, help_text="Why, in the language asked for.")
    confirmed_by = serializers.CharField(source="confirmed_by.full_name", default=None)

    class Meta:
        model = RequestCheck
        fields = [
            "kind",
            "outcome",
            "reason_code",
            "reason",
            "checked_at",
            "confirmed_by",
            "confirmation_reason",
        ]


class ApostilleOut(serializers.ModelSerializer):
    duplicate_of = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Apostille
        fields = [
            "id",
            "number",
            "issued_on",
            "form",
            "language",
            "status",
            "revoked_on",
            "revocation_reason",
            "duplicate_of",
        ]


class ApostilleDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    download = serializers.CharField(help_text="Download of the first language; replace it.")


class ApostilleRequestOut(serializers.ModelSerializer):
    state = serializers.CharField(
        read_only=True,
        help_text="draft, submitted, completeness_check, returned, review, affixed, refused, "
        "delivered or withdrawn",
    )
    channel = serializers.CharField(
        read_only=True, help_text="portal, in_person or state_corporation"
    )
    document_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issuer = serializers.CharField(source="issuer.bin")
    is_overdue = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = ApostilleRequest
        fields = [
            "id",
            "number",
            "state",
            "channel",
            "document_type",
            "series",
            "document_number",
            "issued_on",
            "holder_name",
            "issuer",
            "submitted_at",
            "due_date",
            "is_overdue",
            "url",
        ]


class ApostilleRequestDetailOut(ApostilleRequestOut):
    level = serializers.PrimaryKeyRelatedField(read_only=True)
    organization = serializers.CharField(source="organization.bin", default=None)
    issuer_name_on_issue_date = serializers.SerializerMethodField()
    checks = ApostilleCheckOut(many=True, read_only=True)
    apostilles = ApostilleOut(many=True, read_only=True)
    previous_apostille = serializers.SlugRelatedField(slug_field="number", read_only=True)
    refusal_reasons = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    fee_confirmed = serializers.BooleanField(read_only=True)
    decision = serializers.CharField(read_only=True, help_text="affixed, refused or empty")
    missing = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(ApostilleRequestOut.Meta):
        fields = [
            *ApostilleRequestOut.Meta.fields,
            "organization",
            "level",
            "issuer_name_on_issue_date",
            "signer_name",
            "country_of_use",
            "language",
            "form",
            "fee_amount",
            "fee_receipt_number",
            "fee_confirmed",
            "correction_request",
            "previous_apostille",
            "decision",
            "decided_at",
            "refusal_reasons",
            "refusal_text",
            "checks",
            "apostilles",
            "missing",
            "documents",
            "actions",
        ]

    def get_issuer_name_on_issue_date(self, request) -> str:
        return selectors.name_in(selectors.organization_names_on(request.issuer, request.issued_on))

    def get_missing(self, request) -> list[str]:
        return services.missing_details(request)

    def get_documents(self, request) -> list[dict]:
        from django.urls import reverse

        out = []
        for document in document_list_for_case(request):
            languages = [r.language for r in document.renditions_offered()]
            out.append(
                {
                    "id": document.pk,
                    "kind": document.kind,
                    "number": document.number,
                    "languages": languages,
                    "download": reverse(
                        "apostille:request_download",
                        args=[request.pk, document.pk, languages[0] if languages else "ru"],
                    ),
                }
            )
        return ApostilleDocumentOut(out, many=True).data

    def get_actions(self, request) -> list[str]:
        user = self.context["request"].user
        return [a.name for a in actions.available_actions(request, user)]


class ApostilleRequestIn(serializers.Serializer):
    """A request's details; every field optional on a change."""

    document_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DocumentType.objects.filter(is_active=True), required=False
    )
    level = serializers.PrimaryKeyRelatedField(
        queryset=EducationLevel.objects.all(), required=False, allow_null=True
    )
    series = serializers.CharField(required=False, allow_blank=True, max_length=20)
    document_number = serializers.CharField(required=False, max_length=50)
    issued_on = serializers.DateField(required=False)
    holder_name = serializers.CharField(required=False, max_length=200)
    holder_iin = serializers.CharField(required=False, max_length=12)
    issuer = serializers.SlugRelatedField(
        slug_field="bin",
        queryset=Organization.objects.all(),
        required=False,
        help_text="The issuing organization's BIN (closed and renamed ones included).",
    )
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    country_of_use = serializers.CharField(required=False, max_length=100)
    language = serializers.ChoiceField(
        choices=ApostilleRequest._meta.get_field("language").choices, required=False
    )
    form = serializers.ChoiceField(
        choices=ApostilleRequest._meta.get_field("form").choices, required=False
    )
    fee_receipt_number = serializers.CharField(required=False, allow_blank=True, max_length=50)


class ApostilleRequestCreateIn(ApostilleRequestIn):
    document_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DocumentType.objects.filter(is_active=True)
    )
    document_number = serializers.CharField(max_length=50)
    issued_on = serializers.DateField()
    issuer = serializers.SlugRelatedField(slug_field="bin", queryset=Organization.objects.all())
    country_of_use = serializers.CharField(max_length=100)
    organization = serializers.SlugRelatedField(
        slug_field="bin",
        queryset=Organization.objects.all(),
        required=False,
        help_text="A representative's organization, filing for a graduate; a citizen omits it.",
    )


class ApostillePaperRequestIn(ApostilleRequestCreateIn):
    channel = serializers.ChoiceField(choices=["in_person", "state_corporation"])
    holder_name = serializers.CharField(max_length=200)
    holder_iin = serializers.CharField(max_length=12)


class RequestListApi(ListAPIView):
    """Staff of an authority handling apostilles: its queue, the nearest term first (filters
    `state`, `channel`, `q`, `overdue`). Citizens and representatives: their own requests and
    those of the organizations they represent. POST creates a draft."""

    permission_classes = [IsAuthenticated]
    serializer_class = ApostilleRequestOut
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        authority = _apostille_authority(user)
        if authority is None:
            return (
                selectors.request_visible_to(user)
                .filter(
                    Q(applicant=user) | Q(organization_id__in=user.represented_organization_ids)
                )
                .order_by("-created_at", "-id")
            )
        params = self.request.query_params
        rows = selectors.request_queue(authority)
        if params.get("state"):
            rows = rows.filter(state=params["state"])
        if params.get("channel"):
            rows = rows.filter(channel=params["channel"])
        if params.get("q"):
            query = params["q"].strip()
            rows = rows.filter(
                Q(number__icontains=query)
                | Q(holder_name__icontains=query)
                | Q(document_number__icontains=query)
            )
        if params.get("overdue") in ("1", "true"):
            rows = rows.filter(due_date__lt=timezone.localdate())
        return rows

    @extend_schema(request=ApostilleRequestCreateIn, responses={201: ApostilleRequestDetailOut})
    def post(self, request):
        data = ApostilleRequestCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        created = services.apostille_request_create(
            actor=request.user, organization=details.pop("organization", None), **details
        )
        return Response(
            ApostilleRequestDetailOut(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PaperRequestApi(APIView):
    """Staff enter a request received in person or through the State Corporation (a draft);
    they upload its scan and POST `submit` with `received_at`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ApostillePaperRequestIn, responses={201: ApostilleRequestDetailOut})
    def post(self, request):
        data = ApostillePaperRequestIn(data=request.data)
        data.is_valid(raise_exception=True)
        details = dict(data.validated_data)
        details.pop("organization", None)
        created = services.apostille_request_create(
            actor=request.user, channel=details.pop("channel"), **details
        )
        return Response(
            ApostilleRequestDetailOut(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


def _visible(request, pk) -> ApostilleRequest:
    try:
        return selectors.request_visible_to(request.user).get(pk=pk)
    except ApostilleRequest.DoesNotExist:
        raise Http404 from None


class RequestDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ApostilleRequestDetailOut)
    def get(self, request, pk: int):
        return Response(
            ApostilleRequestDetailOut(_visible(request, pk), context={"request": request}).data
        )

    @extend_schema(request=ApostilleRequestIn, responses=ApostilleRequestDetailOut)
    def patch(self, request, pk: int):
        case = _visible(request, pk)
        data = ApostilleRequestIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = services.apostille_request_update(case, actor=request.user, **data.validated_data)
        return Response(ApostilleRequestDetailOut(updated, context={"request": request}).data)


class ApostilleActionIn(serializers.Serializer):
    """The fields of the actions, each used by the actions named (the case page's forms check
    them)."""

    comment = serializers.CharField(
        required=False, help_text="accept, affix, deliver, withdraw, submit_corrections"
    )
    corrections = serializers.CharField(required=False, help_text="return_for_corrections")
    kind = serializers.CharField(required=False, help_text="confirm_check: license or signer")
    reason = serializers.CharField(required=False, help_text="confirm_check")
    duplicate = serializers.BooleanField(required=False, help_text="affix")
    reasons = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="refuse: refusal reason ids"
    )
    text = serializers.CharField(required=False, help_text="refuse")
    received_at = serializers.DateTimeField(
        required=False, help_text="submit of a paper request, by staff"
    )


class RequestActionApi(APIView):
    """POST /requests/<id>/<action>/: `submit`, `submit_corrections`, or one of the names the
    detail's `actions` lists (`take_for_check`, `confirm_fee`, `accept`,
    `return_for_corrections`, `run_checks`, `confirm_check`, `affix`, `refuse`, `deliver`,
    `withdraw`), with the action's fields in the body."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ApostilleActionIn,
        responses=ApostilleRequestDetailOut,
        operation_id="apostille_requests_action",
    )
    def post(self, request, pk: int, action: str):
        case = _visible(request, pk)
        if action == "submit":
            data = ApostilleActionIn(data=request.data)
            data.is_valid(raise_exception=True)
            received_at = data.validated_data.get("received_at")
            if received_at is not None and not is_paper_request(request.user, case):
                received_at = None
            services.apostille_request_submit(case, actor=request.user, received_at=received_at)
        elif action == "submit_corrections":
            services.apostille_request_submit_corrections(
                case, actor=request.user, comment=str(request.data.get("comment", ""))
            )
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
            chosen.call(case, request.user, cleaned)
        case = _visible(request, pk)
        return Response(ApostilleRequestDetailOut(case, context={"request": request}).data)


class ApostilleAttachmentIn(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG, checked by its content.")


class ApostilleAttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    item_code = serializers.CharField()
    original_name = serializers.CharField()
    version = serializers.IntegerField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class RequestAttachmentApi(APIView):
    """Attach a file to a draft (or a returned request): `scan` (required before submission)
    or `fee_receipt`, multipart with `file`; a second upload replaces the current file and
    keeps the old one as an earlier version."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ApostilleAttachmentIn},
        responses={201: ApostilleAttachmentOut},
    )
    def post(self, request, pk: int, item: str):
        case = _visible(request, pk)
        data = ApostilleAttachmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = attachment_upload(
            case=case, item_code=item, upload=data.validated_data["file"], uploaded_by=request.user
        )
        return Response(ApostilleAttachmentOut(attachment).data, status=status.HTTP_201_CREATED)


class ApostilleRevokeIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ApostilleRevokeApi(APIView):
    """Revoke an apostille issued in error, with the reason (staff of the issuing authority)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ApostilleRevokeIn, responses=ApostilleOut)
    def post(self, request, pk: int):
        apostille = get_object_or_404(Apostille, pk=pk)
        case = _visible(request, apostille.request_id)
        if not handles(request.user, case):
            raise Http404
        data = ApostilleRevokeIn(data=request.data)
        data.is_valid(raise_exception=True)
        revoked = services.apostille_revoke(
            apostille, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(ApostilleOut(revoked).data)


# ---------------------------------------------------------------------------------------------
# Issuing organizations, for the request's form


class ApostilleIssuerOut(serializers.Serializer):
    bin = serializers.CharField()
    name = serializers.CharField(help_text="The name now.")
    name_on_date = serializers.CharField(help_text="The name on the date asked for (`on`).")
    status = serializers.CharField()


class IssuerSearchApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Name, former name or BIN"),
            OpenApiParameter("on", str, required=False, description="Issue date, YYYY-MM-DD"),
        ],
        responses=ApostilleIssuerOut(many=True),
    )
    def get(self, request):
        day = serializers.DateField(required=False).run_validation(
            request.query_params.get("on") or timezone.localdate().isoformat()
        )
        rows = [
            {
                "bin": organization.bin,
                "name": organization.name,
                "name_on_date": selectors.name_in(
                    selectors.organization_names_on(organization, day)
                ),
                "status": organization.status,
            }
            for organization in selectors.issuing_organization_search(
                request.query_params.get("q", "")
            )
        ]
        return Response(ApostilleIssuerOut(rows, many=True).data)


# ---------------------------------------------------------------------------------------------
# The public e-Register


class ApostilleRegisterEntryOut(serializers.Serializer):
    number = serializers.CharField()
    issued_on = serializers.DateField()
    signed_by = serializers.CharField()
    capacity = serializers.CharField()
    seal_of = serializers.CharField()
    issued_by = serializers.CharField()
    place = serializers.CharField()
    form = serializers.CharField(help_text="electronic or paper")
    status = serializers.CharField(help_text="valid or revoked")
    status_label = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)
    is_duplicate = serializers.BooleanField()


class ApostilleRegisterLookupIn(serializers.Serializer):
    number = serializers.CharField(max_length=50)
    date = serializers.DateField()


class RegisterLookupApi(APIView):
    """An apostille by its number AND its date of issue (404 when none); never the holder.
    Every look-up is logged; after too many failed ones from an address, 429 with the code
    `apostille.register.locked_out` until the lock-out ends."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("number", str, required=True),
            OpenApiParameter("date", str, required=True, description="YYYY-MM-DD"),
        ],
        responses=ApostilleRegisterEntryOut,
    )
    def get(self, request):
        data = ApostilleRegisterLookupIn(data=request.query_params)
        data.is_valid(raise_exception=True)
        try:
            entry = services.register_lookup_or_refuse(
                address=_address(request),
                number=data.validated_data["number"],
                issued_on=data.validated_data["date"],
            )
        except TransitionRefused as refusal:
            return Response(
                error_body(refusal.code, refusal.message), status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if entry is None:
            raise Http404
        return Response(ApostilleRegisterEntryOut(entry).data)


# ---------------------------------------------------------------------------------------------
# The specimen register, for staff


class ApostilleSpecimenOut(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.bin")
    recorded_by = serializers.CharField(source="recorded_by.full_name", default=None)

    class Meta:
        model = Specimen
        fields = [
            "id",
            "organization",
            "signer_name",
            "capacity",
            "position",
            "valid_from",
            "valid_until",
            "signature_image",
            "seal_image",
            "recorded_by",
            "recorded_at",
        ]


class ApostilleSpecimenIn(serializers.Serializer):
    signer_name = serializers.CharField(max_length=200, required=False)
    capacity = serializers.ChoiceField(choices=Specimen.Capacity.choices, required=False)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    valid_from = serializers.DateField(required=False)
    valid_until = serializers.DateField(required=False, allow_null=True)
    signature_image = serializers.ImageField(required=False)
    seal_image = serializers.ImageField(required=False)


class ApostilleSpecimenCreateIn(ApostilleSpecimenIn):
    organization = serializers.SlugRelatedField(
        slug_field="bin", queryset=Organization.objects.all()
    )
    signer_name = serializers.CharField(max_length=200)
    capacity = serializers.ChoiceField(choices=Specimen.Capacity.choices)
    valid_from = serializers.DateField()


def _specimen_keeper(user) -> None:
    if not (user.is_admin or _apostille_authority(user) is not None):
        raise DjangoPermissionDenied


class SpecimenListApi(APIView):
    """Staff: an organization's signers (`organization`, its BIN); POST adds one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("organization", str, required=True, description="BIN")],
        responses=ApostilleSpecimenOut(many=True),
    )
    def get(self, request):
        _specimen_keeper(request.user)
        organization = get_object_or_404(
            Organization, bin=request.query_params.get("organization", "")
        )
        rows = selectors.specimens_of(organization).select_related("organization", "recorded_by")
        return Response(ApostilleSpecimenOut(rows, many=True).data)

    @extend_schema(request=ApostilleSpecimenCreateIn, responses={201: ApostilleSpecimenOut})
    def post(self, request):
        _specimen_keeper(request.user)
        data = ApostilleSpecimenCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        specimen = services.specimen_create(
            actor=request.user, organization=fields.pop("organization"), **fields
        )
        return Response(ApostilleSpecimenOut(specimen).data, status=status.HTTP_201_CREATED)


class SpecimenDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    def _get(self, request, pk) -> Specimen:
        _specimen_keeper(request.user)
        specimen = get_object_or_404(Specimen.objects.select_related("organization"), pk=pk)
        if not may_keep_specimens(request.user, specimen.organization):
            raise Http404
        return specimen

    @extend_schema(responses=ApostilleSpecimenOut)
    def get(self, request, pk: int):
        return Response(ApostilleSpecimenOut(self._get(request, pk)).data)

    @extend_schema(request=ApostilleSpecimenIn, responses=ApostilleSpecimenOut)
    def patch(self, request, pk: int):
        specimen = self._get(request, pk)
        data = ApostilleSpecimenIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = services.specimen_update(specimen, actor=request.user, **data.validated_data)
        return Response(ApostilleSpecimenOut(updated).data)
