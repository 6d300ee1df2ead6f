"""History of casework's rows people change (registry/history.py), and who changes rows from a
Celery task: each task runs in a history context naming it, so its rows say which task wrote
them (a task run inside a request keeps the request's user and adds its own name)."""

from celery import signals

from registry import history

_open_contexts: dict[str, history.context] = {}


def declare() -> None:
    """Track the calendar an admin keeps and the legal acts issued (called from
    CaseworkConfig.ready). The transition log is append-only and is history itself."""
    from .models import CalendarDay, DocumentRendition, IssuedDocument

    history.track(CalendarDay)
    history.track(IssuedDocument)
    history.track(DocumentRendition)


@signals.task_prerun.connect
def _task_history_begins(task_id=None, task=None, **kwargs):
    context = history.context(task=task.name)
    context.__enter__()
    _open_contexts[task_id] = context


@signals.task_postrun.connect
def _task_history_ends(task_id=None, **kwargs):
    context = _open_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
