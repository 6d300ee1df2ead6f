"""Tasks that survive a broker outage: a transactional outbox in front of Celery.

`enqueue("app.tasks.name", **kwargs)` writes an OutboxMessage in the caller's transaction and,
once that transaction commits, tries to hand it to Celery at once. When the broker is down the
attempt fails fast, the row stays pending, and the periodic `casework.tasks.outbox_relay` (beat,
every few seconds) sends it later. A rolled-back transaction takes its messages with it.

Delivery is at least once: a relay that publishes and then dies before its commit sends the row
again. Tasks queued here must therefore be idempotent; each delivery of one message carries the
same Celery task id, `outbox-<message id>`, which `message_id(self.request)` turns back into the
message id for a task that wants to record what it has done.

Under CELERY_TASK_ALWAYS_EAGER (the embedded demo) the relay runs the task in-process right
after the commit.
"""

import datetime
import importlib
import logging

from django.db import transaction
from django.utils import timezone

from casework.models.outbox import OutboxMessage

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"


def enqueue(task_name: str, **kwargs) -> OutboxMessage:
    """Queue a Celery task by name with JSON-serializable keyword arguments.

    Call it inside the transaction whose outcome the task depends on; nothing is sent unless
    that transaction commits."""
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: _relay_after_commit(message.pk), robust=True)
    return message


def relay_pending(limit: int = 500) -> int:
    """Send up to `limit` pending messages to Celery, oldest first; returns how many were sent.

    Two relays at the same moment take different rows (SKIP LOCKED), so none is sent twice by
    them. The first broker error ends the batch: the broker is most likely down, and waiting for
    a timeout per row would only hold the locks longer."""
    sent = 0
    with transaction.atomic():
        batch = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True)
            .order_by("id")[:limit]
        )
        if not batch:
            return 0
        with _Broker() as broker:
            for message in batch:
                if not _send(message, broker):
                    break
                sent += 1
    return sent


def relay_message(pk: int) -> bool:
    """Send one pending message now; False when it is already sent, taken by another relay, or
    the broker refused it (then it stays pending)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, dispatched_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        with _Broker() as broker:
            return _send(message, broker)


def purge_dispatched(keep_days: int = 30) -> int:
    """Delete rows sent more than `keep_days` ago; pending rows are never deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    deleted, _ = OutboxMessage.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted


def message_id(request) -> int | None:
    """The outbox message id of the Celery task being run (pass the task's `self.request`), or
    None when the task was not queued through the outbox."""
    task_id = getattr(request, "id", None) or ""
    if task_id.startswith(TASK_ID_PREFIX):
        return int(task_id.removeprefix(TASK_ID_PREFIX))
    return None


def _relay_after_commit(pk: int) -> None:
    # Runs after the request's commit: whatever goes wrong here must not turn a committed
    # action into an error page. The periodic relay picks the row up later.
    try:
        relay_message(pk)
    except Exception:
        logger.exception("Outbox message %s could not be relayed now; it stays pending.", pk)


class _Broker:
    """A pooled producer whose connection is tried once: when the broker is down, every send
    fails at once instead of waiting through kombu's reconnection loop. No producer under eager
    execution (there is no broker)."""

    def __init__(self):
        self.producer = None
        self.error = None

    def __enter__(self):
        app = _app()
        if app.conf.task_always_eager:
            return self
        try:
            self.producer = app.producer_pool.acquire(block=True, timeout=5)
            self.producer.connection.ensure_connection(max_retries=0)
        except Exception as exc:
            self.error = exc
        return self

    def __exit__(self, *exc_info):
        if self.producer is not None:
            if self.error is not None:
                # Do not hand a dead connection to the next user of the pool.
                self.producer.connection.collect()
            self.producer.release()


def _app():
    from config.celery import app

    return app


def _send(message: OutboxMessage, broker: _Broker) -> bool:
    """Publish one locked message and mark it; on a broker error record it and return False."""
    app = _app()
    message.attempts += 1
    task = _local_task(app, message.task_name)
    options = {"kwargs": message.kwargs, "task_id": message.celery_task_id, "retry": False}
    if broker.producer is not None:
        options["producer"] = broker.producer
    try:
        if broker.error is not None:
            raise broker.error
        # A savepoint: under eager execution the task runs right here, and a task that fails
        # must not leave half its writes in the relay's transaction.
        with transaction.atomic():
            if task is not None:
                task.apply_async(**options)
            else:
                app.send_task(message.task_name, **options)
    except Exception as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if not app.conf.task_always_eager or task is None:
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("Outbox message %s not sent: %s", message.pk, message.last_error)
            return False
        # Eager: the task was delivered and failed, as it could in a worker; Celery's own
        # retry policy, not the outbox, decides what happens next.
        logger.exception("Outbox task %s (message %s) failed", message.task_name, message.pk)
    else:
        message.last_error = ""
    message.dispatched_at = timezone.now()
    message.save(update_fields=["attempts", "last_error", "dispatched_at"])
    return True


def _local_task(app, name: str):
    """The registered task object, importing its module if need be: apply_async honours eager
    mode and task routes. None when this process does not know the task."""
    if name not in app.tasks:
        module = name.rpartition(".")[0]
        if module:
            try:
                importlib.import_module(module)
            except ImportError:
                return None
    return app.tasks.get(name)
