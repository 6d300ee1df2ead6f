"""Demo data: `manage.py seed_demo` builds the registry from this package, then runs the steps
other apps register here to add their sample cases.

To add sample data from another app, put a `demo.py` in it:

    from registry.demo import DemoContext, demo_step

    @demo_step(order=20)  # lower runs first: licensing (20) before attestation (30)
    def license_samples(ctx: DemoContext) -> None:
        for organization in ctx.organizations[:10]:
            ...  # call your own services; ctx.rng keeps the data the same on every run

Steps run in the same transaction as the registry, after it is complete, in (order, name)
order; `ctx.credentials` rows are printed in the log-in table, so a step that creates people
can add them there.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass
class Credential:
    role: str
    email: str
    password: str
    totp_secret: str = ""  # base32, as authenticator apps take it
    backup_codes: tuple[str, ...] = ()
    note: str = ""


@dataclass
class DemoContext:
    rng: random.Random
    scale: int
    today: datetime.date
    out: Callable[[str], None]
    password: str
    regions: dict = field(default_factory=dict)  # KATO → Region
    authorities: dict = field(default_factory=dict)  # key ("moe", "regional:35", …) → Authority
    levels: dict = field(default_factory=dict)  # code → EducationLevel
    specialties: dict = field(default_factory=dict)  # code → Specialty
    qualifications: dict = field(default_factory=dict)  # code → Qualification
    organizations: list = field(default_factory=list)
    organization_levels: dict = field(default_factory=dict)  # organization pk → level codes
    experts: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # role → User
    credentials: list[Credential] = field(default_factory=list)


_steps: dict[str, tuple[int, Callable[[DemoContext], None]]] = {}


def demo_step(order: int = 100):
    """Registers a function that adds sample data once the registry is built."""

    def register(function: Callable[[DemoContext], None]):
        _steps[f"{function.__module__}.{function.__qualname__}"] = (order, function)
        return function

    return register


def registered_steps() -> list[Callable[[DemoContext], None]]:
    autodiscover_modules("demo")
    return [function for _name, (_order, function) in sorted(_steps.items(), key=_step_key)]


def _step_key(item):
    name, (order, _function) = item
    return order, name
