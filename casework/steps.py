"""Where a case stands, as a list of steps (the GOV.UK "task list" pattern): each step says
whether it is done, under way, still to come or not needed, who acts on it and by when.

Each procedure builds the list for its case from its state, its log and its deadlines, and the
case page renders it with `{% include "casework/_steps.html" with steps=steps %}`; the include
also says what is expected now (the current step) and what comes next (the first step after it).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepState(models.TextChoices):
    DONE = "done", _("Completed")
    CURRENT = "current", _("In progress")
    UPCOMING = "upcoming", _("Not started")
    SKIPPED = "skipped", _("Not needed")
    FAILED = "failed", _("Ended without success")


@dataclass(frozen=True)
class Step:
    title: str
    state: str = StepState.UPCOMING
    who: str = ""  # who acts on the step: "Licensing department", "The organization"
    due: datetime.date | None = None  # the step's term, while it runs
    done_on: datetime.date | None = None  # when it was completed
    note: str = ""  # one sentence more: the outcome, or what the person must do

    @property
    def state_label(self) -> str:
        return StepState(self.state).label

    @property
    def overdue(self) -> bool:
        return (
            self.state == StepState.CURRENT
            and self.due is not None
            and self.due < datetime.date.today()
        )


def step_current(steps: list[Step]) -> Step | None:
    return next((step for step in steps if step.state == StepState.CURRENT), None)


def step_next(steps: list[Step]) -> Step | None:
    """The first step still to come after the current one (or after the last completed one)."""
    after = 0
    for index, step in enumerate(steps):
        if step.state in (StepState.CURRENT, StepState.DONE, StepState.FAILED):
            after = index + 1
    return next((step for step in steps[after:] if step.state == StepState.UPCOMING), None)
