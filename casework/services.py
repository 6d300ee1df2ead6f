"""The one write path of every case: create a draft, and move it from state to state.

A procedure's service names the use case and its rule, then calls `case_transition`:

    def license_application_submit(application, *, actor):
        return case_transition(
            application, "submit", actor=actor,
            permission=represents,
            side_effects=[("licensing.tasks.receipt_send", {"application_id": application.pk})],
        )

All of it happens in one transaction: the row is locked, the state, the log row and the queued
side effects commit together or not at all.
"""

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from casework import outbox
from casework.exceptions import CaseConflict, CasePermissionDenied, TransitionRefused
from casework.locks import locked as locked_rows
from casework.models import Case, TransitionLog

SideEffects = Iterable[tuple[str, dict[str, Any]]]
Permission = Callable[[Any, models.Model], bool]  # an access predicate, (user, obj)


def entry_point(service):
    """The service as views, the API, tasks and the admin call it: in a transaction of its own,
    durable (as Zulip's actions), so nothing folds its commit into a larger one and its
    after-commit work runs when it returns. `service.inner` is the same function without the
    transaction, for a caller already inside one (another service, the demo's build)."""

    @functools.wraps(service)
    def durable(*args, **kwargs):
        with transaction.atomic(durable=True):
            return service(*args, **kwargs)

    durable.inner = service
    return durable


def case_create(
    model: type[Case],
    *,
    actor,
    comment: str = "",
    side_effects: SideEffects = (),
    **fields,
) -> Case:
    """A new case in its initial state, numbered, with its first log row. The applicant is
    the actor unless `applicant` is given (staff filing a paper application for someone)."""
    fields.setdefault("applicant", actor)
    with transaction.atomic():
        case = model(**fields)
        case.save()
        _log(case, transition="create", source="", target=case.state, actor=actor, comment=comment)
        _enqueue(side_effects)
    return case


def case_transition(
    case: models.Model | tuple[type[models.Model], int],
    transition_name: str,
    *,
    actor,
    comment: str = "",
    permission: Permission | None = None,
    side_effects: SideEffects = (),
    **transition_kwargs,
):
    """Run a transition of a case (or of any model with a django-fsm state: a license, a
    schedule) and return the object as saved (use it; the instance passed in is not updated).

    `case` is the instance the user acted on, or (model, pk). `actor` is the user, or None for
    the system itself (a scheduled task), for which no permission is checked. The transition's
    own `permission=` (casework.access.rule) is asked, and `permission(actor, case)`, an access
    predicate, beside it. Side effects are (task name, kwargs) pairs queued through the outbox:
    they run only if this commits.

    Raises CaseConflict when the object changed since the caller's copy was read or no longer
    offers the transition, CasePermissionDenied, or TransitionRefused when a condition of the
    transition is not met (a condition may carry a translated `refusal_reason` and a
    `refusal_code`).
    """
    model, pk = (type(case), case.pk) if isinstance(case, models.Model) else case
    method = getattr(model, transition_name, None)
    if not hasattr(method, "_django_fsm"):
        raise ValueError(f"{model.__name__} has no transition {transition_name!r}")
    state_name = _state_field_name(method)
    seen_state = getattr(case, state_name) if isinstance(case, models.Model) else None
    with transaction.atomic():
        # The lock makes concurrent actions on one case queue up here; each then sees the state
        # the previous one left. ConcurrentTransitionMixin is the second line, for a database
        # without row locks.
        locked = locked_rows(model).get(pk=pk)
        method = getattr(locked, transition_name)
        meta = method._django_fsm
        source = getattr(locked, state_name)
        if (seen_state is not None and seen_state != source) or not can_proceed(
            method, check_conditions=False
        ):
            raise CaseConflict(case=locked)
        if actor is not None and not (
            meta.has_transition_perm(locked, source, actor)
            and (permission is None or permission(actor, locked))
        ):
            raise CasePermissionDenied()
        for condition in meta.get_transition(source).conditions:
            if not condition(locked):
                raise TransitionRefused(
                    getattr(condition, "refusal_reason", None),
                    case=locked,
                    code=getattr(condition, "refusal_code", None),
                )
        try:
            method(**transition_kwargs)
            locked.save()
        except (ConcurrentTransition, TransitionNotAllowed) as exc:
            raise CaseConflict(case=locked) from exc
        _log(
            locked,
            transition=transition_name,
            source=source,
            target=getattr(locked, state_name),
            actor=actor,
            comment=comment,
        )
        _enqueue(side_effects)
    return locked


def _state_field_name(method) -> str:
    field = method._django_fsm.field
    return field if isinstance(field, str) else field.name


def _log(
    case: models.Model, *, transition: str, source: str, target: str, actor, comment: str
) -> TransitionLog:
    return TransitionLog.objects.create(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        transition=transition,
        source=source,
        target=target,
        actor=actor,
        comment=comment,
    )


def _enqueue(side_effects: SideEffects) -> None:
    for task_name, kwargs in side_effects:
        outbox.enqueue(task_name, **kwargs)
