"""Helpers the accreditation services share: dates counted as the Instruction counts them."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from casework.exceptions import refuse

from ..refusals import AccreditationRefusal


def today() -> datetime.date:
    return timezone.localdate()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for 29 February)."""
    return day + relativedelta(years=years)


def add_months(day: datetime.date, months: int) -> datetime.date:
    return day + relativedelta(months=months)


def applied_on(case) -> datetime.date:
    """The day of the application (К11, К22 count from it)."""
    return timezone.localtime(case.submitted_at).date() if case.submitted_at else today()


def require_certified_body(body, day: datetime.date, *, case=None) -> None:
    # К4: only a body certified on the day accepts applications and issues certificates.
    if not body.is_certified_on(day):
        refuse(
            AccreditationRefusal.K4_BODY_NOT_CERTIFIED,
            case=case,
            body=body.authority.name,
            day=day.strftime("%d.%m.%Y"),
        )


def case_set(case, **fields):
    """Write fields of a case beside its protected state (the state changes only through
    case_transition), in the database and on the instance."""
    type(case)._base_manager.filter(pk=case.pk).update(**fields)
    for name, value in fields.items():
        setattr(case, name, value)
    return case
