"""Issued documents: issue, render, supersede, revoke, annul, the status of the act, and the
public and owners' reads.

`document_issue` records what the act says — one number, one verification code — and a snapshot
of its content in every language the portal speaks (one DocumentRendition each), in the
caller's transaction, and queues the rendering of the issuing language's PDF through the outbox.
The other languages' PDFs are rendered on first request (`document_rendition_ready`). Rendering
is idempotent: the rendition's row is locked while it renders, a rendered one is left alone, and
a retry after a crash overwrites the same file name instead of adding a second file.

What a verification page says of an act comes from `document_act_status`: the document's own
state (superseded, revoked, annulled, expired) and, while it is in force, what the procedure that
issued it says of the act (a license suspended from – until, by which decision), declared with
`documents_declare_status(kind, provider)`.
"""

import dataclasses
import datetime
import hashlib
import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from casework import outbox
from casework.locks import lock, lock_all, locked
from casework.models import (
    CaseNumberCounter,
    DocumentDownload,
    DocumentKind,
    DocumentRendition,
    IssuedDocument,
)
from casework.seal import SealCheck, seal_check, seal_pdf, seal_signer_name

logger = logging.getLogger(__name__)

RENDER_TASK = "casework.tasks.render_document"

# Number prefixes of the documents the portal numbers itself (a procedure may pass its own
# number instead, e.g. a license number from the state register).
NUMBER_PREFIXES = {
    DocumentKind.LICENSE: "LS",
    DocumentKind.LICENSE_APPENDIX: "LSA",
    DocumentKind.CONCLUSION: "CON",
    DocumentKind.ORDER: "ORD",
    DocumentKind.DECISION: "DEC",
    DocumentKind.CERTIFICATE: "CRT",
    DocumentKind.APOSTILLE: "APS",
    DocumentKind.REFUSAL: "REF",
}


def verification_url(document: IssuedDocument) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "verify_document", args=[document.verification_code]
    )


# ---------------------------------------------------------------------------------------------
# Writes


Content = dict | Callable[[str], dict]


def document_issue(
    case,
    kind: str,
    template: str,
    context: Content,
    language: str,
    version_key: str,
    *,
    number: str = "",
    organization=None,
    holder: Callable[[str], str] | None = None,
    valid_until=None,
) -> IssuedDocument:
    """Issue a document for a case and queue its rendering; call it in the transaction of the
    decision that issues it.

    `version_key` names this version of this document (for example
    f"{case.number}:license:decision-{decision.pk}"): issuing it again returns the first row and
    queues nothing, so a retried request or task never issues twice. `context` is what the
    document says: a dict, or a function of the language giving one; it is snapshotted as JSON
    in every portal language (lazy translations and translated model fields resolve to that
    language), so each rendition says the same act in its language and a later re-render says
    exactly the same. `language` is the issuing language, rendered first. `holder(language)`
    names the holder as printed (default: the organization's name in that language)."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown document language {language!r}")
    get_template(template)  # a typo fails here, in the request, not later in the worker
    existing = IssuedDocument.objects.filter(version_key=version_key).first()
    if existing is not None:
        return existing
    organization = organization or getattr(case, "organization", None)
    languages = [code for code, _name in settings.PORTAL_LANGUAGES]
    if language not in languages:
        languages.append(language)
    snapshots = {code: _snapshot(context, code) for code in languages}
    with transaction.atomic():
        document = IssuedDocument(
            kind=kind,
            number=number or _allot_number(kind),
            case_type=ContentType.objects.get_for_model(case),
            case_id=case.pk,
            organization=organization,
            language=language,
            template=template,
            context=snapshots[language],
            version_key=version_key,
            valid_until=valid_until,
        )
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            # The same version issued at the same moment by another request: theirs stands.
            return IssuedDocument.objects.get(version_key=version_key)
        DocumentRendition.objects.bulk_create(
            DocumentRendition(
                document=document,
                language=code,
                context=snapshot,
                holder_name=_holder_name(holder, organization, code)[:500],
            )
            for code, snapshot in snapshots.items()
        )
        outbox.enqueue(RENDER_TASK, document_id=document.pk)
    return document


def in_language(value: Callable[[], str]):
    """A value of a document's content that is worded per language: `value()` runs under each
    rendition's language (a translated model field, a sentence built with gettext)."""
    return lazy(value, str)()


def _snapshot(context: Content, language: str) -> dict:
    with translation.override(language):
        content = context(language) if callable(context) else context
        return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def _holder_name(holder, organization, language: str) -> str:
    with translation.override(language):
        if holder is not None:
            return str(holder(language))
        return str(organization.name) if organization is not None else ""


def _allot_number(kind: str) -> str:
    prefix = NUMBER_PREFIXES.get(kind, "DOC")
    year = timezone.localdate().year
    return f"{prefix}-{year}-{CaseNumberCounter.allot(prefix, year):06d}"


