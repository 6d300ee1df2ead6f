"""The conclusion (А30-А32): merged findings, signatures over the exact version, receipt."""

import pytest

from attestation import services
from attestation.exceptions import SignatureConflict
from attestation.models import (
    Attestation,
    Column,
    ConclusionAttachment,
    ConclusionSection,
    ConclusionSignature,
)
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    pdf,
    results,
    sample_of,
)
from casework.exceptions import TransitionRefused
from casework.models import Deadline, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    world = World()
    world.attestation = attestation_in(world, Attestation.State.VISIT)
    world.commission = commission_for(world.attestation)
    world.chair = world.commission.chair.user
    world.members = [m.user for m in world.commission.members.exclude(role="chair")]
    _cohort, world.students = sample_of(world.attestation, size=50)
    results(world.students[1:], by=world.chair)
    return world


def _ready(world):
    conclusion = services.conclusion_draft(world.attestation, actor=world.chair)
    conclusion = services.conclusion_edit(
        conclusion,
        actor=world.chair,
        version=conclusion.version,
        sections={ConclusionSection.FINDINGS: "The organization complies with the standard."},
        compliant=True,
        recommendation="attest",
    )
    for item in ConclusionAttachment:
        services.attestation_file_upload(
            world.attestation, item.value, pdf(f"{item.value}.pdf"), actor=world.chair
        )
    conclusion.refresh_from_db()
    return conclusion


def _sign(world, conclusion, user):
    sha = services.content_hash(conclusion, world.attestation)
    return services.conclusion_sign(conclusion, actor=user, sha256=sha)


def test_the_draft_merges_the_members_findings_by_area(visit):
    member = visit.commission.members.get(user=visit.members[0])
    assignment = services.study_area_assign(visit.commission, "staff", member, actor=visit.chair)
    services.study_area_report(
        assignment,
        actor=visit.members[0],
        findings="40 teachers, 30 of the highest category.",
        deficiencies="No psychologist.",
        recommendations="Hire a psychologist.",
    )
    conclusion = services.conclusion_draft(visit.attestation, actor=visit.chair)
    assert "40 teachers" in conclusion.section("staff")
    assert "Hire a psychologist." in conclusion.section("staff")
    assert "No psychologist." in conclusion.section(ConclusionSection.DEFICIENCIES)


def test_signing_needs_the_recommendation_and_the_eight_attachments(visit):
    conclusion = services.conclusion_draft(visit.attestation, actor=visit.chair)
    with pytest.raises(TransitionRefused) as refused:
        _sign(visit, conclusion, visit.chair)
    message = str(refused.value)
    assert "recommendation" in message
    assert "Sanitary-epidemiological" in message


def test_when_everyone_has_signed_the_decisions_ten_days_start(visit):
    conclusion = _ready(visit)
    for user in [visit.chair, *visit.members]:
        signature = _sign(visit, conclusion, user)
        assert signature.sha256 == services.content_hash(conclusion, visit.attestation)

    visit.attestation.refresh_from_db()
    assert visit.attestation.state == Attestation.State.CONCLUSION
    assert Deadline.objects.get(kind="decision").state == Deadline.State.RUNNING
    assert Notification.objects.filter(template_key="attestation_conclusion_signed").exists()
    assert Notification.objects.filter(
        recipient=visit.representative, template_key="attestation_conclusion_issued"
    ).exists()


def test_an_edit_voids_the_signatures_made_before_it(visit):
    conclusion = _ready(visit)
    _sign(visit, conclusion, visit.chair)
    _sign(visit, conclusion, visit.members[0])

    services.conclusion_edit(
        conclusion,
        actor=visit.chair,
        version=conclusion.version,
        sections={ConclusionSection.DEFICIENCIES: "One more remark."},
        void_signatures=True,
    )

    assert ConclusionSignature.objects.filter(voided_at__isnull=True).count() == 0
    assert ConclusionSignature.objects.count() == 2
    visit.attestation.refresh_from_db()
    assert visit.attestation.state == Attestation.State.VISIT


def test_a_result_changed_after_signing_voids_the_signatures(visit):
    conclusion = _ready(visit)
    _sign(visit, conclusion, visit.chair)
    services.results_enter(
        visit.students[0], Column.TEST, 55, actor=visit.chair, version=0, void_signatures=True
    )
    assert not ConclusionSignature.objects.filter(voided_at__isnull=True).exists()


def test_a_member_cannot_sign_a_version_they_have_not_read(visit):
    conclusion = _ready(visit)
    stale = services.content_hash(conclusion, visit.attestation)
    services.conclusion_edit(
        conclusion, actor=visit.chair, version=conclusion.version, compliant=False
    )
    conclusion.refresh_from_db()
    with pytest.raises(SignatureConflict):
        services.conclusion_sign(conclusion, actor=visit.members[0], sha256=stale)


def test_a_stale_edit_of_the_conclusion_is_refused(visit):
    conclusion = services.conclusion_draft(visit.attestation, actor=visit.chair)
    services.conclusion_edit(
        conclusion, actor=visit.chair, version=conclusion.version, compliant=True
    )
    with pytest.raises(TransitionRefused):
        services.conclusion_edit(
            conclusion, actor=visit.chair, version=conclusion.version, compliant=False
        )


def test_the_head_of_the_organization_acknowledges_receipt(visit):
    conclusion = _ready(visit)
    for user in [visit.chair, *visit.members]:
        _sign(visit, conclusion, user)
    acknowledged = services.conclusion_acknowledge(visit.attestation, actor=visit.representative)
    assert acknowledged.acknowledged_by == visit.representative
    assert acknowledged.acknowledged_sha256 == services.content_hash(conclusion, visit.attestation)
