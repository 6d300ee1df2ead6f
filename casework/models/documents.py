"""Every legal act the portal issues as a document: license, appendix, conclusion, order,
decision, certificate, apostille, refusal letter.

One act is one IssuedDocument: one number, one verification code, one record of what it says.
Its PDF exists in each language the portal speaks, as a DocumentRendition with its own snapshot,
file and SHA-256 (casework.documents.document_issue makes them; the issuing language's is
rendered by a task at once, the others on first request). Anyone can check a document on its
public verification page, reached by the QR code printed on it.
"""

import secrets

from django.conf import settings
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
        ANNULLED = "annulled", _("Annulled")

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
    # The language the act was issued in; its rendition is rendered first.
    language = models.CharField(_("language"), max_length=5)
    template = models.CharField(_("template"), max_length=200)
    # What the act says, in its issuing language (each rendition keeps its own snapshot).
    context = models.JSONField(_("content"), encoder=DjangoJSONEncoder, default=dict)
    # Whoever issues says what makes two calls "the same document" (for example the case number,
    # kind and decision id); a second issue with the same key returns the first row.
    version_key = models.CharField(_("version key"), max_length=200, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # The last day an act that expires is in force (an accreditation certificate: five years).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
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
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)

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
                    | Q(status="annulled", annulled_at__isnull=False)
                ),
                name="issued_document_status_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def rendition(self, language: str | None = None) -> "DocumentRendition | None":
        """The rendition in a language (the issuing language's by default); uses prefetched
        renditions when there are."""
        language = language or self.language
        return next((r for r in self.renditions.all() if r.language == language), None)

    def renditions_offered(self) -> list["DocumentRendition"]:
        """The renditions in the languages the portal offers, in the order it offers them."""
        order = [code for code, _name in settings.PORTAL_LANGUAGES]
        return sorted(
            (r for r in self.renditions.all() if r.language in order),
            key=lambda r: order.index(r.language),
        )

    @property
    def primary(self) -> "DocumentRendition | None":
        return self.rendition(self.language)

    @property
    def is_rendered(self) -> bool:
        primary = self.primary
        return primary is not None and primary.is_rendered

    # The issuing language's file and checksum, as most readers want them.
    @property
    def file(self):
        return self.primary.file if self.primary is not None else None

    @property
    def sha256(self) -> str:
        return self.primary.sha256 if self.primary is not None else ""


class DocumentRendition(models.Model):
    """A document's PDF in one language: what it says in that language, the file and its
    SHA-256, and who sealed it. Every rendition carries the act's one number and code."""

    document = models.ForeignKey(
        IssuedDocument, models.CASCADE, related_name="renditions", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=5)
    context = models.JSONField(_("content"), encoder=DjangoJSONEncoder, default=dict)
    # The holder as this rendition names them (the organization's name in its language then).
    holder_name = models.CharField(_("holder"), max_length=500, blank=True)
    file = models.FileField(_("file"), max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # The subject of the certificate whose PAdES signature seals the file (casework.seal).
    sealed_by = models.CharField(_("sealed by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_rendition_per_language"
            ),
        ]
        indexes = [models.Index(fields=["sha256"], name="rendition_sha256")]

    def __str__(self):
        return f"{self.document} ({self.language})"

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256)


class DocumentDownload(models.Model):
    """One download of a rendition: who (nobody, for the public holding the QR code), when,
    through which page. Append-only evidence of who received an act."""

    class Via(models.TextChoices):
        CASE = "case", _("Case page")
        VERIFICATION = "verification", _("Verification page")

    rendition = models.ForeignKey(
        DocumentRendition, models.CASCADE, related_name="downloads", verbose_name=_("rendition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    via = models.CharField(_("through"), max_length=20, choices=Via.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.rendition} {self.at:%Y-%m-%d %H:%M}"
