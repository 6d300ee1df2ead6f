"""Who may open an attestation, role by role, against an attestation of their own and a foreign
one (another organization's, held by another authority).

One table drives the predicate (attestation.permissions.may_view_attestation), the query that
lists (attestation.selectors.attestation_visible_to), the case page and the API detail: what the
predicate allows the page and the API show (200), what it denies they answer as if the
attestation did not exist (404), except to a visitor who is not logged in, whom the page sends
to log in and the API refuses.
"""

import datetime
from typing import NamedTuple

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attestation import services
from attestation.models import Attestation, CommissionMember
from attestation.permissions import may_view_attestation
from attestation.selectors import attestation_visible_to
from registry.models import Role
from registry.tests.factories import UserFactory, admin_user, grant

from .factories import World, attestation_in, commission_for, today

pytestmark = pytest.mark.django_db
API = "/api/v1/attestation/attestations"


class Access(NamedTuple):
    own: bool
    foreign: bool
    # What the page and the API answer where the role may not see the attestation.
    page_denied: int = 404
    api_denied: int = 404


TABLE = {
    # The page sends a visitor to log in; the API (IsAuthenticated, session authentication
    # first, which asks for no credentials in a header) refuses with 403.
    "anonymous": Access(own=False, foreign=False, page_denied=302, api_denied=403),
    "representative": Access(own=True, foreign=False),
    "representative_elsewhere": Access(own=False, foreign=True),
    "staff": Access(own=True, foreign=False),
    "head": Access(own=True, foreign=False),
    "staff_elsewhere": Access(own=False, foreign=True),
    "commission_member": Access(own=True, foreign=False),
    "unrelated_commission_member": Access(own=False, foreign=False),
    "admin": Access(own=True, foreign=True),
}


def _member_of(commission) -> object:
    """A seated member who is not the chair (the chair is the authority's staff, А17)."""
    return (
        CommissionMember.objects.filter(commission=commission)
        .exclude(role=CommissionMember.Role.CHAIR)
        .select_related("user")
        .first()
        .user
    )


@pytest.fixture
def cast():
    """Two attestations at the visit, each with its approved commission: the own one and a
    foreign one, with a user for every role of the table."""
    home, elsewhere = World(), World()
    own = attestation_in(home, Attestation.State.VISIT)
    foreign = attestation_in(elsewhere, Attestation.State.VISIT)
    commission = commission_for(own)
    commission_for(foreign)
    users = {
        "anonymous": AnonymousUser(),
        "representative": home.representative,
        "representative_elsewhere": elsewhere.representative,
        "staff": home.staff,
        "head": home.head,
        "staff_elsewhere": elsewhere.staff,
        "commission_member": _member_of(commission),
        "unrelated_commission_member": grant(UserFactory(), Role.COMMISSION_MEMBER),
        "admin": admin_user(),
    }
    return {"users": users, "own": own, "foreign": foreign}


def _page(client, attestation):
    return client.get(reverse("attestation:detail", args=[attestation.pk]))


def _api(client, attestation):
    return client.get(f"{API}/{attestation.pk}/")


def _assert_access(user, client, attestation, allowed: bool, denied: Access) -> None:
    visible = attestation_visible_to(user).filter(pk=attestation.pk).exists()
    assert may_view_attestation(user, attestation) is allowed
    assert visible is allowed
    assert _page(client, attestation).status_code == (200 if allowed else denied.page_denied)
    answer = _api(client, attestation)
    assert answer.status_code == (200 if allowed else denied.api_denied)
    if allowed:
        assert answer.json()["id"] == attestation.pk


@pytest.mark.parametrize("role", sorted(TABLE))
def test_who_may_open_an_attestation(cast, log_in, role):
    user = cast["users"][role]
    expected = TABLE[role]
    client = log_in(user)
    for side, allowed in (("own", expected.own), ("foreign", expected.foreign)):
        try:
            _assert_access(user, client, cast[side], allowed, expected)
        except AssertionError as failure:
            raise AssertionError(f"{role} on the {side} attestation: {failure}") from failure


def test_a_member_opens_the_attestation_once_the_commission_is_approved(log_in):
    home = World()
    attestation = attestation_in(home, Attestation.State.SELF_ASSESSMENT_SUBMITTED)
    commission = commission_for(attestation, approved=False)
    member = _member_of(commission)
    client = log_in(member)
    _assert_access(member, client, attestation, False, TABLE["commission_member"])
    services.commission_approve(commission, actor=home.head)
    _assert_access(member, client, attestation, True, TABLE["commission_member"])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["representative", "staff"])
def test_the_list_costs_the_same_for_one_attestation_and_for_several(log_in, role):
    home = World()
    attestation_in(home)
    client = log_in(getattr(home, role))
    one = _queries(client, f"{API}/")
    for years in (1, 2, 3):  # one planned attestation a year
        attestation_in(home, start_date=today() + datetime.timedelta(days=120 + 366 * years))
    assert _queries(client, f"{API}/") == one
