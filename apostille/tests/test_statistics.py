"""The service statistics: affixed, refused and withdrawn per period, authority and channel,
counted by the day of the decision. Seed 000: "In 2020 an apostille was affixed to 228
education documents, this year [to 25 February 2021] to 46; last year 18 were refused, in 2021
four." The requests are built to match and the figures come back from the data."""

import datetime
import itertools

import pytest
from django.utils import timezone

from apostille.models import ApostilleRequest, Decision
from apostille.selectors import apostille_statistics
from casework.models import Channel
from registry.tests.factories import AuthorityFactory

from .factories import world

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)
State = ApostilleRequest.State


def _requests(w, authority, count, *, decision, channel, year, month_from=1, month_to=12):
    """`count` decided requests spread over the months of a year."""
    rows = []
    months = list(range(month_from, month_to + 1))
    for i in range(count):
        moment = timezone.make_aware(datetime.datetime(year, months[i % len(months)], 15, 12))
        decided = decision in (Decision.AFFIXED, Decision.REFUSED)
        state = State.DELIVERED if decided and i % 2 else (decision or State.WITHDRAWN)
        rows.append(
            ApostilleRequest(
                number=f"APR-{year}-S{next(_serial):06d}",
                applicant=w.citizen,
                authority=authority,
                channel=channel,
                state=state,
                document_type=w.document_type,
                document_number=str(i),
                issued_on=datetime.date(2019, 6, 20),
                holder_name="Graduate",
                issuer=w.organization,
                country_of_use="Germany",
                language="ru",
                fee_amount=1476,
                submitted_at=moment - datetime.timedelta(days=10),
                decision=decision if decided else "",
                decided_at=moment if decided else None,
                withdrawn_at=None if decided else moment,
            )
        )
    ApostilleRequest.objects.bulk_create(rows)


def _totals(rows) -> dict:
    return {
        "affixed": sum(r.affixed for r in rows),
        "refused": sum(r.refused for r in rows),
        "withdrawn": sum(r.withdrawn for r in rows),
    }


def test_seed_000_figures_come_back_from_the_data():
    w = world()
    a = w.authority
    _requests(w, a, 200, decision=Decision.AFFIXED, channel=Channel.PORTAL, year=2020)
    _requests(w, a, 28, decision=Decision.AFFIXED, channel=Channel.STATE_CORPORATION, year=2020)
    _requests(w, a, 15, decision=Decision.REFUSED, channel=Channel.PORTAL, year=2020)
    _requests(w, a, 3, decision=Decision.REFUSED, channel=Channel.IN_PERSON, year=2020)
    _requests(w, a, 5, decision="", channel=Channel.PORTAL, year=2020)
    # 2021 to 25 February.
    _requests(w, a, 46, decision=Decision.AFFIXED, channel=Channel.PORTAL, year=2021, month_to=2)
    _requests(w, a, 4, decision=Decision.REFUSED, channel=Channel.PORTAL, year=2021, month_to=2)

    year_2020 = apostille_statistics(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert _totals(year_2020) == {"affixed": 228, "refused": 18, "withdrawn": 5}
    by_channel = {r.channel: (r.affixed, r.refused, r.withdrawn) for r in year_2020}
    assert by_channel == {
        Channel.PORTAL: (200, 15, 5),
        Channel.STATE_CORPORATION: (28, 0, 0),
        Channel.IN_PERSON: (0, 3, 0),
    }
    assert {r.period for r in year_2020} == {datetime.date(2020, 1, 1)}
    assert {r.authority_id for r in year_2020} == {a.pk}

    early_2021 = apostille_statistics(datetime.date(2021, 1, 1), datetime.date(2021, 2, 25))
    assert _totals(early_2021) == {"affixed": 46, "refused": 4, "withdrawn": 0}


def test_per_month_and_per_authority():
    w = world()
    other = AuthorityFactory()
    _requests(
        w,
        w.authority,
        6,
        decision=Decision.AFFIXED,
        channel=Channel.PORTAL,
        year=2020,
        month_from=1,
        month_to=2,
    )
    _requests(
        w,
        other,
        2,
        decision=Decision.REFUSED,
        channel=Channel.PORTAL,
        year=2020,
        month_from=1,
        month_to=1,
    )
    months = apostille_statistics(
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        period="month",
        authority=w.authority,
    )
    assert [(r.period, r.affixed, r.refused) for r in months] == [
        (datetime.date(2020, 1, 1), 3, 0),
        (datetime.date(2020, 2, 1), 3, 0),
    ]
