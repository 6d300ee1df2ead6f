"""Files an applicant (or staff, for paper filings) attaches to a case against a checklist item.

Rows are written by casework.attachments.attachment_upload only: it checks the content type and
size, stores the file under a random name below MEDIA_ROOT and records its SHA-256. A replaced
file stays, with `superseded_by` pointing at its successor.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_storage_name(instance, filename):
    """A random name that says nothing about the upload; the extension is the detected type's
    (the service passes it), never the uploader's."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.{extension}"


class Attachment(models.Model):
    case_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    item_code = models.CharField(_("checklist item"), max_length=50)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=attachment_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    superseded_by = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("replaced by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case_type", "case_id", "item_code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "case_id", "item_code", "version"],
                name="attachment_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | ~Q(superseded_by=models.F("id")),
                name="attachment_not_superseded_by_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["case_type", "case_id", "item_code"], name="attachment_case_item")
        ]

    def __str__(self):
        return f"{self.item_code} v{self.version}: {self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
