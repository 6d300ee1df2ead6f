"""The decision (А33-А35) and the license after "not attest" (А34, А36-А38)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from attestation import rules, services
from attestation.models import Attestation, Commission, CommissionMember
from attestation.tests.factories import World, decided_ready, results, sample_of, today
from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.models import Notification
from licensing.models import License
from licensing.tests.factories import LicenseFactory
from registry.models import Role
from registry.tests.factories import UserFactory, grant, staff_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _ready(world, *, absent=0, failing=0, **kwargs):
    attestation = decided_ready(world, **kwargs)
    _cohort, students = sample_of(attestation, size=50)
    results(students, absent=absent, failing=failing)
    return attestation


def test_attest_when_96_percent_took_part_and_70_percent_are_positive():
    world = World()
    attestation = _ready(world, absent=2, failing=14)  # 48 took part, 34 positive = 70.8 %

    attestation = services.attestation_decide(
        attestation, "attest", actor=world.head, order_number="101-ОД"
    )

    assert attestation.state == Attestation.State.ATTESTED
    assert attestation.decision_figures["total"]["participation_percent"] == "96.0"
    assert not attestation.decided_late
    assert Notification.objects.filter(
        recipient=world.representative, template_key="attestation_decided"
    ).exists()


def test_attest_is_refused_when_94_percent_took_part_and_says_so():
    world = World()
    attestation = _ready(world, absent=3)

    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(attestation, "attest", actor=world.head, order_number="1")

    assert refused.value.code == "attestation.a35.participation"
    assert (
        "In total: 94.0 % of the sample took part (47 of 50); at least 95 % are required."
        in str(refused.value)
    )
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION


def test_attest_is_refused_when_fewer_than_70_percent_of_those_tested_are_positive():
    world = World()
    attestation = _ready(world, failing=16)  # 34 of 50 = 68 %
    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(attestation, "attest", actor=world.head, order_number="1")
    assert "68.0 % of those who took part got a positive grade (34 of 50)" in str(refused.value)
    assert refused.value.code == "attestation.a35.positive_share"


def test_attest_is_allowed_at_exactly_70_percent_positive():
    world = World()
    attestation = _ready(world, failing=15)  # 35 of 50
    services.attestation_decide(attestation, "attest", actor=world.head, order_number="1")


def test_attest_is_refused_when_the_commission_found_the_activity_not_compliant():
    world = World()
    attestation = _ready(world, compliant=False)
    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(attestation, "attest", actor=world.head, order_number="1")
    assert refused.value.code == "attestation.a35.not_compliant"


def test_a_decision_on_day_10_after_the_conclusion_is_in_time():
    world = World()
    attestation = _ready(world, conclusion_signed_on=today() - 10 * DAY)
    attestation = services.attestation_decide(
        attestation, "attest", actor=world.head, order_number="7"
    )
    assert not attestation.decided_late


def test_a_decision_on_day_11_after_the_conclusion_is_recorded_as_late():
    world = World()
    attestation = _ready(world, conclusion_signed_on=today() - 11 * DAY)
    attestation = services.attestation_decide(
        attestation, "attest", actor=world.head, order_number="7"
    )
    assert attestation.decided_late


def test_only_the_head_decides_and_only_by_an_order():
    world = World()
    attestation = _ready(world)
    with pytest.raises(CasePermissionDenied):
        services.attestation_decide(attestation, "attest", actor=world.staff, order_number="1")
    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(attestation, "attest", actor=world.head, order_number=" ")
    assert refused.value.code == "attestation.a33.order_number"


# The license ------------------------------------------------------------------------------


def _not_attested(world, months=None):
    license_ = LicenseFactory(organization=world.organization, authority=world.authority)
    attestation = _ready(world, absent=10)
    attestation = services.attestation_decide(
        attestation,
        "not_attest",
        actor=world.head,
        order_number="55-ОД",
        suspension_months=months,
        fine_amount=Decimal("393200.00"),
        fine_note="Legal entity, Code of Administrative Offences art. 408",
    )
    return attestation, license_


def test_not_attest_suspends_the_license_for_six_months_with_the_fine_recorded():
    world = World()
    attestation, license_ = _not_attested(world)

    assert attestation.state == Attestation.State.SUSPENDED
    assert attestation.fine_amount == Decimal("393200.00")
    license_.refresh_from_db()
    assert license_.status == License.Status.SUSPENDED
    assert attestation.suspended_until == license_.suspended_until
    assert license_.suspended_until == rules.suspension_end(today())  # six months less a day
    assert attestation.suspended_from == today()


def test_a_suspension_of_more_than_six_months_is_refused():
    world = World()
    LicenseFactory(organization=world.organization, authority=world.authority)
    attestation = _ready(world, absent=10)
    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(
            attestation, "not_attest", actor=world.head, order_number="1", suspension_months=7
        )
    assert refused.value.code == "attestation.a34.suspension_months"


def _follow_up(world, attestation):
    commission = services.commission_form(
        attestation, actor=world.staff, purpose=Commission.Purpose.FOLLOW_UP
    )
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=staff_of(world.authority),
        role=CommissionMember.Role.CHAIR,
    )
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=grant(UserFactory(), Role.COMMISSION_MEMBER),
        role=CommissionMember.Role.LEADING_TEACHER,
    )
    services.commission_approve(commission, actor=world.head)


def test_suspension_followed_by_resumption_when_remedied():
    world = World()
    attestation, license_ = _not_attested(world, months=3)
    _follow_up(world, attestation)
    attestation = Attestation.objects.get(pk=attestation.pk)  # the follow-up is under way

    attestation = services.follow_up_conclude(
        attestation, actor=world.head, remedied=True, findings="All remedied."
    )

    assert attestation.state == Attestation.State.RESUMED
    license_.refresh_from_db()
    assert license_.status == License.Status.ACTIVE


def test_suspension_followed_by_revocation_when_not_remedied_in_six_months():
    world = World()
    attestation, license_ = _not_attested(world)
    _follow_up(world, attestation)
    attestation = Attestation.objects.get(pk=attestation.pk)  # the follow-up is under way
    with pytest.raises(TransitionRefused) as refused:
        services.follow_up_conclude(
            attestation, actor=world.head, remedied=False, findings="Not remedied yet."
        )
    assert refused.value.code == "attestation.a38.too_early"

    six_months_on = datetime.datetime.combine(
        attestation.suspended_from + datetime.timedelta(days=190), datetime.time(10)
    )
    with time_machine.travel(six_months_on, tick=False):
        attestation = services.follow_up_conclude(
            attestation, actor=world.head, remedied=False, findings="Still no laboratory."
        )

    assert attestation.state == Attestation.State.REVOKED
    license_.refresh_from_db()
    assert license_.status == License.Status.REVOKED


def test_attest_is_refused_when_one_specialty_fails_though_the_total_passes():
    world = World()
    attestation = decided_ready(world)
    _law, law_students = sample_of(attestation, size=50, name="Law")
    _medicine, medicine_students = sample_of(attestation, size=50, name="Medicine")
    results(law_students, failing=20)  # 60 % positive
    results(medicine_students)  # 100 %: 80 of 100 = 80 % in total
    with pytest.raises(TransitionRefused) as refused:
        services.attestation_decide(attestation, "attest", actor=world.head, order_number="1")
    assert "Law: 60.0 %" in str(refused.value)
    assert "Medicine" not in str(refused.value)


def test_the_register_words_the_suspension_in_the_readers_language(client):
    """А34: the public register says why the license is suspended in the reader's language,
    from the attestation's facts, not in the language the head happened to read."""
    world = World()
    _attestation, license_ = _not_attested(world)
    day = today().strftime("%d.%m.%Y")
    url = reverse("licensing:license_detail", args=[license_.number])
    client.cookies["django_language"] = "kk"
    assert f"Аттестатталмады ({day} жылғы № 55-ОД бұйрық), 34-тармақ." in client.get(url).text
    client.cookies["django_language"] = "ru"
    assert f"Не аттестована (приказ 55-ОД от {day}), пункт 34." in client.get(url).text
    api = reverse("api-license-detail", args=[license_.number])
    del client.cookies["django_language"]
    answer = client.get(api, HTTP_ACCEPT_LANGUAGE="kk").json()
    assert answer["status_reason"] == f"Аттестатталмады ({day} жылғы № 55-ОД бұйрық), 34-тармақ."
