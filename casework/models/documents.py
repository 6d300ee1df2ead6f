"""Every PDF the portal issues: license, appendix, conclusion, order, decision, certificate,
apostille, refusal letter.

A row is created by casework.documents.document_issue with a snapshot of what the document says;
a Celery task renders the PDF from that snapshot, stores it and records its SHA-256. Anyone can
check a document on its public verification page, reached by the QR code printed on it.
"""

import secrets

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LICENSE = "license", _("License")
    LICENSE_APPENDIX = "license_appendix", _("License appendix")
    CONCLUSION = "conclusion", _("Commission conclusion")
    ORDER = "order", _("Order")
    DECISION = "decision", _("Decision")
    CERTIFICATE = "certificate", _("Accreditation certificate")
    APOSTILLE = "apostille", _("Apostille")
    REFUSAL = "refusal", _("Letter of refusal")


def verification_code() -> str:
    # 128 random bits: the code in the QR link cannot be guessed or enumerated.
    return secrets.token_urlsafe(16)


class IssuedDocument(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUPERSEDED = "superseded", _("Superseded")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    case_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("organization"),
    )
    language = models.CharField(_("language"), max_length=5)
    template = models.CharField(_("template"), max_length=200)
    context = models.JSONField(_("content"), encoder=DjangoJSONEncoder, default=dict)
    # Whoever issues says what makes two calls "the same document" (for example the case number,
    # kind and decision id); a second issue with the same key returns the first row.
    version_key = models.CharField(_("version key"), max_length=200, unique=True)
    file = models.FileField(_("file"), max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    superseded_by = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["number", "issued_at"], name="issued_document_number"),
            models.Index(fields=["case_type", "case_id"], name="issued_document_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="valid", superseded_by__isnull=True, revoked_at__isnull=True)
                    | Q(status="superseded", superseded_by__isnull=False)
                    | Q(status="revoked", revoked_at__isnull=False)
                ),
                name="issued_document_status_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256)
