"""Yearly attestation schedules (А11), the changes made to them (А13, А14), and what proposes
their entries: past attestations (А4) and intermediate state control results (А5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from casework.access import rule


class AttestationKind(models.TextChoices):
    PLANNED = "planned", _("Planned")  # А4
    EXTRAORDINARY = "extraordinary", _("Extraordinary")  # А5


class Schedule(ConcurrentTransitionMixin, models.Model):
    """А11: one authority's attestation schedule for one calendar year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    authority = models.ForeignKey(
        "registry.Authority",
        models.PROTECT,
        related_name="attestation_schedules",
        verbose_name=_("authority"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = FSMField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, protected=True
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    order_number = models.CharField(_("approving order"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("attestation schedule")
        verbose_name_plural = _("attestation schedules")
        ordering = ["-year", "authority_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year"],
                name="attestation_schedule_one_per_year",
                violation_error_message=_("The authority already has a schedule for this year."),
            )
        ]

    def __str__(self):
        return f"{self.authority} {self.year}"

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.APPROVED,
        permission=rule("attestation.schedule.approve"),
    )
    def approve(self):
        pass


class ScheduleEntry(models.Model):
    """One organization in a schedule: when its attestation starts and why it is there."""

    schedule = models.ForeignKey(
        Schedule, models.CASCADE, related_name="entries", verbose_name=_("schedule")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="attestation_schedule_entries",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=AttestationKind.choices)
    # Empty while the draft is being planned; the head approves only dated entries.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    # А5: for higher education an extraordinary attestation covers only the specialties whose
    # control results were over the threshold; empty means the whole organization.
    specialties = models.ManyToManyField(
        "registry.Specialty", blank=True, related_name="+", verbose_name=_("specialties")
    )
    basis = models.CharField(_("basis"), max_length=500, blank=True)
    last_attested_on = models.DateField(_("last attested on"), null=True, blank=True)
    notified_at = models.DateTimeField(_("organization notified at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed from the schedule at"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "organization"],
                condition=Q(removed_at__isnull=True),
                name="attestation_schedule_entry_once",
                violation_error_message=_("The organization is already in this schedule."),
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.start_date:%d.%m.%Y}"


class PostponementRequest(models.Model):
    """А13(1): an organization's written, reasoned request to move its attestation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    entry = models.ForeignKey(
        ScheduleEntry,
        models.CASCADE,
        related_name="postponement_requests",
        verbose_name=_("schedule entry"),
    )
    requested_start = models.DateField(_("requested start date"))
    reasons = models.TextField(_("reasons"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reply"), blank=True)

    class Meta:
        verbose_name = _("postponement request")
        verbose_name_plural = _("postponement requests")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="pending"),
                name="attestation_one_pending_postponement",
                violation_error_message=_("A request for this attestation is already pending."),
            )
        ]

    def __str__(self):
        return f"{self.entry}: {self.requested_start:%d.%m.%Y}"


class ScheduleChange(models.Model):
    """А13, А14: a change to an approved schedule, its basis, and when the organization was
    told of it."""

    class Kind(models.TextChoices):
        ADD = "add", _("Organization added")
        MOVE = "move", _("Start date moved")
        REMOVE = "remove", _("Organization removed")

    class Basis(models.TextChoices):
        REQUEST = "request", _("Reasoned request of the organization")  # А13(1)
        REORGANIZATION = "reorganization", _("Reorganization")  # А13(2)
        CONTROL_RESULTS = "control_results", _("Intermediate state control results")  # А13(3)

    entry = models.ForeignKey(
        ScheduleEntry, models.CASCADE, related_name="changes", verbose_name=_("schedule entry")
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    previous_start = models.DateField(_("previous start date"), null=True, blank=True)
    new_start = models.DateField(_("new start date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request = models.OneToOneField(
        PostponementRequest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="change",
        verbose_name=_("request"),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")
        ordering = ["made_at", "id"]

    def __str__(self):
        return f"{self.entry}: {self.get_kind_display()}"


class PriorAttestation(models.Model):
    """An attestation decided before the portal, so А4's five years count from it."""

    organization = models.ForeignKey(
        "registry.Organization",
        models.CASCADE,
        related_name="prior_attestations",
        verbose_name=_("organization"),
    )
    attested_on = models.DateField(_("attested on"))
    order_number = models.CharField(_("order"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("attestation before the portal")
        verbose_name_plural = _("attestations before the portal")
        ordering = ["-attested_on"]

    def __str__(self):
        return f"{self.organization} {self.attested_on:%d.%m.%Y}"


class ControlResultImport(models.Model):
    """One uploaded CSV of intermediate state control results (А5)."""

    authority = models.ForeignKey(
        "registry.Authority", models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    year = models.PositiveSmallIntegerField(_("year of the control"))
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("control results import")
        verbose_name_plural = _("control results imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.year})"


class ControlResult(models.Model):
    """А5: how many students of an organization (of a specialty, in higher education) sat the
    intermediate state control in a year, and how many failed it. A later import replaces the
    same organization's and specialty's figures for that year."""

    source = models.ForeignKey(
        ControlResultImport, models.CASCADE, related_name="results", verbose_name=_("import")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        models.CASCADE,
        related_name="control_results",
        verbose_name=_("organization"),
    )
    specialty = models.ForeignKey(
        "registry.Specialty",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty"),
    )
    year = models.PositiveSmallIntegerField(_("year of the control"))
    tested = models.PositiveIntegerField(_("students tested"))
    failed = models.PositiveIntegerField(_("students who failed"))

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["year", "organization_id", "specialty_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(failed__lte=models.F("tested")),
                name="attestation_control_failed_within_tested",
            ),
            models.UniqueConstraint(
                fields=["year", "organization"],
                condition=Q(specialty__isnull=True),
                name="attestation_control_once_per_organization",
            ),
            models.UniqueConstraint(
                fields=["year", "organization", "specialty"],
                condition=Q(specialty__isnull=False),
                name="attestation_control_once_per_specialty",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}: {self.failed}/{self.tested}"
