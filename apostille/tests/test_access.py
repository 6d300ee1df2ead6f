"""Who sees which request: a citizen only their own, a representative those of their
organization, staff those of their authority."""

import pytest

from apostille.selectors import request_visible_to
from registry.tests.factories import OrganizationFactory, applicant_for

from .factories import citizen, details, draft, submitted, world

pytestmark = pytest.mark.django_db


def test_a_citizen_sees_only_their_own_requests():
    w = world()
    own = draft(w)
    someone = citizen()
    w2 = world()
    w2.citizen = someone
    theirs = draft(w2)
    assert list(request_visible_to(w.citizen)) == [own]
    assert list(request_visible_to(someone)) == [theirs]


def test_representatives_see_their_organizations_requests_and_staff_their_authoritys():
    from apostille import services

    w = world()
    college = OrganizationFactory()
    one, other = applicant_for(college), applicant_for(college)
    filed = services.apostille_request_create(
        actor=one,
        organization=college,
        holder_name="Graduate",
        holder_iin=citizen().iin,
        **details(w),
    )
    assert list(request_visible_to(other)) == [filed]
    mine = submitted(w)
    assert mine in request_visible_to(w.staff)
    assert filed not in request_visible_to(w.staff)  # still a draft: no authority yet
    assert not request_visible_to(world().staff).filter(pk=mine.pk).exists()
