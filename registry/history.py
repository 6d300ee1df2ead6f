"""History of registry data and case rows: who changed what, when (django-pghistory).

PostgreSQL triggers write a snapshot of the row into the model's `<Model>History` table on every
insert, update and delete, so a bulk `.update()`, the admin, a service and a shell all leave a row.
Who and through which address comes from the request (`HistoryMiddleware`) or the Celery task
(casework/history.py), attached to the snapshot as pghistory's context.

The history models are made when each app is ready (`track` from the app's `history.declare()`),
after modeltranslation has added the per-language columns, so a change of the Kazakh name is as
visible as one of the Russian name. SQLite (the embedded demo) has the tables but no triggers.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import pghistory
import pghistory.core
import pghistory.middleware
from django.db import connection, models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMFieldMixin
from modeltranslation.fields import TranslationField

# Rows that only say when someone last logged in or what their password hash is are noise.
USER_NOISE = ("password", "last_login")


def track(model: type[models.Model], *, exclude: tuple[str, ...] = ()) -> type[models.Model]:
    """Keep the history of `model` in a `<Model>History` model of the same app: a snapshot of
    every column but `exclude` at each insert, update (when a kept column changed) and delete.

    A translated field's own column follows the active language when the row is saved; the
    per-language columns are what people edit, so those are kept and it is not.
    """
    name = f"{model.__name__}History"
    existing = getattr(model._meta.app_config.models_module, name, None)
    if existing is not None:  # declared already (an app made ready twice, as some tests do)
        return existing
    local = model._meta.local_fields
    translated = {f.translated_field.name for f in local if isinstance(f, TranslationField)}
    kept = [f for f in local if f.name not in {*exclude, *translated}]
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        fields=[f.name for f in kept],
        obj_field=pghistory.ObjForeignKey(related_name="+", related_query_name="+"),
        model_name=name,
        append_only=True,
        abstract=False,
        attrs={f.name: _history_field(model, f) for f in kept if not f.primary_key},
    )


# What a column means to people (labels, choices, validators, defaults) stays on the model: a new
# label or choice then needs no migration of the history, and a column added to the model later
# is added to its history as nullable, empty in the rows written before it existed.
_FORM_ONLY = (
    "verbose_name",
    "help_text",
    "choices",
    "default",
    "validators",
    "error_messages",
    "upload_to",
    "db_comment",
    "protected",
)
_KEY_COLUMNS = (
    (models.BigAutoField, models.BigIntegerField),
    (models.SmallAutoField, models.SmallIntegerField),
    (models.AutoField, models.IntegerField),
)


def _history_field(model: type[models.Model], f: models.Field) -> models.Field:
    if isinstance(f, models.ForeignKey):
        # A reference is kept as the key it held, a plain column: no constraint (the row it
        # named may go), and no relation for Django to follow, which would make every model
        # that references users or organizations slower to load in each migration.
        for auto, column in _KEY_COLUMNS:
            if isinstance(f.target_field, auto):
                return column(db_column=f.column, null=True)
    # pghistory's own construction (no uniqueness), then nullable and stripped of what belongs
    # to the form.
    generated = pghistory.core._generate_history_field(model, f.name)
    _name, path, args, kwargs = generated.deconstruct()
    for key in _FORM_ONLY:
        kwargs.pop(key, None)
    kwargs["null"] = True
    # The state of a state machine is plain text in its history: the history model is no state
    # machine, and its rows are written by the trigger whatever the transition rules say.
    cls = models.CharField if isinstance(f, FSMFieldMixin) else import_string(path)
    return cls(*args, **kwargs)


def is_recorded() -> bool:
    """History is written by PostgreSQL triggers; other databases keep none."""
    return connection.vendor == "postgresql"


class context:  # noqa: N801 - used like pghistory.context, which it wraps
    """`pghistory.context(**metadata)` on PostgreSQL, nothing elsewhere: the context is set by a
    statement prefixed to every write, which only PostgreSQL understands."""

    def __init__(self, **metadata: Any):
        self._inner = pghistory.context(**metadata) if is_recorded() else None

    def __enter__(self):
        return self._inner.__enter__() if self._inner is not None else None

    def __exit__(self, *exc):
        return self._inner.__exit__(*exc) if self._inner is not None else None


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """Records the user and the address of each writing request (POST, PUT, PATCH, DELETE) with
    the history rows it causes; on PostgreSQL only (see `context`)."""

    def __call__(self, request):
        if not is_recorded():
            return self.get_response(request)
        return super().__call__(request)


# --- reading ---------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: Any
    new: Any


@dataclass
class Entry:
    """One history row as people read it: when, who (or which task), what happened and what
    changed, field by field."""

    at: Any
    kind: str
    who: Any = None
    task: str = ""
    url: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_display(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


# Rows shown on an admin change page: the newest; the rest stay in the table.
ADMIN_LIMIT = 50

KIND_LABELS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}


def is_tracked(model: type[models.Model]) -> bool:
    return bool(getattr(model, "pgh_event_models", None))


def object_history(obj: models.Model, *, limit: int = 50) -> list[Entry]:
    """The newest `limit` history rows of `obj`, newest first, each with what changed since the
    row before it. Three queries whatever the number of rows: the events with their diffs, the
    users named, and one per kind of row a changed reference points to."""
    if obj.pk is None or not is_tracked(type(obj)) or not is_recorded():
        return []
    from pghistory.models import Events

    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    columns = {f.column: f for f in type(obj)._meta.concrete_fields}
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    references = _references(events, columns)
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager.in_bulk(user_ids) if user_ids else {}
    entries = []
    for event in events:
        context_data = event.pgh_context or {}
        diff = event.pgh_diff or {}
        changes = [
            Change(
                label=str(f.verbose_name),
                old=_readable(f, diff[f.column][0], references),
                new=_readable(f, diff[f.column][1], references),
            )
            for f in columns.values()
            if f.column in diff
        ]
        entries.append(
            Entry(
                at=event.pgh_created_at,
                kind=event.pgh_label,
                who=users.get(context_data.get("user")),
                task=context_data.get("task", ""),
                url=context_data.get("url", ""),
                changes=changes,
            )
        )
    return entries


def _references(events, columns) -> dict:
    """{(related model, pk): row} for every reference a diff mentions, one query per model."""
    wanted: dict[type[models.Model], set] = {}
    for event in events:
        for column, values in (event.pgh_diff or {}).items():
            f = columns.get(column)
            if isinstance(f, models.ForeignKey):
                wanted.setdefault(f.related_model, set()).update(v for v in values if v is not None)
    found = {}
    for model, pks in wanted.items():
        for pk, row in model._default_manager.in_bulk(pks).items():
            found[model, pk] = row
    return found


def _readable(f: models.Field, value, references: dict):
    if value is None or value == "":  # both read as "nothing" ("—")
        return None
    if isinstance(f, models.ForeignKey):
        return references.get((f.related_model, value), f"#{value}")
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.DateTimeField):
        moment = parse_datetime(value)
        return formats.localize(timezone.localtime(moment)) if moment else value
    if isinstance(f, models.DateField):
        day = parse_date(value)
        return formats.localize(day) if day else value
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return value


# --- what the registry keeps -----------------------------------------------------------------


def declare() -> None:
    """Track the registry's data (called once, from RegistryConfig.ready)."""
    from .models import (
        Authority,
        EducationLevel,
        Expert,
        ExpertAffiliation,
        Organization,
        Qualification,
        Region,
        RoleAssignment,
        Specialty,
        User,
    )

    for model in (
        Region,
        Authority,
        EducationLevel,
        Specialty,
        Qualification,
        Organization,
        Expert,
        ExpertAffiliation,
        RoleAssignment,
    ):
        track(model)
    track(User, exclude=USER_NOISE)
