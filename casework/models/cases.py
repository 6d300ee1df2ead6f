"""The case: what every application-like record of every procedure shares."""

import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    IN_PERSON = "in_person", _("In person")
    STATE_CORPORATION = "state_corporation", _("State Corporation")


class CaseNumberCounter(models.Model):
    """The last number allotted per procedure prefix and year; advanced by one atomic upsert."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="case_number_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"

    @classmethod
    def allot(cls, prefix: str, year: int) -> int:
        """The next number for the prefix and year. One statement, so two requests at the same
        moment never get the same number, and a rolled-back transaction leaves a gap."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 "
                "RETURNING last",
                [prefix, year],
            )
            return cursor.fetchone()[0]


class Case(ConcurrentTransitionMixin, models.Model):
    """Abstract base of every procedure's application.

    `state` is protected: it changes only through transitions, and a save from a stale copy
    raises ConcurrentTransition. Write paths go through casework.services.case_transition.
    """

    # Each procedure sets its own, e.g. "LIC": numbers read LIC-2026-000123.
    NUMBER_PREFIX = "CASE"

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
        null=True,
        blank=True,
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    authority = models.ForeignKey(
        "registry.Authority",
        models.PROTECT,
        related_name="+",
        verbose_name=_("authority"),
        null=True,
        blank=True,
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PORTAL
    )
    state = FSMField(_("state"), default="draft", protected=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        _("working days paused"),
        default=0,
        help_text=_("Working days the clock stood still while waiting for the applicant."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            year = timezone.localdate().year
            serial = CaseNumberCounter.allot(self.NUMBER_PREFIX, year)
            self.number = f"{self.NUMBER_PREFIX}-{year}-{serial:06d}"
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.due_date is not None and self.due_date < datetime.date.today()
