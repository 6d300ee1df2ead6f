"""Celery tasks of the shared case machinery. Each loads what it needs by id and is idempotent.

Add yours below; queue them from services through casework.outbox.enqueue, not .delay()."""

from celery import shared_task
from django.db import OperationalError

from casework import outbox


@shared_task(name="casework.tasks.outbox_relay", ignore_result=True)
def outbox_relay(limit: int = 500) -> int:
    """Hand pending outbox messages to the broker (beat runs this every few seconds)."""
    return outbox.relay_pending(limit=limit)


@shared_task(name="casework.tasks.outbox_purge", ignore_result=True)
def outbox_purge(keep_days: int = 30) -> int:
    """Delete outbox rows sent more than `keep_days` ago (beat, daily)."""
    return outbox.purge_dispatched(keep_days=keep_days)


@shared_task(
    name="casework.tasks.render_document",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # A database or disk hiccup is worth a few tries a few minutes apart; a template error is
    # not, and waits for the admin's "queue rendering again" once fixed.
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def render_document(document_id: int) -> None:
    """Render an issued document's PDF; a repeated delivery finds it done and returns.

    Routed to the "documents" queue by CELERY_TASK_ROUTES."""
    # Imported here: WeasyPrint takes a third of a second to import, and only the documents
    # worker needs it.
    from casework.documents import document_render

    document_render(document_id)


@shared_task(name="casework.tasks.deadline_reminders_scan", ignore_result=True)
def deadline_reminders_scan() -> int:
    """Send the deadline reminders that are due (beat, every few minutes). Two scans at once
    take different rows, and a reminder is never sent twice (casework/deadlines.py)."""
    from casework.deadlines import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(
    name="casework.tasks.notification_email_send",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(OSError,),  # SMTP errors and refused connections
    retry_backoff=60,
    max_retries=8,
)
def notification_email_send(notification_id: int) -> None:
    """E-mail a notification; a repeated delivery finds it e-mailed and returns."""
    from casework.notifications import notification_email_send

    notification_email_send(notification_id)
