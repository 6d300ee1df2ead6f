"""The PDFs licensing issues, through casework.documents: the license, its appendices, letters
of refusal, decisions on a license's status, the signed inspection sheet and the licensing
council's decision with its votes.

A license's PDF carries the license number as its document number, an appendix's the appendix
number, so the current PDF of either is the valid document of that kind and number. Documents are
issued in the applicant's (the licensee's) language; what they say is a function of the language,
which casework runs under each rendition's language, so translated names (organization, level,
specialty, qualification, criterion) and fixed phrases read in that rendition's language. Rows
are read once, before; the function only reads their translated attributes.

The verification page of a license's or an appendix's document says what the act is now
(suspended from – until, revoked, terminated, and by which decision): `license_act_status`.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.documents import (
    ActStatus,
    document_issue,
    document_supersede,
    documents_declare_status,
)
from casework.models import DocumentKind, IssuedDocument
from registry.models import Role, RoleAssignment

from .models import License, LicenseAppendix, LicenseEvent
from .services._common import licensee_language

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


def _head(authority):
    return (
        RoleAssignment.objects.filter(authority=authority, role=Role.HEAD, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )


def _issuer(authority, head=False):
    """The issuing authority's name, contacts and signatory, read in the rendition's language
    when called (call it inside a content function). `head` is the head's RoleAssignment (False:
    look it up now)."""
    head = _head(authority) if head is False else head

    def content() -> dict:
        contacts = " · ".join(p for p in (authority.address, authority.phone, authority.email) if p)
        return {
            "authority": authority.name,
            "authority_contacts": contacts,
            "signatory": head.user.full_name if head else "",
            "signatory_position": _("Head of department") if head else "",
        }

    return content


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


def _holder(license_):
    """The licensee as the license prints it, in each rendition's language."""
    return lambda _language: license_.holder_name


def _license_content(license_, *, duplicate=False, head=False):
    issuer = _issuer(license_.authority, head)
    appendices = list(
        license_.appendices.filter(status="active").select_related("level").order_by("serial")
    )

    def content(_language) -> dict:
        return {
            **issuer(),
            "license_number": license_.number,
            "holder_name": license_.holder_name,
            "bin": license_.organization.bin,
            "issued_on": _date(license_.issued_on),
            "reissued_on": _date(license_.reissued_on),
            "appendices": [{"number": a.number, "level": a.level.name} for a in appendices],
            "duplicate": duplicate,
        }

    return content


def _appendix_content(appendix, *, duplicate=False, head=False):
    license_ = appendix.license
    issuer = _issuer(license_.authority, head)
    specialties = list(appendix.specialties.order_by("code"))
    qualifications = list(appendix.qualifications.order_by("code"))

    def content(_language) -> dict:
        return {
            **issuer(),
            "appendix_number": appendix.number,
            "license_number": license_.number,
            "holder_name": license_.holder_name,
            "bin": license_.organization.bin,
            "level": appendix.level.name,
            "specialties": [{"code": s.code, "name": s.name} for s in specialties],
            "qualifications": [{"code": q.code, "name": q.name} for q in qualifications],
            "address": appendix.address,
            "issued_on": _date(appendix.issued_on),
            "reissued_on": _date(appendix.reissued_on),
            "duplicate": duplicate,
        }

    return content


def license_document_issue(license_, case, *, language: str, version: str, duplicate=False):
    """The license's PDF as it now reads; supersedes the previous one."""
    document = document_issue(
        case,
        DocumentKind.LICENSE,
        TEMPLATES[DocumentKind.LICENSE],
        _license_content(license_, duplicate=duplicate),
        language,
        f"license:{license_.number}:{version}",
        number=license_.number,
        organization=license_.organization,
        holder=_holder(license_),
    )
    _replace(DocumentKind.LICENSE, license_.number, document)
    return document


def appendix_document_issue(appendix, case, *, language: str, version: str, duplicate=False):
    license_ = appendix.license
    document = document_issue(
        case,
        DocumentKind.LICENSE_APPENDIX,
        TEMPLATES[DocumentKind.LICENSE_APPENDIX],
        _appendix_content(appendix, duplicate=duplicate),
        language,
        f"appendix:{appendix.number}:{version}",
        number=appendix.number,
        organization=license_.organization,
        holder=_holder(license_),
    )
    _replace(DocumentKind.LICENSE_APPENDIX, appendix.number, document)
    return document


# ---------------------------------------------------------------------------------------------
# The register's documents: every license and appendix in the register has its PDF, even one
# entered before the portal issued documents (seeded or migrated rows). The document carries the
# register's number and the date of issue, so verification by number and date finds it; its PDF
# is made on first request.

REGISTER_VERSION = "register"


def _issued_at(day: datetime.date) -> datetime.datetime:
    # Midday in the portal's time zone: the date of issue, whatever the reader's time zone.
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_default_timezone())


