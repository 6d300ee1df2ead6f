"""Celery tasks of the shared case machinery. Each loads what it needs by id and is idempotent.

Add yours below; queue them from services through casework.outbox.enqueue, not .delay()."""

from celery import shared_task

from casework import outbox


@shared_task(name="casework.tasks.outbox_relay", ignore_result=True)
def outbox_relay(limit: int = 500) -> int:
    """Hand pending outbox messages to the broker (beat runs this every few seconds)."""
    return outbox.relay_pending(limit=limit)
