"""Issued documents: issue, render, supersede, revoke, and the public reads for verification.

`document_issue` records what the document says (a JSON snapshot taken in the document's
language) and queues the rendering through the outbox, in the caller's transaction. The render
task (`casework.tasks.render_document`, queue "documents") turns the snapshot into a PDF, stores
it under a name fixed by the row and records its SHA-256. Rendering is idempotent: the row is
locked while it renders, a rendered row is left alone, and a retry after a crash overwrites the
same file name instead of adding a second file.
"""

import dataclasses
import hashlib
import json
import logging
import time

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
from django.utils.translation import gettext_lazy as _

from casework import outbox
from casework.locks import lock, lock_all, locked
from casework.models import CaseNumberCounter, DocumentKind, IssuedDocument
from casework.seal import SealCheck, seal_check, seal_pdf

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


def document_issue(
    case,
    kind: str,
    template: str,
    context: dict,
    language: str,
    version_key: str,
    *,
    number: str = "",
    organization=None,
) -> IssuedDocument:
    """Issue a document for a case and queue its rendering; call it in the transaction of the
    decision that issues it.

    `version_key` names this version of this document (for example
    f"{case.number}:license:decision-{decision.pk}"): issuing it again returns the first row and
    queues nothing, so a retried request or task never issues twice. `context` is snapshotted
    as JSON in `language`, so lazy translations and model names are frozen in that language
    and a later re-render says exactly the same."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown document language {language!r}")
    get_template(template)  # a typo fails here, in the request, not later in the worker
    existing = IssuedDocument.objects.filter(version_key=version_key).first()
    if existing is not None:
        return existing
    with translation.override(language):
        snapshot = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    with transaction.atomic():
        document = IssuedDocument(
            kind=kind,
            number=number or _allot_number(kind),
            case_type=ContentType.objects.get_for_model(case),
            case_id=case.pk,
            organization=organization or getattr(case, "organization", None),
            language=language,
            template=template,
            context=snapshot,
            version_key=version_key,
        )
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            # The same version issued at the same moment by another request: theirs stands.
            return IssuedDocument.objects.get(version_key=version_key)
        outbox.enqueue(RENDER_TASK, document_id=document.pk)
    return document


def _allot_number(kind: str) -> str:
    prefix = NUMBER_PREFIXES.get(kind, "DOC")
    year = timezone.localdate().year
    return f"{prefix}-{year}-{CaseNumberCounter.allot(prefix, year):06d}"


def document_render(document_id: int) -> IssuedDocument:
    """Render, store and hash a document's PDF unless that is done already (the task body)."""
    with transaction.atomic():
        # The lock makes a second delivery of the same task wait here and then find the work
        # done, instead of rendering alongside.
        document = (
            locked(IssuedDocument)
            .select_related("organization")
            .get(pk=document_id)
        )
        storage = document.file.storage
        if document.is_rendered and document.file and storage.exists(document.file.name):
            return document
        content = seal_pdf(document_pdf(document))
        if settings.DOCUMENT_RENDER_TEST_DELAY:
            time.sleep(settings.DOCUMENT_RENDER_TEST_DELAY)
        name = _storage_name(document)
        # A crash between writing and committing leaves the file without a hash on the row;
        # the retry writes it again under the same name, so one file remains.
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(content))
        if stored != name:
            raise RuntimeError(f"Storage renamed {name} to {stored}")
        document.file.name = name
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.rendered_at = timezone.now()
        document.save(update_fields=["file", "sha256", "rendered_at"])
    return document


def document_pdf(document: IssuedDocument) -> bytes:
    """The PDF bytes of a document from its snapshot, in its language."""
    # WeasyPrint is imported only where PDFs are made: the web processes that issue documents
    # never pay for it.
    from casework import pdf

    return pdf.render_pdf(
        document.template,
        {
            "document": document,
            "content": document.context,
            "verification_url": verification_url(document),
        },
        language=document.language,
    )


def _storage_name(document: IssuedDocument) -> str:
    return f"documents/{document.issued_at:%Y/%m}/{document.kind}-{document.pk}.pdf"


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


# ---------------------------------------------------------------------------------------------
# Public reads (no login): only rendered documents exist for the public


def document_list_public() -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.exclude(sha256="").select_related("organization", "superseded_by")


def document_get_public(code: str) -> IssuedDocument:
    return document_list_public().get(verification_code=code)


def document_search_public(number: str, date) -> QuerySet[IssuedDocument]:
    """Documents by number and date of issue (the date as printed, in the portal's time zone)."""
    return document_list_public().filter(number=number.strip(), issued_at__date=date)


@dataclasses.dataclass(frozen=True)
class FileCheck:
    """An uploaded copy compared with the issued document: `matches` is the SHA-256 compare,
    `seal` what the PAdES signature in the copy says."""

    matches: bool
    seal: SealCheck


def document_check_file(document: IssuedDocument, upload) -> FileCheck:
    """Whether an uploaded file is byte for byte the issued PDF, and whether its seal holds."""
    content = b"".join(upload.chunks())
    matches = bool(document.sha256) and hashlib.sha256(content).hexdigest() == document.sha256
    return FileCheck(matches, seal_check(content))


def document_matches_file(document: IssuedDocument, upload) -> bool:
    """Whether an uploaded file is byte for byte the issued PDF (SHA-256 compare)."""
    return document_check_file(document, upload).matches
