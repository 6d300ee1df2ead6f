"""Celery tasks of licensing: each loads by id and calls a service; each is idempotent."""

from celery import shared_task

from .services import bulk


@shared_task(name="licensing.tasks.bulk_reissue_run", ignore_result=True, acks_late=True)
def bulk_reissue_run(run_id: int) -> None:
    bulk.bulk_reissue_run(run_id)
