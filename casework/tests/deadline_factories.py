"""Cases, people and moments for the deadline, reminder and notification tests."""

import datetime

from django.utils import timezone

from casework.tests.sample.models import SampleApplication
from registry.tests.factories import AuthorityFactory, UserFactory, staff_of


def local(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """A moment in the portal's time zone (Asia/Almaty by default)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def sample_case(*, authority=None, assignee=None, **kwargs) -> SampleApplication:
    return SampleApplication.objects.create(
        applicant=kwargs.pop("applicant", None) or UserFactory(),
        authority=authority,
        assignee=assignee,
        **kwargs,
    )


class Office:
    """An authority with a staff member, a second staff member and a head of department."""

    def __init__(self, *, language="ru"):
        self.authority = AuthorityFactory()
        self.staff = staff_of(self.authority, language=language)
        self.other_staff = staff_of(self.authority, language=language)
        self.head = staff_of(self.authority, head=True, language=language)

    def case(self, *, assigned=True, **kwargs) -> SampleApplication:
        return sample_case(
            authority=self.authority, assignee=self.staff if assigned else None, **kwargs
        )