def document_render(document_id: int, language: str | None = None) -> IssuedDocument:
    """Render, store and hash one rendition's PDF (the issuing language's by default) unless
    that is done already (the task body); returns the document."""
    document = IssuedDocument.objects.get(pk=document_id)
    rendition_render(document, language or document.language)
    return (
        IssuedDocument.objects.select_related("organization")
        .prefetch_related("renditions")
        .get(pk=document_id)
    )


def rendition_render(document: IssuedDocument, language: str) -> DocumentRendition:
    with transaction.atomic():
        # The lock makes a second delivery of the same task (or a second first download) wait
        # here and then find the work done, instead of rendering alongside.
        rendition = locked(DocumentRendition).get(document=document, language=language)
        storage = rendition.file.storage
        if rendition.is_rendered and rendition.file and storage.exists(rendition.file.name):
            return rendition
        content = seal_pdf(document_pdf(document, language, rendition.context))
        if settings.DOCUMENT_RENDER_TEST_DELAY:
            time.sleep(settings.DOCUMENT_RENDER_TEST_DELAY)
        name = _storage_name(document, language)
        # A crash between writing and committing leaves the file without a hash on the row;
        # the retry writes it again under the same name, so one file remains.
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(content))
        if stored != name:
            raise RuntimeError(f"Storage renamed {name} to {stored}")
        rendition.file.name = name
        rendition.sha256 = hashlib.sha256(content).hexdigest()
        rendition.sealed_by = seal_signer_name()
        rendition.rendered_at = timezone.now()
        rendition.save(update_fields=["file", "sha256", "sealed_by", "rendered_at"])
    return rendition


def document_rendition_ready(document: IssuedDocument, language: str) -> DocumentRendition:
    """The rendition in a language with its file, rendered now if nobody asked for it before."""
    rendition = document.rendition(language)
    if rendition is None:
        raise DocumentRendition.DoesNotExist
    if not rendition.is_rendered:
        rendition = rendition_render(document, language)
    return rendition


def document_pdf(document: IssuedDocument, language: str | None = None, context=None) -> bytes:
    """The PDF bytes of a document in a language (the issuing one by default), from that
    rendition's snapshot."""
    # WeasyPrint is imported only where PDFs are made: the web processes that issue documents
    # never pay for it.
    from casework import pdf

    language = language or document.language
    if context is None:
        rendition = document.rendition(language)
        context = rendition.context if rendition is not None else document.context
    return pdf.render_pdf(
        document.template,
        {"document": document, "content": context, "verification_url": verification_url(document)},
        language=language,
    )


def _storage_name(document: IssuedDocument, language: str) -> str:
    suffix = "" if language == document.language else f"-{language}"
    return f"documents/{document.issued_at:%Y/%m}/{document.kind}-{document.pk}{suffix}.pdf"


def document_supersede(old: IssuedDocument, new: IssuedDocument) -> IssuedDocument:
    """Mark `old` as replaced by `new` (a reissue, a corrected version, a duplicate)."""
    if old.pk == new.pk:
        raise ValidationError(_("A document cannot supersede itself."), code="same")
    with transaction.atomic():
        rows = {d.pk: d for d in lock_all(IssuedDocument, [old.pk, new.pk])}
        old, new = rows[old.pk], rows[new.pk]
        if old.status != IssuedDocument.Status.VALID:
            raise ValidationError(
                _("Only a valid document can be superseded; this one is %(status)s."),
                code="not_valid",
                params={"status": old.get_status_display()},
            )
        if new.status != IssuedDocument.Status.VALID:
            raise ValidationError(_("The new document is not valid."), code="new_not_valid")
        old.status = IssuedDocument.Status.SUPERSEDED
        old.superseded_by = new
        old.save(update_fields=["status", "superseded_by"])
    return old


def document_revoke(document: IssuedDocument, reason: str) -> IssuedDocument:
    """Revoke a document with a reason that the public verification page shows."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the revocation."), code="no_reason")
    with transaction.atomic():
        document = lock(document)
        if document.status == IssuedDocument.Status.REVOKED:
            raise ValidationError(_("The document is already revoked."), code="revoked")
        document.status = IssuedDocument.Status.REVOKED
        document.revoked_at = timezone.now()
        document.revocation_reason = reason
        document.save(update_fields=["status", "revoked_at", "revocation_reason"])
    return document


def document_annul(document: IssuedDocument, reason: str) -> IssuedDocument:
    """Annul a document: the act is void from the start (issued in error, or set aside by a
    court), as the verification page then says with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the annulment."), code="no_reason")
    with transaction.atomic():
        document = lock(document)
        if document.status != IssuedDocument.Status.VALID:
            raise ValidationError(
                _("Only a valid document can be annulled; this one is %(status)s."),
                code="not_valid",
                params={"status": document.get_status_display()},
            )
        document.status = IssuedDocument.Status.ANNULLED
        document.annulled_at = timezone.now()
        document.annulment_reason = reason
        document.save(update_fields=["status", "annulled_at", "annulment_reason"])
    return document


