"""Recommendations of the body (К9.5) and of the expert report (К9.6) and their follow-up:
each with a due date, the organization's evidence and a status (issue 11, item 9)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Recommendation(models.Model):
    class Source(models.TextChoices):
        BODY = "body", _("Accreditation body")
        EXPERTS = "experts", _("External expert commission")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        OVERDUE = "overdue", _("Overdue")

    case = models.ForeignKey(
        "accreditation.AccreditationCase",
        models.CASCADE,
        related_name="recommendations",
        verbose_name=_("case"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    standard = models.ForeignKey(
        "accreditation.Standard",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standard"),
    )
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due on"))
    evidence = models.TextField(_("evidence of the organization"), blank=True)
    evidence_submitted_at = models.DateTimeField(_("evidence sent at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["case", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="accrec_status_due")]

    def __str__(self):
        return self.text[:80]
