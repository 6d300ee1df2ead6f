"""The PDFs the apostille issues, through casework.documents: the apostille certificate (an
e-Apostille, or a printable paper certificate) and the letter of refusal.

The e-Apostille is one PDF holding the certificate and the document it certifies: the scan is
embedded in the PDF as a file attachment, byte for byte as uploaded (its SHA-256 is printed on
the certificate and recorded in the issued document's content), and, when the scan is an
image, also shown on the pages after the certificate. The authority's PAdES seal
(casework.seal) then covers both, so neither can be changed or swapped without breaking it. An
attachment rather than pages merged into the PDF: merging rewrites a PDF scan's objects, and the
applicant's file would no longer be the file certified. The paper form is the certificate alone,
printed and fixed to the original; both carry the QR code of their verification page.
"""

from django.conf import settings
from django.utils import timezone, translation

from casework.attachments import download_name
from casework.documents import document_issue
from casework.models import Attachment, DocumentKind

from . import certificate
from .models import Apostille, ApostilleRequest, Form, RequestCheck, Specimen
from .selectors import organization_names_on

TEMPLATES = {
    Form.ELECTRONIC: "apostille/documents/e_apostille.html",
    Form.PAPER: "apostille/documents/apostille.html",
}
REFUSAL_TEMPLATE = "apostille/documents/refusal.html"
SCAN = "scan"


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _portal_languages() -> list[str]:
    return [code for code, _name in settings.PORTAL_LANGUAGES]


def _in(language: str, value) -> str:
    with translation.override(language):
        return str(value)


def _translated(instance, field: str, language: str) -> str:
    return getattr(instance, f"{field}_{language}", "") or getattr(instance, field, "") or ""


def current_scan(request: ApostilleRequest) -> Attachment | None:
    return (
        Attachment.objects.filter(
            case_type__app_label="apostille",
            case_type__model="apostillerequest",
            case_id=request.pk,
            item_code=SCAN,
            superseded_by__isnull=True,
        )
        .order_by("-version")
        .first()
    )


def _signer(request: ApostilleRequest) -> tuple[str, str]:
    """Who signed the document and in which capacity, in the applicant's language: the
    specimen the signer check matched, else the name on the request."""
    check = request.checks.filter(kind=RequestCheck.Kind.SIGNER).first()
    specimen_id = (check.details or {}).get("specimen") if check else None
    specimen = Specimen.objects.filter(pk=specimen_id).first() if specimen_id else None
    if specimen is None:
        return request.signer_name, ""
    capacity = specimen.position or _in(request.language, specimen.get_capacity_display())
    return specimen.signer_name, capacity


def apostille_make(request: ApostilleRequest, *, official, duplicate_of=None) -> Apostille:
    """Fill the apostille's fields, number it and issue its PDF (in the caller's transaction,
    the decision's)."""
    language = request.language
    authority = request.authority
    names = organization_names_on(request.issuer, request.issued_on)
    signed_by, capacity = _signer(request)
    jurisdiction = settings.PORTAL_JURISDICTION.upper()
    apostille = Apostille.objects.create(
        request=request,
        duplicate_of=duplicate_of,
        issued_on=timezone.localdate(),
        country=certificate.COUNTRY.get(jurisdiction, certificate.COUNTRY["KZ"]).get(
            language, certificate.COUNTRY["KZ"]["en"]
        ),
        signed_by=signed_by,
        capacity=capacity,
        seal_of=names.get(language) or names.get("ru", ""),
        place=_translated(authority.jurisdiction, "name", language),
        authority=authority,
        authority_name=_translated(authority, "name", language),
        official=official,
        language=language,
        form=request.form,
    )
    document = apostille_document_issue(apostille)
    Apostille.objects.filter(pk=apostille.pk).update(document=document)
    apostille.document = document
    return apostille


def apostille_document_issue(apostille: Apostille):
    request = apostille.request
    electronic = apostille.form == Form.ELECTRONIC
    scan = current_scan(request) if electronic else None
    languages = _portal_languages()
    value_language = apostille.language
    values = {
        1: apostille.country,
        2: apostille.signed_by,
        3: apostille.capacity,
        4: apostille.seal_of,
        5: apostille.place,
        6: _date(apostille.issued_on),
        7: apostille.authority_name,
        8: apostille.number,
        9: certificate.ELECTRONIC_SEAL.get(value_language, certificate.ELECTRONIC_SEAL["en"])
        if electronic
        else "",
        10: f"{apostille.official.full_name} — "
        + certificate.ELECTRONIC_SIGNATURE.get(
            value_language, certificate.ELECTRONIC_SIGNATURE["en"]
        )
        if electronic
        else apostille.official.full_name,
    }
    scan_facts = None
    if scan is not None:
        scan_facts = {
            "attachment": scan.pk,
            "sha256": scan.sha256,
            "name": download_name(scan),
            "content_type": scan.content_type,
            "size": scan.size,
            "is_image": scan.content_type.startswith("image/"),
        }
    document_facts = {
        "kind": _in(value_language, request.document_type.name),
        "series": request.series,
        "number": request.document_number,
        "issued_on": _date(request.issued_on),
    }

    def content(_language) -> dict:
        return {
            "authority": apostille.authority_name,
            "heading": certificate.HEADING,
            "subheading": certificate.SUBHEADING,
            "this_public_document": certificate.line(certificate.THIS_PUBLIC_DOCUMENT, languages),
            "certified": certificate.line(certificate.CERTIFIED, languages),
            "fields": certificate.fields(values, languages),
            "value_language": value_language,
            "form": apostille.form,
            "duplicate_of": apostille.duplicate_of.number if apostille.duplicate_of else "",
            "document": document_facts,
            "scan": scan_facts,
        }

    seal_of = apostille.seal_of
    return document_issue(
        request,
        DocumentKind.APOSTILLE,
        TEMPLATES[apostille.form],
        content,
        value_language,
        f"apostille:{apostille.number}",
        number=apostille.number,
        # The holder the verification page names is the organization whose seal the document
        # bears: an apostille certifies the signature and seal, not the person.
        holder=lambda _language: seal_of,
    )


def refusal_letter_issue(request: ApostilleRequest, *, reasons: list, text: str):
    """The letter of refusal in the applicant's language, each rendition worded in its own."""
    authority = request.authority
    names = organization_names_on(request.issuer, request.issued_on)

    def content(language) -> dict:
        return {
            "authority": _translated(authority, "name", language),
            "authority_contacts": " · ".join(
                p for p in (authority.address, authority.phone, authority.email) if p
            ),
            "case_number": request.number,
            "holder_name": request.holder_name,
            "document_kind": _translated(request.document_type, "name", language),
            "series": request.series,
            "document_number": request.document_number,
            "issued_on": _date(request.issued_on),
            "issuer": names.get(language) or names.get("ru", ""),
            "submitted_on": _date(timezone.localdate(request.submitted_at))
            if request.submitted_at
            else "",
            "reasons": [_translated(r, "text", language) for r in reasons],
            "text": text,
            "signatory": request.decided_by.full_name if request.decided_by else "",
        }

    return document_issue(
        request,
        DocumentKind.REFUSAL,
        REFUSAL_TEMPLATE,
        content,
        request.language,
        f"apostille-refusal:{request.number}:{request.decided_at.isoformat()}",
        # The public verification page names nobody: the letter is about a person.
        holder=lambda _language: "",
    )
