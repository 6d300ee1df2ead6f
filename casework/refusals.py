"""Stable codes of the refusals: one per rule, so a program (and a test) tells them apart by code
while people read a translated message.

Each procedure lists its codes in `<app>/refusals.py` as a subclass of `RefusalCode`:

    class AttestationRefusal(RefusalCode):
        # А35: at least 95 % of the sample took part
        A35_PARTICIPATION = "attestation.a35.participation", _("Fewer than 95 % took part.")

The value is the code (ASCII, `<procedure>.<clause or subject>.<rule>`, so a grep for `a35` finds
the rule, its tests and its API documentation); the label is the message people read when the
service gives no more specific one. `all_refusal_codes()` collects every app's codes for the
OpenAPI schema and for the test that every code is raised somewhere.
"""

from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class RefusalCode(models.TextChoices):
    """Base of every app's refusal codes (it has none of its own)."""


class CaseRefusal(RefusalCode):
    """What any action on a case can fail with, whatever the procedure."""

    CONFLICT = "case_conflict", _(
        "Someone else has just changed this case. Look at its current state and try again."
    )
    REFUSED = "transition_refused", _("This action is not possible for the case now.")


def all_refusal_codes() -> list[RefusalCode]:
    """Every refusal code of every installed app, in app order."""
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.refusals")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.refusals":
                raise
    codes = []
    for cls in _subclasses(RefusalCode):
        codes.extend(cls)
    return codes


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
