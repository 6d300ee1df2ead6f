"""The external expert visit (К14–К16) and the expert report (К17)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertVisit(models.Model):
    """One visit of the external expert commission to the organization of a case.

    The commission is drawn from the pool (licensing.draw.select_commission: fewest seats first,
    ties by a random key from the stored seed), so anyone can re-run the draw from `candidates`
    and `seed` and get the same experts."""

    case = models.OneToOneField(
        "accreditation.AccreditationCase",
        models.CASCADE,
        related_name="visit",
        verbose_name=_("case"),
    )
    notice_on = models.DateField(_("organization told on"))  # К14
    start_on = models.DateField(_("first day"))
    end_on = models.DateField(_("last day"))  # К15
    seed = models.CharField(_("draw seed"), max_length=64)
    algorithm = models.CharField(_("draw algorithm"), max_length=60)
    candidates = models.JSONField(_("candidates of the draw"), default=list)
    completed_at = models.DateTimeField(_("visit recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert visit")
        verbose_name_plural = _("expert visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")),
                name="acc_visit_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.start_on}–{self.end_on}"


class ExpertSeat(models.Model):
    """An expert on the commission of a visit; `report_opened_at` is when they first opened
    the self-assessment report (К16: before the visit)."""

    visit = models.ForeignKey(
        ExpertVisit, models.CASCADE, related_name="seats", verbose_name=_("visit")
    )
    expert = models.ForeignKey(
        "registry.Expert",
        models.PROTECT,
        related_name="accreditation_seats",
        verbose_name=_("expert"),
    )
    # Kept here so the cooling-off rule reads one table.
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    start_on = models.DateField(_("visit starts"))
    is_chair = models.BooleanField(_("chair"), default=False)
    report_opened_at = models.DateTimeField(
        _("self-assessment report opened at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("expert seat")
        verbose_name_plural = _("expert commission")
        ordering = ["visit", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "expert"], name="acc_seat_once_per_visit")
        ]

    def __str__(self):
        return f"{self.expert} ({self.visit})"


class ExpertReport(models.Model):
    """The commission's report on the visit, with a finding per standard (К17)."""

    case = models.OneToOneField(
        "accreditation.AccreditationCase",
        models.CASCADE,
        related_name="expert_report",
        verbose_name=_("case"),
    )
    summary = models.TextField(_("summary"))
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        "registry.User", models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    # К17: submitted after its term (accepted where ACCREDITATION_EXPERT_REPORT_LATE_ACCEPTED).
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("expert report")
        verbose_name_plural = _("expert reports")

    def __str__(self):
        return f"{self.case}: {_('expert report')}"


class ExpertFinding(models.Model):
    class Assessment(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        PARTLY = "partly", _("Partly compliant")
        NON_COMPLIANT = "non_compliant", _("Non-compliant")

    report = models.ForeignKey(
        ExpertReport, models.CASCADE, related_name="findings", verbose_name=_("report")
    )
    standard = models.ForeignKey(
        "accreditation.Standard", models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    assessment = models.CharField(_("assessment"), max_length=15, choices=Assessment.choices)
    text = models.TextField(_("finding"), blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["report", "standard"]
        constraints = [
            models.UniqueConstraint(fields=["report", "standard"], name="acc_finding_per_standard")
        ]

    def __str__(self):
        return f"{self.standard}: {self.get_assessment_display()}"
