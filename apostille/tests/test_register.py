"""The public e-Register (the HCCH e-APP model): an apostille is found only by its number AND
its date of issue together; the answer holds the register's fields and the status, never the
holder's IIN; every look-up is logged, and after a set number of failed ones from an address
look-ups from it are refused for a set time."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from apostille import services
from apostille.models import LookupAttempt
from casework.exceptions import TransitionRefused

from .factories import in_review, world

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"


@pytest.fixture
def affixed():
    w = world()
    return w, services.apostille_affix(in_review(w), actor=w.staff)


def _look(number, issued_on, *, address=ADDRESS, now=None):
    return services.register_lookup(address=address, number=number, issued_on=issued_on, now=now)


def _answers(result) -> str:
    return repr(dataclasses.asdict(result.entry)) if result.entry else repr(result)


def test_a_number_without_its_date_finds_nothing(affixed):
    _w, apostille = affixed
    assert _look(apostille.number, None).entry is None


def test_a_number_with_a_wrong_date_finds_nothing(affixed):
    _w, apostille = affixed
    wrong = apostille.issued_on - datetime.timedelta(days=1)
    assert _look(apostille.number, wrong).entry is None


def test_number_and_date_together_give_the_register_fields_and_the_status(affixed):
    w, apostille = affixed
    entry = _look(f"  {apostille.number.lower()} ", apostille.issued_on).entry
    assert entry.number == apostille.number
    assert entry.issued_on == apostille.issued_on
    assert entry.signed_by == "Ахметова Гульнар Серикқызы"
    assert entry.capacity == "Директор"
    assert entry.seal_of == w.organization.name_en
    assert entry.issued_by == w.authority.name_en
    assert entry.form == "electronic"
    assert (entry.status, entry.revoked_on) == ("valid", None)


def test_a_revoked_apostille_says_so_with_the_date(affixed):
    w, apostille = affixed
    services.apostille_revoke(apostille, actor=w.staff, reason="Issued in error.")
    entry = _look(apostille.number, apostille.issued_on).entry
    assert entry.status == "revoked"
    assert entry.status_label == "Revoked as issued in error"
    assert entry.revoked_on == timezone.localdate()


def test_no_answer_carries_the_holders_iin_or_name(affixed):
    w, apostille = affixed
    results = [
        _look(apostille.number, apostille.issued_on),
        _look(apostille.number, None),
        _look("APS-1999-000001", apostille.issued_on),
    ]
    for result in results:
        assert w.citizen.iin not in _answers(result)
        assert w.citizen.full_name not in _answers(result)


def test_every_look_up_is_logged(affixed):
    _w, apostille = affixed
    _look(apostille.number, apostille.issued_on)
    _look(apostille.number, None)
    rows = list(LookupAttempt.objects.order_by("id").values_list("outcome", "number"))
    assert rows == [("found", apostille.number), ("not_found", apostille.number)]


def test_locked_out_after_the_set_number_of_failures_and_let_in_again_after_the_set_time(
    affixed, settings
):
    _w, apostille = affixed
    settings.APOSTILLE_REGISTER_MAX_FAILURES = 3
    settings.APOSTILLE_REGISTER_FAILURE_WINDOW = datetime.timedelta(minutes=15)
    settings.APOSTILLE_REGISTER_LOCKOUT = datetime.timedelta(minutes=30)
    start = timezone.now()
    for minute in range(3):
        result = _look(f"APS-2020-00000{minute}", apostille.issued_on, now=start)
        assert result.entry is None and not result.refused
    # Now even the right number and date are refused, and the refusal is logged.
    locked = _look(apostille.number, apostille.issued_on, now=start + datetime.timedelta(minutes=1))
    assert locked.refused and locked.entry is None
    assert locked.locked_until == start + datetime.timedelta(minutes=30)
    assert LookupAttempt.objects.filter(outcome="refused").count() == 1
    # Another address is not affected.
    other = _look(apostille.number, apostille.issued_on, address="198.51.100.1", now=start)
    assert other.entry is not None
    # The refusal as pages and the API see it: its code and when to come back.
    with pytest.raises(TransitionRefused) as refused:
        services.register_lookup_or_refuse(
            address=ADDRESS, number=apostille.number, issued_on=apostille.issued_on
        )
    assert refused.value.code == "apostille.register.locked_out"
    assert LookupAttempt.objects.filter(outcome="refused").count() == 2
    # After the lock-out the look-up works again.
    later = start + datetime.timedelta(minutes=31)
    assert _look(apostille.number, apostille.issued_on, now=later).entry is not None


def test_failures_spread_wider_than_the_window_do_not_lock_out(affixed, settings):
    _w, apostille = affixed
    settings.APOSTILLE_REGISTER_MAX_FAILURES = 3
    settings.APOSTILLE_REGISTER_FAILURE_WINDOW = datetime.timedelta(minutes=15)
    start = timezone.now()
    for step in range(4):
        _look(
            "APS-2020-999999",
            apostille.issued_on,
            now=start + datetime.timedelta(minutes=10 * step),
        )
    result = _look(
        apostille.number, apostille.issued_on, now=start + datetime.timedelta(minutes=31)
    )
    assert not result.refused and result.entry is not None


def test_the_documents_verification_search_does_not_find_apostilles(affixed):
    """Only the e-Register, with its lock-out, finds an apostille by number and date; the PDF is
    reached with the code printed in its QR."""
    from casework.documents import document_get_public, document_search_public

    _w, apostille = affixed
    assert not document_search_public(apostille.number, apostille.issued_on).exists()
    assert document_get_public(apostille.document.verification_code) == apostille.document
