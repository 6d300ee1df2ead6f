"""The base access predicates: every role against an object of its own and a foreign one.

An object here is what every procedure's cases look like to the predicates: it belongs to an
organization and is handled by an authority. The dossier rule is checked against its query form
too, so pages (predicate) and lists (query) cannot drift apart.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from registry import predicates
from registry.models import Region, Role
from registry.selectors import organization_dossier_visible_to
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    admin_user,
    applicant_for,
    grant,
    staff_of,
)


@pytest.fixture
def world(db):
    country = RegionFactory(kind=Region.Kind.COUNTRY)
    region_a = RegionFactory(parent=country)
    region_b = RegionFactory(parent=country)
    ministry = AuthorityFactory(jurisdiction=country)
    authority_a = AuthorityFactory(jurisdiction=region_a, parent=ministry)
    authority_b = AuthorityFactory(jurisdiction=region_b, parent=ministry)
    own_organization = OrganizationFactory(region=RegionFactory(parent=region_a))
    foreign_organization = OrganizationFactory(region=RegionFactory(parent=region_b))
    inactive = applicant_for(own_organization)
    inactive.is_active = False
    inactive.save()
    users = {
        "anonymous": AnonymousUser(),
        "applicant": applicant_for(own_organization),
        "inactive_applicant": inactive,
        "staff": staff_of(authority_a),
        "head": staff_of(authority_a, head=True),
        "ministry_head": staff_of(ministry, head=True),
        "foreign_staff": staff_of(authority_b),
        "expert": grant(UserFactory(), Role.EXPERT),
        "admin": admin_user(),
    }
    case = SimpleNamespace
    return SimpleNamespace(
        users=users,
        own=case(
            organization=own_organization,
            organization_id=own_organization.pk,
            authority=authority_a,
            authority_id=authority_a.pk,
        ),
        foreign=case(
            organization=foreign_organization,
            organization_id=foreign_organization.pk,
            authority=authority_b,
            authority_id=authority_b.pk,
        ),
    )


# predicate -> the roles it allows on their own object; on the foreign object only the roles in
# FOREIGN_ALLOWED are allowed.
OWN_ALLOWED = {
    "is_admin": {"admin"},
    "represents": {"applicant"},
    "is_staff_of": {"staff", "head"},
    "is_head_of": {"head"},
    "is_head_of_superior": {"ministry_head"},
    "has_jurisdiction": {"staff", "head", "ministry_head"},
    "heads_jurisdiction": {"head", "ministry_head"},
    "may_see_dossier": {"applicant", "staff", "head", "ministry_head", "admin"},
}
FOREIGN_ALLOWED = {
    "is_admin": {"admin"},
    "represents": set(),
    "is_staff_of": {"foreign_staff"},  # it is the foreign staff's own authority's case
    "is_head_of": set(),
    "is_head_of_superior": {"ministry_head"},
    "has_jurisdiction": {"foreign_staff", "ministry_head"},
    "heads_jurisdiction": {"ministry_head"},
    "may_see_dossier": {"foreign_staff", "ministry_head", "admin"},
}
ROLES = [
    "anonymous",
    "applicant",
    "inactive_applicant",
    "staff",
    "head",
    "ministry_head",
    "foreign_staff",
    "expert",
    "admin",
]


@pytest.mark.parametrize("name", sorted(OWN_ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_predicate_table(world, name, role):
    predicate = getattr(predicates, name)
    user = world.users[role]
    assert predicate(user, world.own) == (role in OWN_ALLOWED[name])
    assert predicate(user, world.foreign) == (role in FOREIGN_ALLOWED[name])


@pytest.mark.parametrize("role", ROLES)
def test_dossier_predicate_and_query_agree(world, role):
    user = world.users[role]
    visible = set(organization_dossier_visible_to(user).values_list("pk", flat=True))
    for side in (world.own, world.foreign):
        assert predicates.may_see_dossier(user, side.organization) == (
            side.organization.pk in visible
        ), side