def register_documents_issue(licenses=None, *, language: str | None = None) -> int:
    """Issue the missing documents of licenses and their appendices (all licenses by default);
    returns how many were issued. Idempotent: a license or appendix with a document of its kind
    and number is left alone. The documents belong to the license (owners download them from
    the organization's dossier); their PDFs are rendered on first request."""
    licenses = License.objects.all() if licenses is None else licenses
    has_license_document = IssuedDocument.objects.filter(
        kind=DocumentKind.LICENSE, number=OuterRef("number")
    )
    has_appendix_document = IssuedDocument.objects.filter(
        kind=DocumentKind.LICENSE_APPENDIX, number=OuterRef("number")
    )
    missing_appendices = (
        LicenseAppendix.objects.filter(license__in=licenses)
        .exclude(Exists(has_appendix_document))
        .select_related("level", "license")
        .order_by("license_id", "serial")
    )
    appendices_of: dict[int, list] = {}
    for appendix in missing_appendices:
        appendices_of.setdefault(appendix.license_id, []).append(appendix)
    missing_licenses = licenses.filter(
        Q(~Exists(has_license_document)) | Q(pk__in=list(appendices_of))
    ).select_related("organization", "authority")
    heads: dict[int, object] = {}
    issued = 0
    for license_ in missing_licenses.order_by("pk"):
        if license_.authority_id not in heads:
            heads[license_.authority_id] = _head(license_.authority)
        head = heads[license_.authority_id]
        issuing_language = language or licensee_language(license_)
        for appendix in appendices_of.get(license_.pk, []):
            appendix.license = license_
            issued += _register_document(
                license_,
                DocumentKind.LICENSE_APPENDIX,
                appendix.number,
                _appendix_content(appendix, head=head),
                appendix.issued_on,
                issuing_language,
            )
        if not IssuedDocument.objects.filter(
            kind=DocumentKind.LICENSE, number=license_.number
        ).exists():
            issued += _register_document(
                license_,
                DocumentKind.LICENSE,
                license_.number,
                _license_content(license_, head=head),
                license_.issued_on,
                issuing_language,
            )
    return issued


def _register_document(license_, kind, number, content, issued_on, language) -> int:
    prefix = "license" if kind == DocumentKind.LICENSE else "appendix"
    document = document_issue(
        license_,
        kind,
        TEMPLATES[kind],
        content,
        language,
        f"{prefix}:{number}:{REGISTER_VERSION}",
        number=number,
        organization=license_.organization,
        holder=_holder(license_),
    )
    IssuedDocument.objects.filter(pk=document.pk).update(issued_at=_issued_at(issued_on))
    return 1


def refusal_letter_issue(application, *, reasons: list, text: str, stage: str):
    """The letter of refusal in the applicant's language, each rendition worded in its own."""
    issuer = _issuer(application.authority)
    submitted = timezone.localdate(application.submitted_at) if application.submitted_at else None

    def content(_language) -> dict:
        return {
            **issuer(),
            "case_number": application.number,
            "kind": application.get_kind_display(),
            "organization": application.organization.name,
            "bin": application.organization.bin,
            "submitted_on": _date(submitted),
            "stage": stage,
            "reasons": [str(r) for r in reasons],
            "text": text,
        }

    return document_issue(
        application,
        DocumentKind.REFUSAL,
        TEMPLATES[DocumentKind.REFUSAL],
        content,
        licensee_language_of(application),
        f"refusal:{application.number}:{stage}:{application.decided_at.isoformat()}",
    )


def decision_issue(license_, case, *, title, text, version: str, language: str):
    """A decision on a license's status (suspension, resumption, revocation, termination):
    `title` and `text` are lazy or `in_language` values, worded in each rendition's language."""
    issuer = _issuer(license_.authority)

    def content(_language) -> dict:
        return {
            **issuer(),
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
        content,
        language,
        f"decision:{license_.number}:{version}",
        organization=license_.organization,
        holder=_holder(license_),
    )


def _application(application):
    """What the inspection sheet and the council's decision say of the application, read in
    the rendition's language when called."""
    specialties = list(application.specialties.order_by("code"))

    def content() -> dict:
        return {
            "case_number": application.number,
            "kind": application.get_kind_display(),
            "organization": application.organization.name,
            "bin": application.organization.bin,
            "level": application.level.name if application.level_id else "",
            "specialties": [{"code": s.code, "name": s.name} for s in specialties],
            "address": application.activity_address,
        }

    return content


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def inspection_sheet_issue(inspection, *, sha256: str):
    """The inspection sheet as every member signed it (seed 002: the experts draw up the sheet
    and pass it to the council). Issued once per inspection, in the applicant's language; each
    rendition names the criteria in its language (the signed wording is the one the sheet was
    drawn up in, whose SHA-256 it prints)."""
    application = inspection.application
    issuer = _issuer(application.authority)
    about = _application(application)
    members = list(inspection.members.select_related("expert").order_by("position"))
    signatures = list(
        inspection.signatures.filter(voided_at__isnull=True, content_sha256=sha256).select_related(
            "expert"
        )
    )
    replacements = list(inspection.replacements.select_related("dropped", "replacement"))
    findings = list(inspection.findings.select_related("criterion").order_by("order", "id"))

    def content(_language) -> dict:
        return {
            **issuer(),
            **about(),
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
                    "criterion": f.criterion_name,
                    "met": f.met,
                    "comment": f.comment,
                }
                for f in findings
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
        content,
        licensee_language_of(application),
        f"inspection-sheet:{inspection.pk}",
        organization=application.organization,
    )


