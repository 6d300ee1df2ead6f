"""Celery tasks of licensing: each loads by id and calls a service; each is idempotent."""

from celery import shared_task

from .services import bulk


@shared_task(name="licensing.tasks.bulk_reissue_run", ignore_result=True, acks_late=True)
def bulk_reissue_run(run_id: int) -> None:
    bulk.bulk_reissue_run(run_id)


@shared_task(name="licensing.tasks.appeal_reminders_send", ignore_result=True)
def appeal_reminders_send() -> int:
    """Remind applicants of the end of their appeal period (beat, a few times a day)."""
    from .services.reminders import appeal_period_reminders_send

    return appeal_period_reminders_send()
