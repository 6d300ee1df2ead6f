"""Reminders to the applicant of their own term: the period to appeal a refusal (seed 002: the
applicant may appeal a refusal). Staff hear of their terms through casework's deadline scan;
the appeal period is kept out of it, and this scan reminds the applicant instead, each reminder
once (casework's ReminderSent row, unique per deadline and reminder), and closes the period
when it has run out: the refusal then stands.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.deadlines import deadline_complete
from casework.models import Deadline, ReminderSent
from casework.notifications import notify_applicant_side

from .. import conf
from ..models import LicenseApplication
from .applications import DEADLINE_APPEAL_PERIOD

State = LicenseApplication.State


def _localdate(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def appeal_period_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind applicants whose appeal period ends within LICENSING_APPEAL_REMINDER_DAYS calendar
    days (only the most urgent reminder due), and close the periods that have ended. Reads the
    refused applications by their due date (the end of the appeal period), through an index.
    Returns how many reminders were sent."""
    now = now or timezone.now()
    today = _localdate(now)
    offsets = sorted({int(d) for d in conf.get("LICENSING_APPEAL_REMINDER_DAYS") if int(d) >= 0})
    horizon = today + datetime.timedelta(days=offsets[-1] if offsets else 0)
    refused = list(
        LicenseApplication.objects.filter(state=State.REFUSED, due_date__lte=horizon)
        .select_related("applicant", "organization")
        .order_by("due_date", "pk")
    )
    if not refused:
        return 0
    deadlines = {
        d.case_id: d
        for d in Deadline.objects.filter(
            case_type=ContentType.objects.get_for_model(LicenseApplication),
            case_id__in=[a.pk for a in refused],
            kind=DEADLINE_APPEAL_PERIOD,
            state=Deadline.State.RUNNING,
        )
    }
    # A corrected application answers the refusal: its applicant needs no reminder to appeal.
    answered = set(
        LicenseApplication.objects.filter(resubmission_of__in=[a.pk for a in refused])
        .exclude(state=State.WITHDRAWN)
        .values_list("resubmission_of_id", flat=True)
    )
    sent = 0
    for application in refused:
        deadline = deadlines.get(application.pk)
        if deadline is None:
            continue
        if deadline.due_at < now:
            with transaction.atomic(durable=True):
                deadline_complete(application, DEADLINE_APPEAL_PERIOD, at=now)
            continue
        if application.pk in answered:
            continue
        last_day = _localdate(deadline.due_at)
        days_left = (last_day - today).days
        due = [offset for offset in offsets if days_left <= offset]
        if not due:
            continue
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        deadline=deadline, kind=f"applicant_{due[0]}", sent_at=now
                    )
            except IntegrityError:
                continue
            notify_applicant_side(
                application,
                "licensing_appeal_period_reminder",
                {"last_day": last_day, "days_left": days_left},
            )
            sent += 1
    return sent
