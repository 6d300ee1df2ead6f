"""Bulk reissue (seed 000: 112 licenses reissued after district schools were renamed): one run,
one item per organization, each processed on its own so a failure stays with its organization."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def run_key() -> str:
    return secrets.token_hex(12)


class BulkReissue(models.Model):
    class Source(models.TextChoices):
        RENAMED_ON = "renamed_on", _("Organizations renamed on a date")
        CSV = "csv", _("Uploaded list of BINs and new names")

    key = models.CharField(_("run"), max_length=64, unique=True, default=run_key, editable=False)
    authority = models.ForeignKey(
        "registry.Authority", models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    effective_date = models.DateField(_("names changed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk reissue")
        verbose_name_plural = _("bulk reissues")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_source_display()} {self.effective_date:%d.%m.%Y}"


class BulkReissueItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(
        BulkReissue, models.CASCADE, related_name="items", verbose_name=_("run")
    )
    line = models.PositiveIntegerField(_("line of the file"), null=True, blank=True)
    bin = models.CharField(_("BIN"), max_length=20)
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    # The new names from the file, per language ({"ru": ..., "kk": ..., "en": ...}); empty
    # when the rename is already in the registry.
    new_names = models.JSONField(_("new names"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    reissued = models.PositiveSmallIntegerField(_("licenses reissued"), default=0)
    skipped = models.PositiveSmallIntegerField(_("licenses already up to date"), default=0)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk reissue item")
        verbose_name_plural = _("bulk reissue items")
        ordering = ["run_id", "id"]
        indexes = [models.Index(fields=["run", "status"], name="lic_bulk_item_run_status")]

    def __str__(self):
        return self.bin
