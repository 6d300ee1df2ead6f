"""Appeals against the decision (К27)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Appeal(models.Model):
    class Outcome(models.TextChoices):
        OPEN = "open", _("Under consideration")
        UPHELD = "upheld", _("Upheld: the council votes again")
        DISMISSED = "dismissed", _("Dismissed: the decision stands")

    case = models.ForeignKey(
        "accreditation.AccreditationCase",
        models.PROTECT,
        related_name="appeals",
        verbose_name=_("case"),
    )
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    filed_by = models.ForeignKey(
        "registry.User", models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_text = models.TextField(_("reasons of the outcome"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(outcome="open"), name="acc_one_open_appeal"
            )
        ]

    def __str__(self):
        return f"{self.case}: {self.get_outcome_display()}"
