"""Deadlines of cases and the reminders sent about them (services: casework.deadlines)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Deadline(models.Model):
    """One legal term of one case: when it ends, and whether its clock runs.

    Every procedure has its own case table, so the case is a generic reference. While the case
    waits for the applicant the clock is paused: `due_at` keeps its last value for the record,
    and `remaining_working_days` holds what is left, to be counted again from the resumption.
    `next_reminder_at` is the moment the next reminder falls due; the periodic scan reads it
    through a partial index that holds running deadlines only.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    kind = models.CharField(_("kind"), max_length=50)
    working_days = models.PositiveIntegerField(_("term in working days"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    remaining_working_days = models.PositiveIntegerField(
        _("working days left when paused"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    next_reminder_at = models.DateTimeField(_("next reminder at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "id"]
        indexes = [
            # The reminder scan: running deadlines whose next reminder is due, oldest first.
            # Done, cancelled and paused rows (nearly all of them, in time) are not in it.
            models.Index(
                fields=["next_reminder_at"],
                condition=Q(state="running", next_reminder_at__isnull=False),
                name="deadline_reminder_due",
            ),
            models.Index(fields=["case_type", "case_id"], name="deadline_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="paused")
                | Q(paused_at__isnull=False, remaining_working_days__isnull=False),
                name="deadline_paused_keeps_remaining_days",
            ),
            # Opening a kind again restarts its term (casework.deadlines.deadline_open), so a
            # case never has two live clocks of one kind.
            models.UniqueConstraint(
                fields=["case_type", "case_id", "kind"],
                condition=Q(state__in=["running", "paused"]),
                name="deadline_one_live_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.due_at:%Y-%m-%d}"


class ReminderSent(models.Model):
    """A reminder that has been sent. The row is inserted before the notification, and the
    unique constraint makes a second insert fail: two workers scanning at the same moment
    cannot both send it."""

    deadline = models.ForeignKey(
        Deadline, models.CASCADE, related_name="reminders_sent", verbose_name=_("deadline")
    )
    kind = models.CharField(_("reminder"), max_length=20)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.deadline}: {self.kind}"
