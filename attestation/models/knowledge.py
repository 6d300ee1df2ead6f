"""The knowledge check (А24-А29): rosters, the sample, and results entered cell by cell."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attestation.rules import ROSTER_GRADES

from .attestations import Attestation


def new_seed() -> str:
    return secrets.token_hex(16)


class Cohort(models.Model):
    """А24: the students tested together: one specialty (technical, vocational and higher
    education) or one graduating class. The sample is drawn per cohort from `sample_seed`, so
    anyone can draw it again and get the same students."""

    attestation = models.ForeignKey(
        Attestation, models.CASCADE, related_name="cohorts", verbose_name=_("attestation")
    )
    name = models.CharField(_("specialty or class"), max_length=300)
    specialty = models.ForeignKey(
        "registry.Specialty",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty"),
    )
    sample_seed = models.CharField(_("sample seed"), max_length=64, default=new_seed)
    sample_drawn_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["attestation_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["attestation", "name"], name="attestation_cohort_name_unique"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """The cohort as people read it: the specialty's name in the active language where the
        roster named a specialty of the classifier, else the group as the roster wrote it."""
        if self.specialty_id is not None:
            return f"{self.specialty.code} {self.specialty.name}"
        return self.name


class Student(models.Model):
    """A student on a cohort's roster with the current grade the sample is proportioned by."""

    cohort = models.ForeignKey(
        Cohort, models.CASCADE, related_name="students", verbose_name=_("cohort")
    )
    row = models.PositiveIntegerField(_("row"))
    full_name = models.CharField(_("student"), max_length=200)
    current_grade = models.CharField(
        _("current grade"),
        max_length=15,
        choices=[(g.value, g.label) for g in ROSTER_GRADES],
    )
    in_sample = models.BooleanField(_("in the sample"), default=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["cohort_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "row"], name="attestation_roster_row"),
            models.CheckConstraint(
                condition=Q(current_grade__in=[g.value for g in ROSTER_GRADES]),
                name="attestation_roster_grade",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "in_sample", "row"])]

    def __str__(self):
        return self.full_name


class Column(models.TextChoices):
    """What a result cell holds; each is a small whole number with its own range."""

    # xgettext:no-python-format
    TEST = "test", _("Comprehensive test, % right")  # А25: 0-100
    WRITTEN = "written", _("Written work, questions right of 5")  # А26: 0-5
    ABSENT = "absent", _("Absent")  # 1 when the student did not take part
    QUESTIONNAIRE = "questionnaire", _("Questionnaire favourable")  # А27: 1 yes, 0 no
    PASS = "pass", _("Passed")  # А27, other forms of control: 1 pass, 0 fail


COLUMN_RANGES = {
    Column.TEST: (0, 100),
    Column.WRITTEN: (0, 5),
    Column.ABSENT: (0, 1),
    Column.QUESTIONNAIRE: (0, 1),
    Column.PASS: (0, 1),
}


class ResultCell(models.Model):
    """One value in the results grid. `version` grows with every write, and a write names the
    version it was based on: when two members type into the same cell, the second is told of
    the first's value instead of overwriting it. An empty cell is a row with value None."""

    student = models.ForeignKey(
        Student, models.CASCADE, related_name="cells", verbose_name=_("student")
    )
    column = models.CharField(_("column"), max_length=15, choices=Column.choices)
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["student_id", "column"]
        constraints = [
            models.UniqueConstraint(fields=["student", "column"], name="attestation_cell_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(column="test", value__lte=100)
                | Q(column="written", value__lte=5)
                | Q(column__in=["absent", "questionnaire", "pass"], value__lte=1),
                name="attestation_cell_range",
            ),
        ]

    def __str__(self):
        return f"{self.student} {self.column}={self.value}"
