"""The PDFs licensing issues, through casework.documents: the license, its appendices, letters
of refusal, decisions on a license's status, the signed inspection sheet and the licensing
council's decision with its votes.

A license's PDF carries the license number as its document number, an appendix's the appendix
number, so the current PDF of either is the valid document of that kind and number. Contexts are
built under the document's language: translated names are read in that language.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework.documents import document_issue, document_revoke, document_supersede
from casework.models import DocumentKind, IssuedDocument
from registry.models import Role, RoleAssignment

TEMPLATES = {
    DocumentKind.LICENSE: "licensing/documents/license.html",
    DocumentKind.LICENSE_APPENDIX: "licensing/documents/appendix.html",
    DocumentKind.REFUSAL: "licensing/documents/refusal.html",
    DocumentKind.DECISION: "licensing/documents/decision.html",
}
INSPECTION_SHEET_TEMPLATE = "licensing/documents/inspection_sheet.html"
COUNCIL_DECISION_TEMPLATE = "licensing/documents/council_decision.html"


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _signatory(authority) -> dict:
    head = (
        RoleAssignment.objects.filter(authority=authority, role=Role.HEAD, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return {
        "signatory": head.user.full_name if head else "",
        "signatory_position": _("Head of department") if head else "",
    }


def _authority(authority) -> dict:
    contacts = " · ".join(p for p in (authority.address, authority.phone, authority.email) if p)
    return {"authority": authority.name, "authority_contacts": contacts}


def current_document(kind: str, number: str) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(kind=kind, number=number, status=IssuedDocument.Status.VALID)
        .order_by("-issued_at", "-id")
        .first()
    )


def _replace(kind: str, number: str, new: IssuedDocument) -> None:
    """The new PDF supersedes the one it replaces (its verification page then says so)."""
    old = (
        IssuedDocument.objects.filter(kind=kind, number=number, status=IssuedDocument.Status.VALID)
        .exclude(pk=new.pk)
        .order_by("-issued_at", "-id")
        .first()
    )
    if old is not None:
        document_supersede(old, new)


def license_document_issue(license_, case, *, language: str, version: str, duplicate=False):
    """The license's PDF as it now reads; supersedes the previous one."""
    with translation.override(language):
        appendices = [
            {"number": a.number, "level": a.level.name}
            for a in license_.appendices.filter(status="active").select_related("level")
        ]
        context = {
            **_authority(license_.authority),
            **_signatory(license_.authority),
            "license_number": license_.number,
            "holder_name": license_.holder_name,
            "bin": license_.organization.bin,
            "issued_on": _date(license_.issued_on),
            "reissued_on": _date(license_.reissued_on),
            "appendices": appendices,
            "duplicate": duplicate,
        }
    document = document_issue(
        case,
        DocumentKind.LICENSE,
        TEMPLATES[DocumentKind.LICENSE],
        context,
        language,
        f"license:{license_.number}:{version}",
        number=license_.number,
        organization=license_.organization,
    )
    _replace(DocumentKind.LICENSE, license_.number, document)
    return document


def appendix_document_issue(appendix, case, *, language: str, version: str, duplicate=False):
    license_ = appendix.license
    with translation.override(language):
        context = {
            **_authority(license_.authority),
            **_signatory(license_.authority),
            "appendix_number": appendix.number,
            "license_number": license_.number,
            "holder_name": license_.holder_name,
            "bin": license_.organization.bin,
            "level": appendix.level.name,
            "specialties": [
                {"code": s.code, "name": s.name} for s in appendix.specialties.order_by("code")
            ],
            "qualifications": [
                {"code": q.code, "name": q.name} for q in appendix.qualifications.order_by("code")
            ],
            "address": appendix.address,
            "issued_on": _date(appendix.issued_on),
            "reissued_on": _date(appendix.reissued_on),
            "duplicate": duplicate,
        }
    document = document_issue(
        case,
        DocumentKind.LICENSE_APPENDIX,
        TEMPLATES[DocumentKind.LICENSE_APPENDIX],
        context,
        language,
        f"appendix:{appendix.number}:{version}",
        number=appendix.number,
        organization=license_.organization,
    )
    _replace(DocumentKind.LICENSE_APPENDIX, appendix.number, document)
    return document


def documents_revoke(kind: str, number: str, reason: str) -> None:
    """Revoke the valid PDF of a license or appendix that is no longer in force."""
    document = current_document(kind, number)
    if document is not None:
        document_revoke(document, reason)


