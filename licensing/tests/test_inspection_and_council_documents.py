"""PDFs of the signed inspection sheet and of the council's decision with its votes: issued
once, through casework.documents, and verifiable; and the letterhead names the jurisdiction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from casework.documents import document_get_public, document_matches_file, document_render
from casework.models import DocumentKind, IssuedDocument
from casework.pdf import render_html
from licensing import documents, services
from licensing.models import CouncilVote

from .factories import before_council, council_decided, world

pytestmark = pytest.mark.django_db


def _documents(application, kind):
    return IssuedDocument.objects.filter(case_id=application.pk, kind=kind)


def _text(document) -> str:
    with document.file.open("rb") as handle:
        content = handle.read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages), content


def _verifies(client, document, content) -> None:
    assert document_get_public(document.verification_code) == document
    assert document_matches_file(document, SimpleUploadedFile("x.pdf", content))
    page = client.get(reverse("verify_document", args=[document.verification_code]))
    assert page.status_code == 200
    assert b'data-status="valid"' in page.content


def test_the_signed_inspection_sheet_is_issued_once_when_it_goes_to_the_council(client):
    w = world()
    application, _members = before_council(w)
    inspection = application.inspections.get()
    [sheet] = _documents(application, DocumentKind.CONCLUSION)
    assert sheet.version_key == f"inspection-sheet:{inspection.pk}"
    assert sheet.context["sha256"] == services.sheet_sha256(inspection)
    assert len(sheet.context["signatures"]) == inspection.members.count()

    again = documents.inspection_sheet_issue(inspection, sha256=services.sheet_sha256(inspection))
    assert again == sheet
    assert _documents(application, DocumentKind.CONCLUSION).count() == 1

    rendered = document_render(sheet.pk)
    text, content = _text(rendered)
    finding = inspection.findings.get()
    assert finding.criterion_code in text
    for member in inspection.members.select_related("expert"):
        assert member.expert.full_name in text
    assert application.number in text
    _verifies(client, rendered, content)


def test_the_council_decision_lists_every_vote_and_is_issued_once(client):
    w = world()
    application = council_decided(w, "grant")
    review = application.council_reviews.get()
    [decision] = _documents(application, DocumentKind.DECISION)
    assert decision.version_key == f"council-decision:{review.pk}"
    votes = list(review.votes.select_related("member"))
    assert [v["member"] for v in decision.context["votes"]] == [v.member.full_name for v in votes]
    assert {v["choice"] for v in decision.context["votes"]} == {CouncilVote.Choice.FOR}
    assert decision.context["outcome"] == "grant"
    assert decision.context["votes_for"] == len(votes)

    # Closing cannot happen twice, and issuing again gives the same document.
    entitled = list(review.council.members.select_related("user"))
    again = documents.council_decision_issue(
        review, entitled=entitled, recused=[], votes=votes, quorum="2/3", majority="1/2"
    )
    assert again == decision
    assert _documents(application, DocumentKind.DECISION).count() == 1

    rendered = document_render(decision.pk)
    text, content = _text(rendered)
    for vote in votes:
        assert vote.member.full_name in text
    assert "To grant the application." in text
    _verifies(client, rendered, content)


def test_a_recused_member_is_named_in_the_decision_and_not_counted(settings):
    from registry.tests.factories import grant

    w = world()
    application, members = before_council(w, council_size=4)
    grant(members[3], "applicant", organization=w.organization)  # a conflict of interest
    review = application.council_reviews.get()
    for member in members[:3]:
        services.council_vote_cast(review, actor=member, choice="against")
    services.council_review_close(review, actor=w.head)
    [decision] = _documents(application, DocumentKind.DECISION)
    assert decision.context["recused"] == [members[3].full_name]
    assert decision.context["members_entitled"] == 3
    assert decision.context["outcome"] == "refuse"


@pytest.mark.parametrize(
    ("jurisdiction", "state", "other"),
    [("KZ", "Republic of Kazakhstan", "Kyrgyz Republic"), ("KG", "Kyrgyz Republic", "Kazakhstan")],
)
def test_the_letterhead_names_the_state_of_the_jurisdiction(settings, jurisdiction, state, other):
    settings.PORTAL_JURISDICTION = jurisdiction
    w = world()
    application, _members = before_council(w)
    [sheet] = _documents(application, DocumentKind.CONCLUSION)
    html = render_html(sheet.template, {"document": sheet, "content": sheet.context}, language="en")
    letterhead = html.split('<header class="letterhead">')[1].split("</header>")[0]
    assert state in letterhead
    assert other not in letterhead
