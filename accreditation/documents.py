"""The PDFs accreditation issues through casework.documents: the certificate (К20, К23) and its
duplicate (К28), and the written notice of a refusal with its reasons (К22).

Documents are issued in the organization's language and rendered in every portal language; what
they say is a function of the language, so names read in each rendition's. The verification page
of a certificate says what the certificate is now (`certificate_act_status`): expired after its
five years (К25), annulled or carried over to a successor (К26), replaced by the next cycle's
(К21), or superseded by its duplicate (casework's own status of the document).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from casework.documents import (
    ActStatus,
    document_issue,
    document_supersede,
    documents_declare_status,
)
from casework.models import DocumentKind, IssuedDocument
from casework.notifications import representatives_of

from .models import Certificate

CERTIFICATE_TEMPLATE = "accreditation/documents/certificate.html"
REFUSAL_TEMPLATE = "accreditation/documents/refusal.html"


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def organization_language(organization_id: int) -> str:
    """The language the organization reads: its first representative's, else the portal's."""
    language = (
        representatives_of(organization_id)
        .order_by("pk")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _issuer(body) -> dict:
    authority = body.authority
    contacts = " · ".join(p for p in (authority.address, authority.phone, authority.email) if p)
    return {"authority": authority.name, "authority_contacts": contacts}


def _certificate_content(certificate: Certificate, *, duplicate: bool):
    organization = certificate.organization
    programmes = list(certificate.programmes.all())
    body = certificate.body

    def content(_language) -> dict:
        return {
            **_issuer(body),
            "certificate_number": certificate.number,
            "organization": organization.name,
            "bin": organization.bin,
            "kind": certificate.get_kind_display(),
            "programmes": [{"code": p.code, "name": p.name} for p in programmes],
            "valid_from": _date(certificate.valid_from),
            "valid_until": _date(certificate.valid_until),
            "case_number": certificate.case.number,
            "body_certification": body.certification_number,
            "duplicate": duplicate,
        }

    return content


def certificate_document_issue(certificate: Certificate, *, version: str, duplicate=False):
    """The certificate's PDF (every language; the organization's first); a duplicate's
    supersedes the document it replaces, so the original's verification page says so."""
    document = document_issue(
        certificate.case,
        DocumentKind.CERTIFICATE,
        CERTIFICATE_TEMPLATE,
        _certificate_content(certificate, duplicate=duplicate),
        organization_language(certificate.organization_id),
        f"accreditation:certificate:{certificate.number}:{version}",
        number=certificate.number,
        organization=certificate.organization,
        valid_until=certificate.valid_until,
    )
    previous = certificate.document
    if (
        previous is not None
        and previous.pk != document.pk
        and previous.status == IssuedDocument.Status.VALID
    ):
        document_supersede(previous, document)
    return document


def refusal_notice_issue(case):
    """К22: the written notice of the refusal with its reasons."""
    organization = case.organization
    body = case.body
    programmes = list(case.programmes.all())

    def content(_language) -> dict:
        return {
            **_issuer(body),
            "case_number": case.number,
            "organization": organization.name,
            "bin": organization.bin,
            "kind": case.get_kind_display(),
            "programmes": [{"code": p.code, "name": p.name} for p in programmes],
            "submitted_on": _date(case.submitted_at.date()) if case.submitted_at else "",
            "reasons": case.decision_reasons,
        }

    return document_issue(
        case,
        DocumentKind.REFUSAL,
        REFUSAL_TEMPLATE,
        content,
        organization_language(case.organization_id),
        f"accreditation:refusal:{case.number}:{case.council_round}",
        organization=organization,
    )


def certificate_act_status(document: IssuedDocument) -> ActStatus | None:
    """What a certificate is now, while its document is valid (None: in force)."""
    certificate = (
        Certificate.objects.select_related("next_cycle", "carried_over_from", "organization")
        .filter(number=document.number)
        .first()
    )
    if certificate is None:
        return None
    Status = Certificate.Status
    if certificate.status == Status.EXPIRED:
        return ActStatus("expired", since=certificate.status_changed_on)
    if certificate.status == Status.ANNULLED:
        return ActStatus(
            "annulled", since=certificate.status_changed_on, basis=certificate.status_reason
        )
    if certificate.status == Status.REPLACED:
        following = getattr(certificate, "next_cycle", None)
        return ActStatus(
            "superseded",
            since=certificate.status_changed_on,
            basis=_("Replaced by certificate %(number)s of the next cycle.")
            % {"number": following.number}
            if following
            else certificate.status_reason,
            successor=following.document if following else None,
        )
    if certificate.carried_over_from_id:
        return ActStatus(
            "valid",
            until=certificate.valid_until,
            basis=_("Carried over to %(name)s, the legal successor of %(previous)s.")
            % {
                "name": certificate.organization.name,
                "previous": certificate.carried_over_from.name,
            },
        )
    return None


def declare_act_status() -> None:
    documents_declare_status(DocumentKind.CERTIFICATE, certificate_act_status)