# ---------------------------------------------------------------------------------------------
# The status of the act


@dataclasses.dataclass(frozen=True)
class ActStatus:
    """What the act a document certifies is now: `code` (valid, suspended, superseded, revoked,
    expired, annulled, terminated), the dates it holds between, and the decision or document
    that made it so (a sentence for people)."""

    code: str
    since: datetime.date | None = None
    until: datetime.date | None = None
    basis: str = ""
    successor: IssuedDocument | None = None

    @property
    def label(self) -> str:
        return str(ACT_STATUS_LABELS.get(self.code, self.code))

    @property
    def in_force(self) -> bool:
        return self.code == "valid"


ACT_STATUS_LABELS = {
    "valid": _("Valid"),
    "suspended": _("Suspended"),
    "superseded": _("Superseded"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
    "annulled": _("Annulled"),
    "terminated": _("Terminated"),
}

StatusProvider = Callable[[IssuedDocument], "ActStatus | None"]
_STATUS_PROVIDERS: dict[str, StatusProvider] = {}


def documents_declare_status(kind: str, provider: StatusProvider) -> None:
    """Say how the act behind documents of a kind stands while the document itself is valid
    (licensing: a license suspended or revoked). The provider answers None for "in force"."""
    _STATUS_PROVIDERS[kind] = provider


def document_act_status(document: IssuedDocument, today=None) -> ActStatus:
    today = today or timezone.localdate()
    Status = IssuedDocument.Status
    if document.status == Status.SUPERSEDED:
        successor = document.superseded_by
        return ActStatus(
            "superseded",
            since=timezone.localtime(successor.issued_at).date() if successor else None,
            successor=successor,
        )
    if document.status == Status.REVOKED:
        return ActStatus(
            "revoked",
            since=timezone.localtime(document.revoked_at).date(),
            basis=document.revocation_reason,
        )
    if document.status == Status.ANNULLED:
        return ActStatus(
            "annulled",
            since=timezone.localtime(document.annulled_at).date(),
            basis=document.annulment_reason,
        )
    if document.valid_until is not None and document.valid_until < today:
        return ActStatus("expired", since=document.valid_until + datetime.timedelta(days=1))
    provider = _STATUS_PROVIDERS.get(document.kind)
    status = provider(document) if provider is not None else None
    return status or ActStatus("valid", until=document.valid_until)


# ---------------------------------------------------------------------------------------------
# Public reads (no login): only rendered documents exist for the public


def document_list_public() -> QuerySet[IssuedDocument]:
    """Every issued act can be checked; its PDFs are made when first asked for."""
    return IssuedDocument.objects.select_related("organization", "superseded_by").prefetch_related(
        "renditions"
    )


def document_get_public(code: str) -> IssuedDocument:
    return document_list_public().get(verification_code=code)


def document_search_public(number: str, date) -> QuerySet[IssuedDocument]:
    """Documents by number and date of issue (the date as printed, in the portal's time zone).
    Apostilles are looked up in their own e-Register, which counts failed look-ups and locks an
    address out (apostille.services.register_lookup): here a search would fish without limit and
    lead to the PDF, which only the code in its QR may reach."""
    return (
        document_list_public()
        .filter(number=number.strip(), issued_at__date=date)
        .exclude(kind=DocumentKind.APOSTILLE)
    )


def document_list_for_case(case) -> QuerySet[IssuedDocument]:
    """A case's documents with their renditions (two queries however many)."""
    return (
        IssuedDocument.objects.filter(
            case_type=ContentType.objects.get_for_model(case), case_id=case.pk
        )
        .select_related("superseded_by")
        .prefetch_related("renditions")
        .order_by("issued_at", "pk")
    )


def document_list_for_organization(organization) -> QuerySet[IssuedDocument]:
    return (
        IssuedDocument.objects.filter(organization=organization)
        .select_related("superseded_by")
        .prefetch_related("renditions")
        .order_by("-issued_at", "-pk")
    )


def document_download_record(rendition: DocumentRendition, *, user, via: str) -> None:
    known = user if getattr(user, "is_authenticated", False) else None
    DocumentDownload.objects.create(rendition=rendition, user=known, via=via)


@dataclasses.dataclass(frozen=True)
class FileCheck:
    """An uploaded copy compared with the issued document: `matches` is the SHA-256 compare,
    `seal` what the PAdES signature in the copy says."""

    matches: bool
    seal: SealCheck


def document_check_file(document: IssuedDocument, upload) -> FileCheck:
    """Whether an uploaded file is byte for byte one of the document's renditions, and whether
    its seal holds."""
    content = b"".join(upload.chunks())
    digest = hashlib.sha256(content).hexdigest()
    matches = any(r.sha256 == digest for r in document.renditions.all() if r.sha256)
    return FileCheck(matches, seal_check(content))


def document_matches_file(document: IssuedDocument, upload) -> bool:
    """Whether an uploaded file is byte for byte the issued PDF (SHA-256 compare)."""
    return document_check_file(document, upload).matches
