"""Attachments: what a procedure asks for, who may see it, and the one way a file gets in.

A procedure declares its checklist once, next to its case model:

    attachments_declare(
        LicenseApplication,
        checklist=Checklist(
            ChecklistItem("charter", _("Charter"), types=(PDF,)),
            ChecklistItem("photos", _("Photos of the premises"), required=False, types=(JPEG, PNG)),
        ),
    )

and `attachment_upload` is the only writer: it checks the file's type by its content (the name
says nothing), its size, reduces the name to a safe base name, stores it under a random name
below MEDIA_ROOT and records its SHA-256. Every check runs before anything is written, so a
refused file leaves no row and no file.
"""

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import filetype
import rules
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.locks import lock
from casework.models import Attachment
from registry.predicates import is_active_user, is_admin, is_staff_of, represents

# ---------------------------------------------------------------------------------------------
# File kinds, recognised by their first bytes


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    mime_types: tuple[str, ...]
    extension: str
    description: str | Promise


PDF = FileKind("pdf", "PDF", ("application/pdf",), "pdf", _("a PDF document"))
JPEG = FileKind("jpeg", "JPEG", ("image/jpeg",), "jpg", _("a JPEG image"))
# An animated PNG is a PNG to every viewer; filetype names it separately.
PNG = FileKind("png", "PNG", ("image/png", "image/apng"), "png", _("a PNG image"))
ACCEPTED_KINDS = (PDF, JPEG, PNG)

# How the refusal names a few types people are likely to send by mistake (or on purpose).
_DETECTED_LABELS = {
    "elf": _("an executable program (ELF)"),
    "exe": _("a Windows program (EXE)"),
    "zip": _("a ZIP archive"),
    "docx": _("a Word document (DOCX)"),
    "doc": _("a Word document (DOC)"),
}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes of a file say it is."""

    kind: FileKind | None
    mime_type: str
    description: str | Promise


def sniff(head: bytes) -> Sniffed:
    """The file's type from its content. `head` is at least its first SNIFF_BYTES bytes."""
    guess = filetype.guess(bytes(head[:SNIFF_BYTES])) if head else None
    if guess is None:
        return Sniffed(None, "application/octet-stream", _("of an unrecognised type"))
    for kind in ACCEPTED_KINDS:
        if guess.mime in kind.mime_types:
            return Sniffed(kind, guess.mime, kind.description)
    description = _DETECTED_LABELS.get(guess.extension) or format_lazy(
        _("a {} file"), guess.extension.upper()
    )
    return Sniffed(None, guess.mime, description)


# ---------------------------------------------------------------------------------------------
# What a procedure declares


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    title: str | Promise
    required: bool = True
    types: tuple[FileKind, ...] = (PDF,)
    help_text: str | Promise = ""

    @property
    def types_label(self) -> str:
        return ", ".join(kind.label for kind in self.types)


class Checklist:
    """The documents a procedure asks for, in the order the applicant sees them."""

    def __init__(self, *items: ChecklistItem):
        codes = [item.code for item in items]
        if len(codes) != len(set(codes)):
            raise ValueError(f"Checklist item codes repeat: {codes}")
        self.items = items
        self._by_code = {item.code: item for item in items}

    def __iter__(self):
        return iter(self.items)

    def get(self, code: str) -> ChecklistItem | None:
        return self._by_code.get(code)


@rules.predicate
def _filed_it(user, case) -> bool:
    return case.applicant_id == user.pk


# The default right to see and add a case's files: the applicant, whoever represents the case's
# organization, the staff and head of the handling authority, and admins.
case_participant = is_admin | (is_active_user & _filed_it) | represents | is_staff_of

AccessCheck = Callable[[object, models.Model], bool]  # an access predicate, (user, case)
ChecklistOf = Checklist | Callable[[models.Model], Checklist]


@dataclass(frozen=True)
class AttachmentRules:
    checklist: ChecklistOf
    can_view: AccessCheck = case_participant
    can_upload: AccessCheck = case_participant
    model: type | None = field(default=None, compare=False)

    def checklist_for(self, case) -> Checklist:
        """The documents this case asks for (a procedure's checklist may depend on the case:
        licensing's on the kind of application)."""
        return self.checklist if isinstance(self.checklist, Checklist) else self.checklist(case)


_RULES: dict[str, AttachmentRules] = {}


def attachments_declare(
    model,
    *,
    checklist: ChecklistOf,
    can_view: AccessCheck = case_participant,
    can_upload: AccessCheck = case_participant,
) -> None:
    """Declare a procedure's checklist (a Checklist, or a function of the case giving one) and
    who may see and add its files (call it once, in the procedure's AppConfig.ready)."""
    _RULES[model._meta.label_lower] = AttachmentRules(checklist, can_view, can_upload, model)


def attachment_rules(case_or_model) -> AttachmentRules:
    label = case_or_model._meta.label_lower
    try:
        return _RULES[label]
    except KeyError:
        raise LookupError(f"{label} declares no attachment checklist") from None


def declared_case_model(label: str):
    """The case model declared under `app_label.modelname`, or None."""
    declared = _RULES.get(label.lower())
    return declared.model if declared else None


# ---------------------------------------------------------------------------------------------
# File names

_MAX_NAME = 150


