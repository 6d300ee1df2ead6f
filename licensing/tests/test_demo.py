"""Licensing's part of `seed_demo`: a register to search, and a case at every stage for each
of the demo's people, the same on every run."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from casework.documents import document_get_public, document_matches_file
from casework.models import DocumentKind, IssuedDocument, OutboxMessage
from casework.notifications import EMAIL_TASK
from licensing import selectors, services
from licensing.documents import current_document
from licensing.models import License, LicenseAppendix, LicenseApplication
from registry.demo.build import build
from registry.models import Organization, User

pytestmark = pytest.mark.django_db
State = LicenseApplication.State


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _user(role) -> User:
    return User.objects.get(email=f"{role}@example.com")


def test_part_of_the_organizations_hold_licenses_with_appendices():
    output = _seed()
    assert "Licensing:" in output
    active = Organization.objects.filter(status="active", parent=None).count()
    licenses = License.objects.count()
    assert active * 0.4 < licenses < active
    assert not License.objects.filter(appendices=None).exists()
    assert LicenseAppendix.objects.exclude(specialties=None).exists()
    # Renamed schools whose license was never reissued still bear their old name (seed 000).
    assert License.objects.exclude(holder_name_ru=F("organization__name_ru")).exists()
    assert selectors.license_register(query=License.objects.first().number[:10]).exists()


def test_each_demo_user_finds_their_cases():
    _seed()
    applicant, staff = _user("applicant"), _user("staff")
    mine = LicenseApplication.objects.filter(applicant=applicant, channel="portal")
    assert set(mine.values_list("state", flat=True)) == {State.DRAFT, State.SUBMITTED}

    today = timezone.localdate()
    overdue = selectors.application_queue(staff.authority, overdue_on=today)
    assert overdue.filter(assignee=staff).exists()

    expert = _user("expert").expert_profile
    [inspection] = selectors.inspections_open_for_expert(expert)
    assert not inspection.has_signed
    assert services.inspection_draw_verify(inspection).matches

    [review] = selectors.council_reviews_awaiting(_user("council"))
    assert not review.has_voted
    assert review.votes.count() == 1
    assert review.application.inspections.get().completed_at is not None


def test_the_granted_reissue_has_its_pdfs_rendered_and_verifiable():
    _seed()
    granted = LicenseApplication.objects.get(state=State.GRANTED)
    license_ = granted.license
    assert license_.holder_name_ru == granted.organization.name_ru
    document = current_document(DocumentKind.LICENSE, license_.number)
    assert document.sha256
    assert document_get_public(document.verification_code) == document
    with document.file.open("rb") as handle:
        assert document_matches_file(document, SimpleUploadedFile("l.pdf", handle.read()))
    # The cases' PDFs are rendered in their issuing language; the register's wait for a reader.
    assert not IssuedDocument.objects.filter(
        case_type=ContentType.objects.get_for_model(LicenseApplication),
        renditions__language=F("language"),
        renditions__sha256="",
    ).exists()
    assert not OutboxMessage.objects.filter(task_name=EMAIL_TASK).exists()


def test_if_empty_adds_nothing_the_second_time():
    _seed("--if-empty")
    counts = (License.objects.count(), LicenseApplication.objects.count())
    assert "nothing to do" in _seed("--if-empty")
    assert (License.objects.count(), LicenseApplication.objects.count()) == counts


class _Rollback(Exception):
    pass


def _fingerprint(seed: int):
    try:
        with transaction.atomic():
            build(seed=seed, out=lambda line: None)
            rows = (
                list(License.objects.order_by("number").values_list("number", "holder_name_ru")),
                list(
                    LicenseApplication.objects.order_by("number").values_list(
                        "number", "kind", "state", "organization__bin"
                    )
                ),
                list(
                    # An application's experts in a stable order: by number alone they come
                    # in whatever order the database finds them.
                    LicenseApplication.objects.filter(inspections__isnull=False)
                    .order_by("number", "inspections__seed", "inspections__members__expert__iin")
                    .values_list("inspections__seed", "inspections__members__expert__iin")
                ),
            )
            raise _Rollback
    except _Rollback:
        return rows


def test_the_same_seed_gives_the_same_licensing_data():
    assert _fingerprint(7) == _fingerprint(7)


def test_verification_by_number_and_date_finds_every_license_and_appendix_of_the_register(
    client,
):
    _seed()
    register = [(license_.number, license_.issued_on) for license_ in License.objects.all()] + [
        (appendix.number, appendix.issued_on) for appendix in LicenseAppendix.objects.all()
    ]
    assert len(register) > 100
    for number, issued_on in register:
        found = client.get(
            reverse("api_verify_search"), {"number": number, "date": issued_on.isoformat()}
        )
        assert found.status_code == 200
        assert [row["number"] for row in found.json()] == [number], number
    # Made when first asked for: the seed renders only the PDFs of its cases.
    unrendered = IssuedDocument.objects.filter(
        kind=DocumentKind.LICENSE, renditions__language=F("language"), renditions__sha256=""
    )
    assert unrendered.count() >= License.objects.count() - 1
    assert not OutboxMessage.objects.filter(
        task_name="casework.tasks.render_document",
        kwargs__document_id__in=list(unrendered.values_list("pk", flat=True)),
    ).exists()
    # The page answers the same, with the status of the act.
    number, issued_on = register[0]
    page = client.get(reverse("verify_search"), {"number": number, "date": issued_on.isoformat()})
    assert number in page.content.decode() and "data-status=" in page.content.decode()
