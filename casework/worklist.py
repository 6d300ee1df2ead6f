"""What waits for a person: every procedure registers a provider of work items, and the
dashboard shows them all together under "Awaiting me", oldest term first.

A provider is `fn(user) -> Iterable[WorkItem]`, registered with `@worklist_provider` in the
app's `AppConfig.ready()`. It answers only for the roles the user holds and costs a fixed number
of queries whatever the number of rows (it selects with `select_related`, never per item).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[[object], Iterable["WorkItem"]]

_providers: list[Provider] = []


@dataclass(frozen=True)
class WorkItem:
    procedure: str  # "Licensing", translated
    title: str  # what is to be done: "Decide on the application"
    subject: str  # which case: "LIC-2026-00012 · School No. 5"
    url: str  # the page where the action is
    action: str  # its verb on the button: "Decide", "Sign", "Vote"
    due: datetime.date | None = None  # the term the action is held to; None sorts last
    since: datetime.datetime | None = None  # when the item started waiting

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < datetime.date.today()


def worklist_provider(provider: Provider) -> Provider:
    """Register a provider; registering the same function twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def work_for(user) -> list[WorkItem]:
    """Every item waiting for the user, the earliest term first, then the longest waiting."""
    if not user.is_authenticated:
        return []
    items = [item for provider in _providers for item in provider(user)]
    return sorted(
        items,
        key=lambda item: (
            item.due or datetime.date.max,
            item.since or datetime.datetime.max.replace(tzinfo=datetime.UTC),
            item.subject,
        ),
    )
