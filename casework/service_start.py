"""The start page of a public service, as eGov service pages have: who can apply, the documents
needed, the fee, the legal term and how long cases usually take, before the first form.

A procedure builds a `ServiceStart` and renders "casework/service_start.html" with it as
`service`; `median_days` gives "how long it usually takes" from the procedure's closed cases.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import DurationField, ExpressionWrapper, F, FloatField, Func, QuerySet

# Above this many closed cases the median is taken from the newest ones: it describes how the
# service runs now, and its cost stays bounded outside PostgreSQL.
MEDIAN_SAMPLE = 5000


@dataclass(frozen=True)
class ServiceStart:
    title: str
    summary: str
    who_can_apply: list[str]
    documents: list[str]
    fee: str
    legal_term: str
    start_url: str = ""  # the first form; empty where the service starts on the authority's side
    start_label: str = ""
    median_days: float | None = None
    clauses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # anything else a person should know first


class _Median(Func):
    """PostgreSQL's ordered-set aggregate: percentile_cont(0.5) WITHIN GROUP (ORDER BY x)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    contains_aggregate = True
    output_field = FloatField()


def median_days(queryset: QuerySet, start_field: str, end_field: str) -> float | None:
    """The median time from `start_field` to `end_field` over the closed cases of `queryset`, in
    days (one decimal), or None when no case has both. One query."""
    closed = queryset.filter(**{f"{start_field}__isnull": False, f"{end_field}__isnull": False})
    if connection.vendor == "postgresql":
        seconds = closed.aggregate(
            median=_Median(
                Func(
                    F(end_field) - F(start_field),
                    function="EXTRACT",
                    template=("EXTRACT(EPOCH FROM %(expressions)s)"),
                )
            )
        )["median"]
        return None if seconds is None else round(seconds / 86400, 1)
    spans = sorted(
        closed.annotate(
            span=ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
        )
        .order_by(f"-{end_field}")
        .values_list("span", flat=True)[:MEDIAN_SAMPLE]
    )
    if not spans:
        return None
    middle = len(spans) // 2
    median = spans[middle] if len(spans) % 2 else (spans[middle - 1] + spans[middle]) / 2
    return round(median.total_seconds() / 86400, 1)
