"""The licensing council (seed 002: it decides on a license collegially) and its votes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LicensingCouncil(models.Model):
    authority = models.ForeignKey(
        "registry.Authority",
        models.PROTECT,
        related_name="licensing_councils",
        verbose_name=_("authority"),
    )
    name = models.CharField(_("name"), max_length=300)
    is_active = models.BooleanField(_("sitting"), default=True)

    class Meta:
        verbose_name = _("licensing council")
        verbose_name_plural = _("licensing councils")
        ordering = ["authority_id", "name"]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    council = models.ForeignKey(
        LicensingCouncil, models.CASCADE, related_name="members", verbose_name=_("council")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="licensing_council_seats",
        verbose_name=_("member"),
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    is_active = models.BooleanField(_("sitting"), default=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council_id", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="licensing_council_seat"),
        ]

    def __str__(self):
        return str(self.user)


class CouncilReview(models.Model):
    """The council's consideration of one application: open for votes, then closed with an
    outcome that the decision record lists with every vote."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Grant")
        REFUSE = "refuse", _("Refuse")

    application = models.ForeignKey(
        "licensing.LicenseApplication",
        models.PROTECT,
        related_name="council_reviews",
        verbose_name=_("application"),
    )
    council = models.ForeignKey(
        LicensingCouncil, models.PROTECT, related_name="reviews", verbose_name=_("council")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Counted when the review closes, so the record stays true if the council changes later:
    # the sitting members who could vote, and those who could not for a conflict of interest.
    members_count = models.PositiveSmallIntegerField(_("members entitled to vote"), default=0)
    recused = models.JSONField(_("members with a conflict of interest"), default=list, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstained"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("council review")
        verbose_name_plural = _("council reviews")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.council}: {self.application}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CouncilVote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    review = models.ForeignKey(
        CouncilReview, models.CASCADE, related_name="votes", verbose_name=_("review")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("member")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["review_id", "cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="licensing_one_vote"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_choice_display()}"
