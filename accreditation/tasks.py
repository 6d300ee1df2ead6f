"""Celery tasks of accreditation: each calls a service; each is idempotent. The beat entries
(daily) are listed in the report to the lead, who adds them to config/settings.py."""

from celery import shared_task


@shared_task(name="accreditation.tasks.certificates_expire", ignore_result=True)
def certificates_expire() -> int:
    """К25: certificates past their five years become expired (daily)."""
    from .services.certificates import certificates_expire as expire

    return expire()


@shared_task(name="accreditation.tasks.renewal_reminders_send", ignore_result=True)
def renewal_reminders_send() -> int:
    """К21: reminders 18, 15 and 13 months before expiry (daily)."""
    from .services.certificates import renewal_reminders_send as send

    return send()


@shared_task(name="accreditation.tasks.recommendations_mark_overdue", ignore_result=True)
def recommendations_mark_overdue() -> int:
    """Item 9: open recommendations past their due date become overdue (daily)."""
    from .services.followup import recommendations_mark_overdue as mark

    return mark()


@shared_task(name="accreditation.tasks.register_dump", ignore_result=True)
def register_dump() -> None:
    """К24: the nightly full dump of the register, CSV and JSON (accreditation.dump)."""
    from .dump import dump_write

    dump_write()
