"""Row locks, taken one way everywhere: `select_for_update(of=("self",))`, several rows always in
primary-key order, so two transactions that lock the same rows queue up instead of deadlocking
(as Saleor's order/lock_objects.py)."""

from collections.abc import Iterable

from django.db import models


def locked(model: type[models.Model]) -> models.QuerySet:
    """A queryset whose rows are locked when read, in primary-key order."""
    return model._default_manager.select_for_update(of=("self",)).order_by("pk")


def lock(obj: models.Model) -> models.Model:
    """A fresh copy of the object's row, locked for the rest of the transaction."""
    return locked(type(obj)).get(pk=obj.pk)


def lock_all(model: type[models.Model], pks: Iterable[int]) -> list[models.Model]:
    """The rows, locked in primary-key order."""
    return list(locked(model).filter(pk__in=list(pks)))