def refusal_letter_issue(application, *, reasons: list[str], text: str, stage: str):
    language = application.applicant.language or "ru"
    with translation.override(language):
        context = {
            **_authority(application.authority),
            **_signatory(application.authority),
            "case_number": application.number,
            "kind": application.get_kind_display(),
            "organization": application.organization.name,
            "bin": application.organization.bin,
            "submitted_on": _date(timezone.localdate(application.submitted_at))
            if application.submitted_at
            else "",
            "stage": stage,
            "reasons": [str(r) for r in reasons],
            "text": text,
        }
    return document_issue(
        application,
        DocumentKind.REFUSAL,
        TEMPLATES[DocumentKind.REFUSAL],
        context,
        language,
        f"refusal:{application.number}:{stage}:{application.decided_at.isoformat()}",
    )


def decision_issue(license_, case, *, title: str, text: str, version: str, language="ru"):
    """A decision on a license's status (suspension, resumption, revocation)."""
    with translation.override(language):
        context = {
            **_authority(license_.authority),
            **_signatory(license_.authority),
            "title": title,
            "license_number": license_.number,
            "holder_name": license_.holder_name,
            "bin": license_.organization.bin,
            "text": text,
            "case_number": getattr(case, "number", ""),
        }
    return document_issue(
        case,
        DocumentKind.DECISION,
        TEMPLATES[DocumentKind.DECISION],
        context,
        language,
        f"decision:{license_.number}:{version}",
        organization=license_.organization,
    )


def _application(application) -> dict:
    return {
        "case_number": application.number,
        "kind": application.get_kind_display(),
        "organization": application.organization.name,
        "bin": application.organization.bin,
        "level": application.level.name if application.level_id else "",
        "specialties": [
            {"code": s.code, "name": s.name} for s in application.specialties.order_by("code")
        ],
        "address": application.activity_address,
    }


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def inspection_sheet_issue(inspection, *, sha256: str):
    """The inspection sheet as every member signed it (seed 002: the experts draw up the sheet
    and pass it to the council). Issued once per inspection, in the portal's language, the
    language its criteria were recorded in."""
    application = inspection.application
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        members = inspection.members.select_related("expert").order_by("position")
        signatures = inspection.signatures.filter(
            voided_at__isnull=True, content_sha256=sha256
        ).select_related("expert")
        replacements = inspection.replacements.select_related("dropped", "replacement")
        context = {
            **_authority(application.authority),
            **_application(application),
            "visit_date": _date(inspection.visit_date),
            "seed": inspection.seed,
            "commission": [
                {"name": m.expert.full_name, "certificate": m.expert.certificate_number}
                for m in members
            ],
            "replacements": [
                {
                    "dropped": r.dropped.full_name,
                    "replacement": r.replacement.full_name,
                    "ground": r.get_ground_display(),
                    "on": _date(timezone.localdate(r.replaced_at)),
                }
                for r in replacements
            ],
            "findings": [
                {
                    "code": f.criterion_code,
                    "criterion": f.criterion_text,
                    "met": f.met,
                    "comment": f.comment,
                }
                for f in inspection.findings.order_by("order", "id")
            ],
            "signatures": [
                {"name": s.expert.full_name, "signed_at": _moment(s.signed_at)} for s in signatures
            ],
            "sha256": sha256,
        }
    return document_issue(
        application,
        DocumentKind.CONCLUSION,
        INSPECTION_SHEET_TEMPLATE,
        context,
        language,
        f"inspection-sheet:{inspection.pk}",
        organization=application.organization,
    )


def council_decision_issue(review, *, entitled: list, recused: list, votes: list, quorum, majority):
    """The council's decision record: who could vote, who could not for a conflict of
    interest, every vote cast and the outcome (issue 4: "the decision record lists the votes").
    Issued once per review, in the portal's language, signed by the chair."""
    application = review.application
    language = settings.LANGUAGE_CODE
    chair = next((m for m in entitled if m.is_chair), None)
    with translation.override(language):
        context = {
            **_authority(application.authority),
            **_application(application),
            "council": review.council.name,
            "opened_on": _date(timezone.localdate(review.opened_at)),
            "closed_on": _date(timezone.localdate(review.closed_at)),
            "members_entitled": review.members_count,
            "members": [m.user.full_name or m.user.email for m in entitled],
            "recused": [m.user.full_name or m.user.email for m in recused],
            "votes": [
                {
                    "member": v.member.full_name or v.member.email,
                    "choice": v.choice,
                    "choice_label": v.get_choice_display(),
                    "comment": v.comment,
                }
                for v in votes
            ],
            "votes_for": review.votes_for,
            "votes_against": review.votes_against,
            "abstentions": review.abstentions,
            "quorum": str(quorum),
            "majority": str(majority),
            "outcome": review.outcome,
            "outcome_label": review.get_outcome_display(),
            "signatory": (chair.user.full_name or chair.user.email) if chair else "",
            "signatory_position": _("Chair of the licensing council") if chair else "",
        }
    return document_issue(
        application,
        DocumentKind.DECISION,
        COUNCIL_DECISION_TEMPLATE,
        context,
        language,
        f"council-decision:{review.pk}",
        organization=application.organization,
    )
