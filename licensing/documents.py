"""The PDFs licensing issues, through casework.documents: the license, its appendices, letters
of refusal and decisions on a license's status.

A license's PDF carries the license number as its document number, an appendix's the appendix
number, so the current PDF of either is the valid document of that kind and number. Contexts are
built under the document's language: translated names are read in that language.
"""

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
