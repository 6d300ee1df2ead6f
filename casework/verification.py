"""Public verification of issued documents: no login, for anyone holding a paper or a PDF.

By the code in the document's QR link (/verify/<code>/), or by its number and date of issue
(/verify/?number=…&date=…). The page shows what the document is and whether it is still valid
(or superseded, with a link to the newer one, or revoked, with the date and reason); anyone may
upload a PDF there to check that it is byte for byte the issued file. Uploads are throttled per
address (VERIFY_UPLOAD_RATE). The same is served as JSON under /api/v1/verify/.
"""

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from casework.documents import (
    document_check_file,
    document_get_public,
    document_search_public,
    verification_url,
)
from casework.models import IssuedDocument

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
        if len(results) == 1:
            return redirect("verify_document", results[0].verification_code)
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
            "form": form,
            "check": check,
            "throttled": throttled,
            "issued_on": timezone.localtime(document.issued_at).date(),
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS if throttled else 200,
    )


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


class VerifiedDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    number = serializers.CharField()
    issued_on = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    superseded_by = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    verification_url = serializers.SerializerMethodField()

    def get_issued_on(self, document) -> str:
        return timezone.localtime(document.issued_at).date().isoformat()

    def get_organization(self, document) -> dict | None:
        organization = document.organization
        if organization is None:
            return None
        return {"name": organization.name, "bin": organization.bin}

    def get_superseded_by(self, document) -> dict | None:
        newer = document.superseded_by
        if newer is None:
            return None
        return {
            "number": newer.number,
            "verification_url": verification_url(newer),
            "api_url": self._absolute(
                reverse("api_verify_document", args=[newer.verification_code])
            ),
        }

    def get_verification_url(self, document) -> str:
        return verification_url(document)

    def _absolute(self, path: str) -> str:
        return settings.SITE_URL.rstrip("/") + path


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

    @extend_schema(responses=VerifiedDocumentSerializer)
    def get(self, request, code: str):
        return Response(VerifiedDocumentSerializer(_public_or_404(code)).data)

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
                "document": VerifiedDocumentSerializer(),
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
                "document": VerifiedDocumentSerializer(document).data,
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
