"""Refusals that no workflow test reaches on its way: one small test per code, at the service
level, on the real database."""

import datetime

import pytest

from casework.exceptions import TransitionRefused
from licensing import services
from licensing.models import BulkReissue, BulkReissueItem, LicenseApplication
from licensing.services.bulk import bulk_reissue_organization
from registry.models import Procedure, Region
from registry.tests.factories import AuthorityFactory, OrganizationFactory, RegionFactory

from .factories import (
    LicenseFactory,
    RefusalReasonFactory,
    before_council,
    drawable_experts,
    in_review,
    world,
)

pytestmark = pytest.mark.django_db
VISIT = datetime.date.today() + datetime.timedelta(days=7)


def test_the_head_cannot_refuse_before_the_council_decided_to():
    w = world()
    application, _members = before_council(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_refuse(
            application, actor=w.head, reasons=[RefusalReasonFactory()]
        )
    assert refused.value.code == "licensing.decision.no_council_refusal"
    application.refresh_from_db()
    assert application.state == "council"


def test_no_inspection_is_drawn_without_criteria_for_the_level():
    w = world()
    drawable_experts(w)
    application = in_review(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_send_to_inspection(
            application, actor=w.staff, visit_date=VISIT
        )
    assert refused.value.code == "licensing.inspection.no_criteria"
    application.refresh_from_db()
    assert application.state == "review"


def test_an_application_without_an_inspection_does_not_go_to_the_council():
    w = world()
    application = in_review(w)
    # A state no service leaves without an inspection: the check guards the data itself.
    LicenseApplication.objects.filter(pk=application.pk).update(state="inspection")
    application.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_send_to_council(application, actor=w.staff)
    assert refused.value.code == "licensing.inspection.missing"


def test_a_vote_is_for_against_or_an_abstention():
    w = world()
    application, members = before_council(w)
    review = application.council_reviews.get()
    with pytest.raises(TransitionRefused) as refused:
        services.council_vote_cast(review, actor=members[0], choice="maybe")
    assert refused.value.code == "licensing.council.vote_choice"
    assert not review.votes.exists()


# Bulk reissue (seed 000): one organization's item, as the run processes it


def _item(w, organization) -> BulkReissueItem:
    run = BulkReissue.objects.create(
        authority=w.authority,
        source=BulkReissue.Source.RENAMED_ON,
        effective_date=datetime.date.today(),
        created_by=w.head,
    )
    return BulkReissueItem.objects.create(run=run, bin=organization.bin, organization=organization)


def test_bulk_reissue_leaves_an_organization_outside_the_jurisdiction():
    w = world()
    item = _item(w, OrganizationFactory())  # in a region of its own
    with pytest.raises(TransitionRefused) as refused:
        bulk_reissue_organization(item)
    assert refused.value.code == "licensing.bulk_reissue.outside_jurisdiction"


def test_bulk_reissue_refuses_an_organization_without_a_license_in_force():
    w = world()
    item = _item(w, OrganizationFactory(region=w.organization.region))
    with pytest.raises(TransitionRefused) as refused:
        bulk_reissue_organization(item)
    assert refused.value.code == "licensing.bulk_reissue.no_license_in_force"


def test_bulk_reissue_leaves_a_license_another_authority_handles():
    w = world()
    district = RegionFactory(parent=w.organization.region, kind=Region.Kind.DISTRICT)
    AuthorityFactory(jurisdiction=district, procedures=[Procedure.LICENSING])
    school = OrganizationFactory(region=district)
    LicenseFactory(organization=school, authority=w.authority, holder_name_ru="Старое название")
    with pytest.raises(TransitionRefused) as refused:
        bulk_reissue_organization(_item(w, school))
    assert refused.value.code == "licensing.bulk_reissue.other_authority"
    assert not LicenseApplication.objects.filter(organization=school).exists()
