"""Votes of the accreditation council on a case (К19)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Decision


class CouncilVote(models.Model):
    """One member's vote in one round of a case (an upheld appeal opens the next round)."""

    case = models.ForeignKey(
        "accreditation.AccreditationCase",
        models.CASCADE,
        related_name="votes",
        verbose_name=_("case"),
    )
    member = models.ForeignKey(
        "accreditation.CouncilMember",
        models.PROTECT,
        related_name="votes",
        verbose_name=_("member"),
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    choice = models.CharField(_("vote"), max_length=10, choices=Decision.choices)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["case", "round", "cast_at", "id"]
        constraints = [
            # К19: one vote per member per case and round.
            models.UniqueConstraint(
                fields=["case", "member", "round"],
                name="acc_one_vote_per_member",
                violation_error_code="accreditation.k19.already_voted",
            )
        ]

    def __str__(self):
        return f"{self.case}: {self.member} — {self.get_choice_display()}"
