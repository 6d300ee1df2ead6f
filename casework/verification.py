"""Public verification of issued documents: no login, for anyone holding a paper or a PDF.

By the code in the document's QR link (/verify/<code>/), or by its number and date of issue
(/verify/?number=…&date=…). Both say what the act is now — valid, suspended (from – until, by
which decision), superseded (by which document), revoked, expired, annulled — and the holder as
the document names them. Only the code page, for whoever holds the code, offers the PDF in each
language and checks an uploaded PDF (its SHA-256 and its seal); a number and a date give the
status, never the file. Uploads are throttled per address (VERIFY_UPLOAD_RATE). The same is
served as JSON under /api/v1/verify/.
"""

import dataclasses
import datetime
import logging

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from casework.documents import (
    ACT_STATUS_LABELS,
    ActStatus,
    document_act_status,
    document_check_file,
    document_download_record,
    document_get_public,
    document_rendition_ready,
    document_search_public,
    verification_url,
)
from casework.models import DocumentDownload, DocumentRendition, IssuedDocument
from casework.seal import seal_signer_name

SEARCH_LIMIT = 20

logger = logging.getLogger(__name__)


class VerificationUploadThrottle(SimpleRateThrottle):
    """Comparing a file costs reading it: a few per minute per address is plenty for a person."""

    scope = "verify_upload"

    def get_rate(self):
        return settings.VERIFY_UPLOAD_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        # The counts live in the cache (Redis): when it is down, checking a document must
        # still work, unthrottled for a while, rather than fail.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("Verification upload throttle unavailable", exc_info=True)
            return True


class VerifySearchForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=50)
    date = forms.DateField(
        label=_("Date of issue"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=_("Your copy of the document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: an issued document is never over %(limit)s."),
                params={"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            )
        return upload


# ---------------------------------------------------------------------------------------------
# Pages


def verify_search(request):
    form = VerifySearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = list(
            document_search_public(form.cleaned_data["number"], form.cleaned_data["date"])[
                :SEARCH_LIMIT
            ]
        )
    if results is not None:
        results = [_facts(document) for document in results]
    return render(request, "casework/verify.html", {"form": form, "results": results})


def verify_document(request, code: str):
    document = _public_or_404(code)
    form = VerifyFileForm()
    check = None
    throttled = False
    if request.method == "POST":
        if not VerificationUploadThrottle().allow_request(request, None):
            throttled = True
        else:
            form = VerifyFileForm(request.POST, request.FILES)
            if form.is_valid():
                check = document_check_file(document, form.cleaned_data["file"])
    return render(
        request,
        "casework/verify_document.html",
        {
            "document": document,
            "facts": _facts(document),
            "renditions": _renditions(document),
            "form": form,
            "check": check,
            "throttled": throttled,
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS if throttled else 200,
    )


def verify_document_pdf(request, code: str, language: str):
    """The PDF in one language, for whoever holds the code; rendered now if nobody asked for
    this language before."""
    document = _public_or_404(code)
    try:
        rendition = document_rendition_ready(document, language)
    except DocumentRendition.DoesNotExist:
        raise Http404 from None
    document_download_record(rendition, user=request.user, via=DocumentDownload.Via.VERIFICATION)
    return rendition_response(document, rendition)


def rendition_response(document: IssuedDocument, rendition: DocumentRendition) -> FileResponse:
    name = f"{document.get_kind_display()} {document.number} ({rendition.language}).pdf"
    response = FileResponse(
        rendition.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclasses.dataclass(frozen=True)
class Facts:
    """What a verification page says of a document, in the reader's language."""

    document: IssuedDocument
    status: ActStatus
    holder: str
    issued_on: datetime.date
    sealed_by: str


def _facts(document: IssuedDocument) -> Facts:
    language = translation.get_language()
    rendition = document.rendition(language) or document.primary
    return Facts(
        document=document,
        status=document_act_status(document),
        holder=rendition.holder_name if rendition else "",
        issued_on=timezone.localtime(document.issued_at).date(),
        sealed_by=_sealed_by(document),
    )


def _sealed_by(document: IssuedDocument) -> str:
    """Who sealed the PDF; for one not made yet, who will seal it when it is."""
    sealed = [r.sealed_by for r in document.renditions.all() if r.sealed_by]
    return sealed[0] if sealed else seal_signer_name()


def _renditions(document: IssuedDocument) -> list[dict]:
    return [
        {
            "language": r.language,
            "name": translation.get_language_info(r.language)["name_local"],
            "url": reverse("verify_document_pdf", args=[document.verification_code, r.language]),
            "sha256": r.sha256,
        }
        for r in document.renditions_offered()
    ]


def _public_or_404(code: str) -> IssuedDocument:
    try:
        return document_get_public(code)
    except IssuedDocument.DoesNotExist:
        raise Http404 from None


# ---------------------------------------------------------------------------------------------
# API


class SealCheckSerializer(serializers.Serializer):
    sealed = serializers.BooleanField(help_text="The file carries a seal.")
    intact = serializers.BooleanField(help_text="The sealed bytes are unchanged.")
    trusted = serializers.BooleanField(help_text="The certificate chains to a trusted root.")
    signer = serializers.CharField(help_text="The sealing certificate's subject.")
    message = serializers.CharField()


class ActStatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=list(ACT_STATUS_LABELS),
        help_text="What the act is now: valid, suspended, superseded, revoked, expired, "
        "annulled, terminated.",
    )
    label = serializers.CharField(help_text="The status in the reader's language.")
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    basis = serializers.CharField(help_text="The decision or reason behind the status.")


class RenditionSerializer(serializers.Serializer):
    language = serializers.CharField()
    sha256 = serializers.CharField(help_text="Empty until the PDF in this language is made.")
    pdf_url = serializers.SerializerMethodField(
        help_text="The PDF (rendered on first request); only with the verification code."
    )

    def get_pdf_url(self, rendition) -> str:
        document = self.context["document"]
        return settings.SITE_URL.rstrip("/") + reverse(
            "verify_document_pdf", args=[document.verification_code, rendition.language]
        )


class VerifiedDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    number = serializers.CharField()
    issued_on = serializers.SerializerMethodField()
    valid_until = serializers.DateField(allow_null=True)
    organization = serializers.SerializerMethodField()
    holder_name = serializers.SerializerMethodField(
        help_text="The holder as the document names them, in the reader's language."
    )
    act_status = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="The document's own state (superseded, …).")
    status_display = serializers.CharField(source="get_status_display")
    superseded_by = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    sealed_by = serializers.SerializerMethodField()

    def get_issued_on(self, document) -> str:
        return timezone.localtime(document.issued_at).date().isoformat()

    def get_organization(self, document) -> dict | None:
        organization = document.organization
        if organization is None:
            return None
        return {"name": organization.name, "bin": organization.bin}

    def get_holder_name(self, document) -> str:
        rendition = document.rendition(translation.get_language()) or document.primary
        return rendition.holder_name if rendition else ""

    @extend_schema_field(ActStatusSerializer)
    def get_act_status(self, document) -> dict:
        act = document_act_status(document)
        return {
            "code": act.code,
            "label": act.label,
            "since": act.since,
            "until": act.until,
            "basis": act.basis,
        }

    def get_superseded_by(self, document) -> dict | None:
        newer = document.superseded_by
        if newer is None:
            return None
        return {"number": newer.number, "kind": newer.kind}

    def get_sealed_by(self, document) -> str:
        return _sealed_by(document)


class VerifiedByCodeSerializer(VerifiedDocumentSerializer):
    """With the code in hand: the document's page, its successor's, and every rendition's
    PDF."""

    verification_url = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    def get_superseded_by(self, document) -> dict | None:
        newer = document.superseded_by
        if newer is None:
            return None
        return {
            "number": newer.number,
            "kind": newer.kind,
            "verification_url": verification_url(newer),
            "api_url": settings.SITE_URL.rstrip("/")
            + reverse("api_verify_document", args=[newer.verification_code]),
        }

    def get_verification_url(self, document) -> str:
        return verification_url(document)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, document) -> list:
        return RenditionSerializer(
            document.renditions_offered(),
            many=True,
            context={"document": document},
        ).data


class VerificationApi(APIView):
    """An issued document's status by its verification code; POST a PDF (field `file`) to
    check that it is the issued file."""

    permission_classes = [AllowAny]
    authentication_classes = []  # public: no session, so no CSRF token needed to compare
    parser_classes = [MultiPartParser, FormParser]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(VerificationUploadThrottle())
        return throttles

    @extend_schema(responses=VerifiedByCodeSerializer)
    def get(self, request, code: str):
        return Response(VerifiedByCodeSerializer(_public_or_404(code)).data)

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "VerifyFileRequest", {"file": serializers.FileField()}
            )
        },
        responses=inline_serializer(
            "VerifyFileResult",
            {
                "matches": serializers.BooleanField(
                    help_text="The file is byte for byte the issued PDF (SHA-256)."
                ),
                "seal": SealCheckSerializer(),
                "document": VerifiedByCodeSerializer(),
            },
        ),
    )
    def post(self, request, code: str):
        document = _public_or_404(code)
        form = VerifyFileForm(request.data, request.FILES)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        check = document_check_file(document, form.cleaned_data["file"])
        return Response(
            {
                "matches": check.matches,
                "seal": SealCheckSerializer(check.seal).data,
                "document": VerifiedByCodeSerializer(document).data,
            }
        )


class VerificationSearchApi(APIView):
    """Issued documents by number and date of issue (YYYY-MM-DD or DD.MM.YYYY)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("number", str, required=True),
            OpenApiParameter("date", str, required=True),
        ],
        responses=VerifiedDocumentSerializer(many=True),
    )
    def get(self, request):
        form = VerifySearchForm(request.query_params)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        documents = document_search_public(form.cleaned_data["number"], form.cleaned_data["date"])[
            :SEARCH_LIMIT
        ]
        return Response(VerifiedDocumentSerializer(documents, many=True).data)
