"""Days an admin adds to the working-day calendar on top of the public holidays.

Each year the government moves days off by decree (a Saturday becomes a working day so that a
Monday between holidays can be a day off); the `holidays` package knows some of these transfers,
and an admin enters the rest here. A row always wins over the package.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.TextChoices):
    KAZAKHSTAN = "KZ", _("Kazakhstan")
    KYRGYZSTAN = "KG", _("Kyrgyzstan")


def default_jurisdiction() -> str:
    return settings.PORTAL_JURISDICTION.upper()


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"))
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=2,
        choices=Jurisdiction.choices,
        default=default_jurisdiction,
    )
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("The decree that moved the day, for example."),
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "date"],
                name="calendar_day_unique",
                violation_error_message=_("This day is already in the calendar."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="calendar_day_changed")
def _calendar_day_changed(sender, using, **kwargs):
    # QuerySet.update() sends no signal: change rows one by one (the admin does).
    from casework.calendar import calendar_changed

    calendar_changed(using)
