"""Accreditation's API under /api/v1/accreditation/: the same selectors and services as the pages.

- `register/…` (public, no login, К24): certificates (accredited organizations), programmes,
  bodies; paginated; `updated_since` turns the certificates list into a change feed for
  mirrors; `register/dump.csv|json` the nightly full dump.
- `cases/…`: the case operations of each role (the case page's actions, parsed by the same
  forms), the self-assessment, the expert report, the council vote, follow-up and duplicates.
- `decisions/`: a body running its own system pushes a decision with its staff's API token,
  keyed by its own case identifier, idempotently (EQAR's DEQAR submission API is the model).

Errors answer in casework.api's one shape; a refused action is 409 with its code
(accreditation.refusals), a Django ValidationError 400 with its fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.models import Organization, Role, Specialty

from . import actions, selectors, services
from .dump import dump_download
from .models import (
    AccreditationBody,
    AccreditationCase,
    Certificate,
    Criterion,
    Decision,
    DuplicateRequest,
    ExpertFinding,
    Kind,
    Recommendation,
    SelfAssessmentEntry,
    Standard,
)
from .pagination import RegisterPagination
from .views import case_for

NO_ORGANIZATION = _("No organization with this BIN.")
REQUIRED = _("This field is required.")


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# ---------------------------------------------------------------------------------------------
# Public registers (К24)


class AccreditationProgrammeOut(serializers.ModelSerializer):
    class Meta:
        model = Specialty
        fields = ["code", "name"]


class AccreditationCertificateOut(serializers.ModelSerializer):
    organization_bin = serializers.CharField(source="organization.bin")
    organization_name = serializers.CharField(
        source="organization.name", help_text="In the language asked for (Accept-Language)."
    )
    body = serializers.CharField(source="body.authority.name")
    decision = serializers.CharField(source="case.decision")
    decided_at = serializers.DateTimeField(source="case.decided_at")
    report_url = serializers.CharField(source="case.report_url")
    report_published_at = serializers.DateTimeField(source="case.report_published_at")
    programmes = AccreditationProgrammeOut(many=True, read_only=True)
    under_appeal = serializers.BooleanField(read_only=True)
    verification_url = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "number",
            "status",
            "kind",
            "organization_bin",
            "organization_name",
            "body",
            "decision",
            "decided_at",
            "issued_on",
            "valid_from",
            "valid_until",
            "programmes",
            "under_appeal",
            "report_url",
            "report_published_at",
            "verification_url",
            "follow_up",
            "updated_at",
        ]

    def get_verification_url(self, certificate) -> str:
        document = certificate.document
        if document is None:
            return ""
        path = f"/verify/{document.verification_code}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_follow_up(self, certificate) -> dict:
        return {
            "open": certificate.recommendations_open,
            "done": certificate.recommendations_done,
            "overdue": certificate.recommendations_overdue,
        }


class AccreditationRegisterFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    body = serializers.PrimaryKeyRelatedField(
        queryset=AccreditationBody.objects.all(), required=False
    )
    status = serializers.ChoiceField(choices=Certificate.Status.choices, required=False)
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="The change feed: certificates changed at or after this moment, oldest first.",
    )

    def filters(self) -> dict:
        data = self.validated_data
        return {
            "query": data.get("q", ""),
            "kind": data.get("kind", ""),
            "body": data.get("body"),
            "status": data.get("status", ""),
            "updated_since": data.get("updated_since"),
        }


REGISTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Name, BIN, certificate number or programme code"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("body", int, description="Id of the accreditation body"),
    OpenApiParameter("status", str, enum=Certificate.Status.values),
    OpenApiParameter("updated_since", str, description="ISO 8601 moment: the change feed"),
]


class CertificateRegisterApi(ListAPIView):
    """The register of accredited organizations and programmes: one row per certificate."""

    permission_classes = [AllowAny]
    serializer_class = AccreditationCertificateOut
    pagination_class = RegisterPagination
    filter_backends = []

    def get_queryset(self):
        params = AccreditationRegisterFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.certificate_register(**params.filters(), figures=False)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = list(page) if page is not None else []
        selectors.certificates_attach_figures(rows)
        return rows

    @extend_schema(parameters=REGISTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CertificateDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=AccreditationCertificateOut)
    def get(self, request, number: str):
        certificate = selectors.certificate_get_public(number)
        if certificate is None:
            raise Http404
        return Response(AccreditationCertificateOut(certificate, context={"request": request}).data)


class AccreditationProgrammeRowOut(serializers.Serializer):
    programme_code = serializers.CharField(source="specialty.code")
    programme_name = serializers.CharField(source="specialty.name")
    certificate = AccreditationCertificateOut()


class ProgrammeRegisterApi(ListAPIView):
    """The register of accredited programmes: one row per programme of a certificate."""

    permission_classes = [AllowAny]
    serializer_class = AccreditationProgrammeRowOut
    pagination_class = RegisterPagination
    filter_backends = []

    def get_queryset(self):
        params = AccreditationRegisterFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.filters()
        filters.pop("updated_since")
        return selectors.programme_register(**filters)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = list(page) if page is not None else []
        selectors.programme_rows_attach(rows)
        # The certificates' programmes, for the nested certificate, in one query.
        prefetch_related_objects([r.certificate for r in rows], "programmes")
        return rows

    @extend_schema(parameters=REGISTER_PARAMETERS[:4])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AccreditationBodyOut(serializers.ModelSerializer):
    name = serializers.CharField(source="authority.name")
    certified_today = serializers.SerializerMethodField()

    class Meta:
        model = AccreditationBody
        fields = [
            "id",
            "name",
            "bin",
            "certification_number",
            "certified_from",
            "certified_until",
            "website",
            "certified_today",
        ]

    def get_certified_today(self, body) -> bool:
        return body.is_certified_on(timezone.localdate())


class BodyRegisterApi(ListAPIView):
    """The register of accreditation bodies and their certification (К4)."""

    permission_classes = [AllowAny]
    serializer_class = AccreditationBodyOut
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        return selectors.bodies_register()


class DumpApi(APIView):
    """The nightly full dump of the register (`csv` or `json`), streamed."""

    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/csv"): str, (200, "application/json"): dict})
    def get(self, request, fmt: str):
        return dump_download(request, fmt)


# ---------------------------------------------------------------------------------------------
# Cases


class AccreditationCaseOut(serializers.ModelSerializer):
    organization_bin = serializers.CharField(source="organization.bin")
    organization_name = serializers.CharField(source="organization.name")
    body = serializers.CharField(source="body.authority.name")
    programmes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = AccreditationCase
        fields = [
            "id",
            "number",
            "state",
            "kind",
            "organization_bin",
            "organization_name",
            "body",
            "programmes",
            "submitted_at",
            "term_until",
            "due_date",
            "decision",
            "decided_at",
        ]


class AccreditationRecommendationOut(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "source", "text", "due_on", "evidence", "status"]


class AccreditationFindingOut(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard.code")

    class Meta:
        model = ExpertFinding
        fields = ["standard", "assessment", "text"]


class AccreditationCaseDetailOut(AccreditationCaseOut):
    actions = serializers.SerializerMethodField(
        help_text="Names of the actions the caller may take now (POST cases/<id>/<action>/)."
    )
    recommendations = AccreditationRecommendationOut(many=True, read_only=True)
    visit = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    certificates = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta(AccreditationCaseOut.Meta):
        fields = [
            *AccreditationCaseOut.Meta.fields,
            "contract_signed_by_organization_at",
            "contract_signed_by_body_at",
            "council_result",
            "decision_reasons",
            "report_url",
            "actions",
            "recommendations",
            "visit",
            "findings",
            "certificates",
        ]

    def get_actions(self, case) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return [a.name for a in actions.available_actions(case, request.user)]

    def get_visit(self, case) -> dict | None:
        visit = getattr(case, "visit", None)
        if visit is None:
            return None
        return {
            "notice_on": visit.notice_on,
            "start_on": visit.start_on,
            "end_on": visit.end_on,
            "seed": visit.seed,
            "experts": [str(seat.expert) for seat in visit.seats.all()],
        }

    def get_findings(self, case) -> list[dict]:
        report = getattr(case, "expert_report", None)
        if report is None:
            return []
        return AccreditationFindingOut(report.findings.all(), many=True).data


class AccreditationCaseCreateIn(serializers.Serializer):
    organization_bin = serializers.CharField()
    body = serializers.PrimaryKeyRelatedField(queryset=AccreditationBody.objects.all())
    kind = serializers.ChoiceField(choices=Kind.choices)
    programmes = serializers.SlugRelatedField(
        slug_field="code", queryset=Specialty.objects.all(), many=True, required=False
    )
    renewal_of = serializers.SlugRelatedField(
        slug_field="number", queryset=Certificate.objects.all(), required=False, allow_null=True
    )


class CaseListApi(ListAPIView):
    """The cases the caller may open (organization, body, experts, council)."""

    permission_classes = [IsAuthenticated]
    serializer_class = AccreditationCaseOut
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        return (
            selectors.case_visible_to(self.request.user)
            .prefetch_related("programmes")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=AccreditationCaseCreateIn, responses={201: AccreditationCaseDetailOut})
    def post(self, request):
        data = AccreditationCaseCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organization = Organization.objects.filter(bin=values["organization_bin"]).first()
        if organization is None:
            raise DjangoValidationError({"organization_bin": [NO_ORGANIZATION]})
        case = services.accreditation_case_create(
            actor=request.user,
            organization=organization,
            body=values["body"],
            kind=values["kind"],
            programmes=values.get("programmes", []),
            renewal_of=values.get("renewal_of"),
        )
        return Response(
            AccreditationCaseDetailOut(
                selectors.case_detail(case.pk), context={"request": request}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class CaseDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=AccreditationCaseDetailOut)
    def get(self, request, pk: int):
        case_for(request.user, pk)
        return Response(
            AccreditationCaseDetailOut(selectors.case_detail(pk), context={"request": request}).data
        )


class AccreditationActionIn(serializers.Serializer):
    """The fields of the case actions, each used by the actions named."""

    text = serializers.CharField(required=False, help_text="review, recommend, decide_appeal")
    due_on = serializers.DateField(required=False, help_text="recommend")
    standard = serializers.IntegerField(required=False, help_text="recommend: id of a standard")
    start_on = serializers.DateField(required=False, help_text="schedule_visit")
    end_on = serializers.DateField(required=False, help_text="schedule_visit")
    materials = serializers.CharField(required=False, help_text="refer_to_council")
    reasons = serializers.CharField(required=False, help_text="decide (required to refuse)")
    report_url = serializers.URLField(required=False, help_text="publish_report")
    grounds = serializers.CharField(required=False, help_text="appeal")
    upheld = serializers.ChoiceField(
        choices=["1", "0"], required=False, help_text="decide_appeal: 1 upholds, 0 dismisses"
    )
    comment = serializers.CharField(required=False, help_text="withdraw")
    criterion = serializers.IntegerField(required=False, help_text="self_assessment")
    rating = serializers.ChoiceField(
        choices=SelfAssessmentEntry.Rating.choices, required=False, help_text="self_assessment"
    )
    choice = serializers.ChoiceField(choices=Decision.choices, required=False, help_text="vote")
    summary = serializers.CharField(required=False, help_text="expert_report")
    findings = serializers.DictField(
        child=serializers.DictField(),
        required=False,
        help_text='expert_report: {"<standard code>": {"assessment": "...", "text": "..."}}',
    )


def _require(data, *names):
    missing = {name: [REQUIRED] for name in names if data.get(name) in (None, "")}
    if missing:
        raise DjangoValidationError(missing)


class CaseActionApi(APIView):
    """POST cases/<id>/<action>/: `submit`, `self_assessment` (save one criterion),
    `submit_self_assessment`, `report_open` (an expert opens the self-assessment report, К16),
    `expert_report`, `vote`, or one of the names the detail's `actions` lists, with the action's
    fields in the body."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AccreditationActionIn,
        responses=AccreditationCaseDetailOut,
        operation_id="accreditation_case_action",
    )
    def post(self, request, pk: int, action: str):
        case = case_for(request.user, pk)
        user = request.user
        data = request.data
        if action == "submit":
            services.accreditation_case_submit(case, actor=user)
        elif action == "self_assessment":
            _require(data, "criterion", "rating", "text")
            criterion = get_object_or_404(
                Criterion.objects.select_related("standard"), pk=data["criterion"]
            )
            services.accreditation_self_assessment_save(
                case, actor=user, criterion=criterion, rating=data["rating"], text=data["text"]
            )
        elif action == "submit_self_assessment":
            services.accreditation_self_assessment_submit(case, actor=user)
        elif action == "report_open":
            services.accreditation_report_open(case, actor=user)
        elif action == "expert_report":
            _require(data, "summary", "findings")
            by_code = {
                s.code: s.pk for s in Standard.objects.filter(body_id=case.body_id, is_active=True)
            }
            findings = {}
            for code, finding in (data.get("findings") or {}).items():
                if code not in by_code:
                    raise DjangoValidationError(
                        {"findings": [_("No standard %(code)s at this body.") % {"code": code}]}
                    )
                findings[by_code[code]] = (finding.get("assessment", ""), finding.get("text", ""))
            services.accreditation_expert_report_submit(
                case, actor=user, summary=data["summary"], findings=findings
            )
        elif action == "vote":
            _require(data, "choice")
            services.accreditation_council_vote(case, actor=user, choice=data["choice"])
        else:
            chosen = actions.ACTIONS.get(action)
            if chosen is None:
                raise Http404
            if not chosen.offered(case, user):
                raise PermissionDenied()
            form = chosen.make_form(case, data)
            cleaned = {}
            if form is not None:
                if not form.is_valid():
                    raise DjangoValidationError(form.errors.as_data())
                cleaned = form.cleaned_data
            chosen.call(case, user, cleaned)
        return Response(
            AccreditationCaseDetailOut(selectors.case_detail(pk), context={"request": request}).data
        )


