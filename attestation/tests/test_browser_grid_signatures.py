"""In Chromium: a member who changes a result after someone signed the conclusion is told whose
signatures it voids, nothing is saved until they confirm, and the confirmation saves the value
held back and voids the signatures (А31; issue 10)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from attestation import services
from attestation.models import (
    Attestation,
    Column,
    ConclusionAttachment,
    ConclusionSection,
    ConclusionSignature,
    ResultCell,
)
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    pdf,
    results,
    sample_of,
    today,
)
from attestation.tests.test_browser import _log_in, _settled
from attestation.tests.test_browser_journey import KAZAKH, reads

pytestmark = [pytest.mark.browser]


def test_a_member_signing_while_the_grid_is_open_holds_the_next_result_until_confirmed(
    portal_live_server, page, context
):
    base = portal_live_server.url
    attestation = attestation_in(
        World(), Attestation.State.VISIT, start_date=today() - datetime.timedelta(days=1)
    )
    commission = commission_for(attestation, members=2)
    chair = commission.chair.user
    first, second = [m.user for m in commission.members.exclude(role="chair").order_by("pk")]
    _cohort, students = sample_of(attestation, size=3)
    results(students, by=chair)
    conclusion = services.conclusion_draft(attestation, actor=chair)
    conclusion = services.conclusion_edit(
        conclusion,
        actor=chair,
        version=conclusion.version,
        sections={ConclusionSection.FINDINGS: "Complies."},
        compliant=True,
        recommendation="attest",
    )
    for item in ConclusionAttachment:
        services.attestation_file_upload(
            attestation, item.value, pdf(f"{item.value}.pdf"), actor=chair
        )
    conclusion.refresh_from_db()
    reads(KAZAKH, second)

    # The second member opens the grid while nobody has signed: no warning.
    _log_in(context, base, second)
    page.goto(base + reverse("attestation:grid", args=[attestation.pk]))
    assert page.locator("html").get_attribute("lang") == KAZAKH  # the member's language
    expect(page.locator("#grid-void")).to_be_hidden()

    # The first member signs meanwhile.
    services.conclusion_sign(
        conclusion, actor=first, sha256=services.content_hash(conclusion, attestation)
    )

    # The second member's change is refused and held; the warning names the signer.
    cell = page.locator(f"input[data-student='{students[0].pk}'][data-column='test']")
    cell.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("55")
    page.keyboard.press("Enter")
    _settled(page)
    expect(page.locator("#grid-void")).to_be_visible()
    expect(page.locator("#grid-void-text")).to_contain_text("Member 1")
    expect(cell).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(cell).to_have_value("55")
    expect(page.locator("#grid-status .grid-status-error")).to_contain_text("55")
    assert ResultCell.objects.get(student=students[0], column=Column.TEST).value == 80
    assert ConclusionSignature.objects.filter(voided_at__isnull=True).count() == 1

    # Confirming saves the held value and voids the signature.
    page.locator("#grid-void-signatures").focus()
    page.keyboard.press("Space")
    _settled(page)
    expect(cell).to_have_class(re.compile(r"\bis-saved\b"))
    voided = page.locator("#grid-void").get_attribute("data-msg-voided")
    expect(page.locator("#grid-void-text")).to_have_text(voided)
    assert ResultCell.objects.get(student=students[0], column=Column.TEST).value == 55
    assert not ConclusionSignature.objects.filter(voided_at__isnull=True).exists()