def council_decision_issue(review, *, entitled: list, recused: list, votes: list, quorum, majority):
    """The council's decision record: who could vote, who could not for a conflict of
    interest, every vote cast and the outcome (issue 4: "the decision record lists the votes").
    Issued once per review, in the applicant's language, signed by the chair."""
    application = review.application
    issuer = _issuer(application.authority, head=None)
    about = _application(application)
    chair = next((m for m in entitled if m.is_chair), None)

    def content(_language) -> dict:
        return {
            **issuer(),
            **about(),
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
        content,
        licensee_language_of(application),
        f"council-decision:{review.pk}",
        organization=application.organization,
    )


def licensee_language_of(application) -> str:
    """The applicant's account language: the case's documents are issued in it."""
    return application.applicant.language or settings.LANGUAGE_CODE


# ---------------------------------------------------------------------------------------------
# The status of the act a license's or an appendix's document certifies (what the verification
# page says while the document itself is valid): a document carries its license's or appendix's
# number, so the register row is found by the number; the decision behind the status is the
# latest history line of its kind. Two queries.


def _basis(event, fallback_date) -> str:
    """One sentence naming the decision (its number and date, and the case it came from)."""
    if event is None:
        return _("Entry in the state register of %(date)s.") % {"date": _date(fallback_date)}
    params = {
        "decision": event.details.get("decision", ""),
        "date": _date(timezone.localdate(event.at)),
        "case": event.case_number,
        "reason": event.reason,
    }
    if params["decision"] and params["case"]:
        return _("Decision № %(decision)s of %(date)s in case %(case)s: %(reason)s") % params
    if params["decision"]:
        return _("Decision № %(decision)s of %(date)s: %(reason)s") % params
    if params["case"]:
        return _("Decision of %(date)s in case %(case)s: %(reason)s") % params
    return _("Decision of %(date)s: %(reason)s") % params


def _latest_event(license_, kind, appendix=None):
    events = LicenseEvent.objects.filter(license=license_, kind=kind)
    if appendix is not None:
        events = events.filter(appendix=appendix)
    return events.order_by("-at", "-id").first()


def _license_status(license_) -> ActStatus | None:
    Status = License.Status
    Event = LicenseEvent.Kind
    if license_.status == Status.SUSPENDED:
        event = _latest_event(license_, Event.SUSPENDED)
        return ActStatus(
            "suspended",
            since=license_.status_changed_on,
            until=license_.suspended_until,
            basis=_basis(event, license_.status_changed_on),
        )
    if license_.status in (Status.REVOKED, Status.TERMINATED):
        event = _latest_event(
            license_, Event.REVOKED if license_.status == Status.REVOKED else Event.TERMINATED
        )
        return ActStatus(
            license_.status,
            since=license_.status_changed_on,
            basis=_basis(event, license_.status_changed_on),
        )
    return None


def license_act_status(document: IssuedDocument) -> ActStatus | None:
    license_ = License.objects.filter(number=document.number).first()
    return _license_status(license_) if license_ is not None else None


def appendix_act_status(document: IssuedDocument) -> ActStatus | None:
    """An appendix stands or falls with its license; returned voluntarily, it is terminated."""
    appendix = (
        LicenseAppendix.objects.select_related("license").filter(number=document.number).first()
    )
    if appendix is None:
        return None
    if appendix.license.status != License.Status.ACTIVE:
        return _license_status(appendix.license)
    if appendix.status == LicenseAppendix.Status.RETURNED:
        event = _latest_event(
            appendix.license, LicenseEvent.Kind.APPENDIX_RETURNED, appendix=appendix
        )
        if event is not None and event.case_number:
            basis = _("Returned voluntarily, application %(case)s of %(date)s.") % {
                "case": event.case_number,
                "date": _date(timezone.localdate(event.at)),
            }
        else:
            basis = _basis(event, appendix.status_changed_on)
        return ActStatus("terminated", since=appendix.status_changed_on, basis=basis)
    return None


def declare_act_status() -> None:
    documents_declare_status(DocumentKind.LICENSE, license_act_status)
    documents_declare_status(DocumentKind.LICENSE_APPENDIX, appendix_act_status)