def safe_file_name(name: str) -> str:
    """The uploader's file name reduced to something safe to show and to offer on download:
    the last path component (either separator), without control or format characters, without
    leading dots or spaces, at most 150 characters keeping the extension. Empty when nothing
    usable is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > _MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: _MAX_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:_MAX_NAME]
    return name


def download_name(attachment: Attachment) -> str:
    """The original name, with the extension of the type the content really has (a PNG sent as
    `scan.pdf` downloads as `scan.png`, so nothing opens it in the wrong program)."""
    kind = next((k for k in ACCEPTED_KINDS if attachment.content_type in k.mime_types), None)
    name = attachment.original_name
    if kind is None:
        return name
    stem, dot, extension = name.rpartition(".")
    extensions = {kind.extension, kind.code} | ({"jpeg", "jpg"} if kind is JPEG else set())
    if dot and extension.lower() in extensions:
        return name
    return f"{stem if dot else name}.{kind.extension}"


# ---------------------------------------------------------------------------------------------
# Writes


def attachment_upload(*, case, item_code: str, upload: UploadedFile, uploaded_by) -> Attachment:
    """Attach a file to a case's checklist item; a second upload to the same item replaces the
    current file and keeps the old one as an earlier version.

    Raises ValidationError with a message for the uploader when the file is refused, and
    PermissionDenied when the user may not add files to this case."""
    declared = attachment_rules(case)
    item = declared.checklist_for(case).get(item_code)
    if item is None:
        raise ValidationError(_("This case has no such checklist item."), code="unknown_item")
    if not declared.can_upload(uploaded_by, case):
        raise PermissionDenied
    name, sniffed, size, sha256 = _checked(upload, item)

    content_type = ContentType.objects.get_for_model(case)
    with transaction.atomic():
        # The case row is the lock: two uploads to one case take their version numbers in turn.
        lock(case)
        same_item = Attachment.objects.filter(
            case_type=content_type, case_id=case.pk, item_code=item.code
        )
        last_version = same_item.aggregate(last=Max("version"))["last"] or 0
        previous = same_item.filter(superseded_by__isnull=True).first()
        attachment = Attachment(
            case_type=content_type,
            case_id=case.pk,
            item_code=item.code,
            version=last_version + 1,
            original_name=name,
            content_type=sniffed.mime_type,
            size=size,
            sha256=sha256,
            uploaded_by=uploaded_by,
        )
        upload.seek(0)
        attachment.file.save(f"upload.{sniffed.kind.extension}", upload, save=False)
        try:
            attachment.save()
            if previous is not None:
                previous.superseded_by = attachment
                previous.save(update_fields=["superseded_by"])
        except BaseException:
            # The row did not make it: take the file back out rather than leave an orphan.
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def _checked(upload: UploadedFile, item: ChecklistItem) -> tuple[str, Sniffed, int, str]:
    """Every check on an upload, before anything is written: name, size, type by content."""
    name = safe_file_name(upload.name or "")
    if not name:
        raise ValidationError(
            _("The file has no usable name. Rename it (for example charter.pdf) and try again."),
            code="bad_name",
        )
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise _too_large(name, max_bytes)
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    upload.seek(0)
    sniffed = sniff(upload.read(SNIFF_BYTES))
    if sniffed.kind not in item.types:
        raise ValidationError(
            _(
                "“%(name)s” was not accepted: “%(item)s” takes %(expected)s, "
                "but the content of this file is %(detected)s."
            ),
            code="wrong_type",
            params={
                "name": name,
                "item": item.title,
                "expected": item.types_label,
                "detected": sniffed.description,
            },
        )
    # Hash while counting: the size reported by the client side of the upload is not trusted.
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(name, max_bytes)
        digest.update(chunk)
    return name, sniffed, size, digest.hexdigest()


def _too_large(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large: files up to %(limit)s are accepted."),
        code="too_large",
        params={"name": name, "limit": filesizeformat(max_bytes)},
    )


# ---------------------------------------------------------------------------------------------
# Reads


@dataclass
class ChecklistEntry:
    item: ChecklistItem
    current: Attachment | None
    earlier: list[Attachment]  # replaced versions, newest first


def attachment_checklist(case) -> list[ChecklistEntry]:
    """The case's checklist with the current file and the replaced ones of each item (one
    query however many items and versions)."""
    checklist = attachment_rules(case).checklist_for(case)
    rows = (
        Attachment.objects.filter(
            case_type=ContentType.objects.get_for_model(case), case_id=case.pk
        )
        .select_related("uploaded_by")
        .order_by("item_code", "-version")
    )
    by_item: dict[str, list[Attachment]] = {}
    for row in rows:
        by_item.setdefault(row.item_code, []).append(row)
    entries = []
    for item in checklist:
        versions = by_item.get(item.code, [])
        current = next((a for a in versions if a.is_current), None)
        entries.append(ChecklistEntry(item, current, [a for a in versions if a is not current]))
    return entries


def attachment_checklist_missing(case) -> list[ChecklistItem]:
    """Required items without a file: a procedure's submit condition."""
    return [
        entry.item
        for entry in attachment_checklist(case)
        if entry.item.required and entry.current is None
    ]


def attachment_get_visible(user, pk: int) -> Attachment:
    """One attachment the user may download; Attachment.DoesNotExist for one they may not, so
    a stranger cannot tell a forbidden file from a missing one."""
    attachment = Attachment.objects.select_related("case_type").get(pk=pk)
    case = attachment.case
    model = attachment.case_type.model_class()
    label = model._meta.label_lower if model else ""
    declared = _RULES.get(label)
    if case is None or declared is None or not declared.can_view(user, case):
        raise Attachment.DoesNotExist
    return attachment


def attachment_page_context(case, user) -> dict:
    """What `{% include "casework/_attachments.html" %}` needs on a case page: the checklist
    with current and earlier files, and whether this user may add files."""
    declared = attachment_rules(case)
    return {
        "attachment_checklist": attachment_checklist(case),
        "attachment_case_label": case._meta.label_lower,
        "attachment_can_upload": declared.can_upload(user, case),
        "attachment_max_bytes": settings.ATTACHMENT_MAX_BYTES,
    }
