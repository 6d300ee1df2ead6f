"""Who may open a license application, role by role, against an application of their own and a
foreign one (another organization's, handled by another authority).

One table drives the predicate (licensing.permissions.may_view_application), the query that
lists (licensing.selectors.application_visible_to), the case page and the API detail: what the
predicate allows the page and the API show (200), what it denies they answer as if the
application did not exist (404), except to a visitor who is not logged in, whom the page sends
to log in and the API refuses.
"""

from typing import NamedTuple

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.attachments import attachment_upload
from licensing import services
from licensing.models import CouncilMember
from licensing.permissions import may_view_application
from licensing.selectors import application_visible_to
from registry.models import Role
from registry.tests.factories import ExpertFactory, UserFactory, admin_user, grant

from .factories import (
    READS,
    ChecklistItemFactory,
    before_council,
    in_review,
    new_license_draft,
    world,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/licensing/applications"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Access(NamedTuple):
    own: bool
    foreign: bool
    # What the page and the API answer where the role may not see the application.
    page_denied: int = 404
    api_denied: int = 404


TABLE = {
    # The page sends a visitor to log in; the API (IsAuthenticated, session authentication
    # first, which asks for no credentials in a header) refuses with 403.
    "anonymous": Access(own=False, foreign=False, page_denied=302, api_denied=403),
    "applicant": Access(own=True, foreign=False),
    "applicant_elsewhere": Access(own=False, foreign=True),
    "staff": Access(own=True, foreign=False),
    "head": Access(own=True, foreign=False),
    "staff_elsewhere": Access(own=False, foreign=True),
    "drawn_expert": Access(own=True, foreign=False),
    "council_member": Access(own=True, foreign=False),
    "former_council_member": Access(own=False, foreign=False),
    "unrelated_expert": Access(own=False, foreign=False),
    "admin": Access(own=True, foreign=True),
}


def _expert_with_account():
    expert = ExpertFactory(user=grant(UserFactory(language=READS), Role.EXPERT))
    return expert.user


@pytest.fixture
def cast():
    """Two applications before the council: the own one (its organization, authority,
    inspection and council) and a foreign one, with a user for every role of the table."""
    home, elsewhere = world(), world()
    own, council = before_council(home)
    foreign, _foreign_council = before_council(elsewhere)
    drawn = own.inspections.get().members.select_related("expert__user").first().expert.user
    former = council[2]
    CouncilMember.objects.filter(user=former).update(is_active=False)
    users = {
        "anonymous": AnonymousUser(),
        "applicant": home.applicant,
        "applicant_elsewhere": elsewhere.applicant,
        "staff": home.staff,
        "head": home.head,
        "staff_elsewhere": elsewhere.staff,
        "drawn_expert": drawn,
        "council_member": council[1],
        "former_council_member": former,
        "unrelated_expert": _expert_with_account(),
        "admin": admin_user(language=READS),
    }
    return {"users": users, "own": own, "foreign": foreign, "home": home}


def _page(client, application):
    return client.get(reverse("licensing:application_detail", args=[application.pk]))


def _api(client, application):
    return client.get(f"{API}/{application.pk}/")


@pytest.mark.parametrize("role", sorted(TABLE))
def test_who_may_open_an_application(cast, log_in, role):
    user = cast["users"][role]
    expected = TABLE[role]
    client = log_in(user)
    visible = set(application_visible_to(user).values_list("pk", flat=True))
    for side, allowed in (("own", expected.own), ("foreign", expected.foreign)):
        application = cast[side]
        assert may_view_application(user, application) is allowed, side
        assert (application.pk in visible) is allowed, side
        page = _page(client, application)
        assert page.status_code == (200 if allowed else expected.page_denied), side
        answer = _api(client, application)
        assert answer.status_code == (200 if allowed else expected.api_denied), side
        if allowed:
            assert answer.json()["number"] == application.number


# role -> (a draft the applicant writes in the portal, a paper application staff are entering):
# may the role open it? Staff leave the applicant's portal draft alone; the paper draft is theirs.
DRAFTS = {
    "anonymous": (False, False),
    "applicant": (True, True),
    "applicant_elsewhere": (False, False),
    "staff": (False, True),
    "head": (False, True),
    "staff_elsewhere": (False, False),
    "admin": (True, True),
}


@pytest.mark.parametrize("role", sorted(DRAFTS))
def test_who_may_open_a_draft(log_in, role):
    home, elsewhere = world(), world()
    portal = new_license_draft(home)
    paper = services.license_application_create_on_paper(
        actor=home.staff,
        organization=home.organization,
        kind="new_license",
        channel="in_person",
        level=home.level,
        specialties=home.specialties,
        activity_address="ул. Абая, 1",
    )
    user = {
        "anonymous": AnonymousUser(),
        "applicant": home.applicant,
        "applicant_elsewhere": elsewhere.applicant,
        "staff": home.staff,
        "head": home.head,
        "staff_elsewhere": elsewhere.staff,
        "admin": admin_user(language=READS),
    }[role]
    client = log_in(user)
    visible = set(application_visible_to(user).values_list("pk", flat=True))
    denied = TABLE[role].page_denied
    for application, allowed in zip((portal, paper), DRAFTS[role], strict=True):
        assert may_view_application(user, application) is allowed, application.channel
        assert (application.pk in visible) is allowed, application.channel
        assert _page(client, application).status_code == (200 if allowed else denied)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["applicant", "staff"])
def test_the_list_costs_the_same_for_one_application_and_for_several(log_in, role):
    w = world()
    in_review(w)
    client = log_in(getattr(w, role))
    one = _queries(client, f"{API}/")
    for _ in range(3):
        in_review(w)
    assert _queries(client, f"{API}/") == one


def test_a_portal_drafts_files_are_the_applicants_until_it_is_submitted(log_in):
    """The files of an application follow the same rule as its page (licensing.checklist)."""
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter")
    application = new_license_draft(w)
    attachment = attachment_upload(
        case=application,
        item_code="charter",
        upload=SimpleUploadedFile("charter.pdf", PDF_BYTES),
        uploaded_by=w.applicant,
    )
    url = reverse("attachment_download", args=[attachment.pk])
    assert log_in(w.applicant).get(url).status_code == 200
    assert log_in(w.staff).get(url).status_code == 404
    services.license_application_submit(application, actor=w.applicant)
    assert log_in(w.staff).get(url).status_code == 200