# ---------------------------------------------------------------------------------------------
# Follow-up of recommendations (item 9) and duplicates (К28)


class AccreditationEvidenceIn(serializers.Serializer):
    evidence = serializers.CharField()


class RecommendationApi(APIView):
    """POST recommendations/<id>/evidence/ (the organization) or close/ (the body)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AccreditationEvidenceIn,
        responses=AccreditationRecommendationOut,
        operation_id="accreditation_recommendation_act",
    )
    def post(self, request, pk: int, verb: str):
        recommendation = get_object_or_404(Recommendation.objects.select_related("case"), pk=pk)
        case_for(request.user, recommendation.case_id)
        if verb == "evidence":
            data = AccreditationEvidenceIn(data=request.data)
            data.is_valid(raise_exception=True)
            result = services.accreditation_recommendation_evidence(
                recommendation, actor=request.user, evidence=data.validated_data["evidence"]
            )
        elif verb == "close":
            result = services.accreditation_recommendation_close(recommendation, actor=request.user)
        else:
            raise Http404
        return Response(AccreditationRecommendationOut(result or recommendation).data)


class AccreditationDuplicateIn(serializers.Serializer):
    reason = serializers.CharField()


class AccreditationDuplicateOut(serializers.ModelSerializer):
    certificate = serializers.CharField(source="certificate.number")

    class Meta:
        model = DuplicateRequest
        fields = ["id", "certificate", "requested_on", "due_on", "issued_on", "is_late"]


class DuplicateRequestApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AccreditationDuplicateIn, responses={201: AccreditationDuplicateOut})
    def post(self, request, number: str):
        certificate = get_object_or_404(Certificate, number=number)
        case_for(request.user, certificate.case_id)
        data = AccreditationDuplicateIn(data=request.data)
        data.is_valid(raise_exception=True)
        dup = services.accreditation_duplicate_request(
            certificate, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(AccreditationDuplicateOut(dup).data, status=status.HTTP_201_CREATED)


class DuplicateIssueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=AccreditationDuplicateOut)
    def post(self, request, pk: int):
        dup = get_object_or_404(DuplicateRequest.objects.select_related("certificate"), pk=pk)
        case_for(request.user, dup.certificate.case_id)
        return Response(
            AccreditationDuplicateOut(
                services.accreditation_duplicate_issue(dup, actor=request.user)
            ).data
        )


# ---------------------------------------------------------------------------------------------
# Decisions pushed by a body's own system (issue 11, item 10)


class AccreditationDecisionIn(serializers.Serializer):
    external_id = serializers.CharField(
        max_length=100, help_text="The body's own identifier of the case: the idempotency key."
    )
    organization_bin = serializers.CharField(max_length=12)
    kind = serializers.ChoiceField(choices=Kind.choices)
    decision = serializers.ChoiceField(choices=Decision.choices)
    decided_on = serializers.DateField()
    programmes = serializers.SlugRelatedField(
        slug_field="code", queryset=Specialty.objects.all(), many=True, required=False
    )
    reasons = serializers.CharField(required=False, allow_blank=True)
    report_url = serializers.URLField(required=False, allow_blank=True)


class AccreditationDecisionOut(serializers.Serializer):
    external_id = serializers.CharField()
    case = serializers.CharField(help_text="The portal's case number")
    created = serializers.BooleanField()
    certificates = serializers.ListField(child=serializers.CharField())


class DecisionPushApi(APIView):
    """A body's system records one decision per request (DEQAR-style), authenticated by the
    API token of one of the body's staff: 201 when the case is created, 200 when the same
    identifier was already recorded (nothing changes but the reasons and the report)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AccreditationDecisionIn,
        responses={200: AccreditationDecisionOut, 201: AccreditationDecisionOut},
    )
    def post(self, request):
        data = AccreditationDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        body = (
            AccreditationBody.objects.filter(
                authority__staff__user=request.user,
                authority__staff__role__in=[Role.STAFF, Role.HEAD],
            )
            .select_related("authority")
            .first()
        )
        if body is None:
            raise PermissionDenied()
        organization = Organization.objects.filter(bin=values["organization_bin"]).first()
        if organization is None:
            raise DjangoValidationError({"organization_bin": [NO_ORGANIZATION]})
        case, created = services.accreditation_decision_record(
            actor=request.user,
            body=body,
            external_id=values["external_id"],
            organization=organization,
            kind=values["kind"],
            decision=values["decision"],
            decided_on=values["decided_on"],
            programmes=values.get("programmes", []),
            reasons=values.get("reasons", ""),
            report_url=values.get("report_url", ""),
        )
        out = AccreditationDecisionOut(
            {
                "external_id": case.external_id,
                "case": case.number,
                "created": created,
                "certificates": list(case.certificates.values_list("number", flat=True)),
            }
        ).data
        return Response(out, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
