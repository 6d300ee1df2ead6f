"""Reminders to the organization of its own term (А15: self-assessment one month before the
start). Staff hear of every term through casework's deadlines; the organization is not staff,
so it is reminded here, once per reminder (OrganizationReminder's unique constraint)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction

from casework.notifications import notify_each, representatives_of

from .. import conf, rules
from ..models import Attestation, OrganizationReminder
from ._common import today


def self_assessment_reminders_send() -> int:
    """Remind organizations whose self-assessment is due within the configured days
    (ATTESTATION_SELF_ASSESSMENT_REMINDER_DAYS, calendar days before the term) and not yet
    submitted. Only the most urgent reminder due is sent; returns how many were sent."""
    day = today()
    offsets = sorted({int(d) for d in conf.get("ATTESTATION_SELF_ASSESSMENT_REMINDER_DAYS")})
    if not offsets:
        return 0
    months = relativedelta(months=conf.get("ATTESTATION_SELF_ASSESSMENT_MONTHS"))
    candidates = (
        Attestation.objects.filter(
            state__in=[Attestation.State.NOTIFIED, Attestation.State.COMMISSION_APPROVED],
            start_date__gte=day + months - datetime.timedelta(days=3),
            start_date__lte=day + months + datetime.timedelta(days=offsets[-1] + 3),
        )
        .exclude(self_assessment__submitted_at__isnull=False)
        .select_related("organization")
    )
    sent = 0
    for attestation in candidates:
        due = rules.self_assessment_deadline(attestation.start_date)
        left = (due - day).days
        if left < 0:
            continue
        due_offsets = [o for o in offsets if left <= o]
        if not due_offsets:
            continue
        kind = f"self_assessment_{due_offsets[0]}"
        # Each reminder commits on its own (durable, as an entry point's transaction).
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    OrganizationReminder.objects.create(attestation=attestation, kind=kind)
            except IntegrityError:
                continue
            notify_each(
                representatives_of(attestation.organization_id),
                "attestation_self_assessment_reminder",
                {"attestation": attestation, "due": due, "days_left": left},
                attestation.get_absolute_url(),
            )
            sent += 1
    return sent
