"""Bulk reissue after renames (seed 000: 112 school licenses reissued under art. 33 after a
district's schools were renamed).

The head of department starts a run from the organizations renamed on a date, or from a CSV of
BINs and new names. The run records the renames in the registry, then for every license whose
printed name differs from the registry opens a reissue case, takes it through submission, check
and grant, and issues the new PDFs (rendered by the document worker). Each organization is one
transaction: a failure is listed against it and the others go on. Nothing is duplicated by a
second run: a license already bearing the registry's name is left alone, and the license row is
locked while it is compared, so two runs at once cannot both reissue it.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from casework import outbox
from casework.exceptions import CasePermissionDenied, refuse
from casework.locks import locked
from casework.services import case_create, case_transition, entry_point
from registry.identifiers import validate_bin
from registry.models import Organization, OrganizationEvent, Procedure, Role
from registry.selectors import authority_for
from registry.services import organization_rename
from registry.tabular import MAX_BYTES as TABLE_MAX_BYTES
from registry.tabular import read_table

from ..models import BulkReissue, BulkReissueItem, License, LicenseApplication
from ..refusals import LicensingRefusal
from . import licenses as license_effects

logger = logging.getLogger(__name__)

RUN_TASK = "licensing.tasks.bulk_reissue_run"
LANGUAGES = ("ru", "kk", "en")
REQUIRED_NAME_LANGUAGES = ("kk", "ru")
IN_FORCE = (License.Status.ACTIVE, License.Status.SUSPENDED)


def _head_authority(actor):
    authority = next(
        (a.authority for a in actor.role_assignments if a.role == Role.HEAD and a.authority_id),
        None,
    )
    if authority is None:
        raise CasePermissionDenied(_("Bulk reissue is a decision of the head of department."))
    return authority


@entry_point
def bulk_reissue_start(
    *, actor, effective_date, csv_file: bytes | None = None, renamed_on: bool = False
) -> BulkReissue:
    """Create a run and queue its processing. `renamed_on`: organizations of the authority's
    jurisdiction whose rename took effect on `effective_date`; `csv_file`: rows of
    `bin,name_ru,name_kk[,name_en]` (a header row is optional)."""
    authority = _head_authority(actor)
    if effective_date is None or effective_date > timezone.localdate():
        raise ValidationError({"effective_date": _("Enter the date the names changed.")})
    if (csv_file is None) == (not renamed_on):
        raise ValueError("Give either csv_file or renamed_on=True.")
    with transaction.atomic():
        run = BulkReissue.objects.create(
            authority=authority,
            source=BulkReissue.Source.CSV
            if csv_file is not None
            else BulkReissue.Source.RENAMED_ON,
            effective_date=effective_date,
            created_by=actor,
        )
        items = _items_from_csv(run, csv_file) if csv_file is not None else _items_renamed(run)
        if not items:
            raise ValidationError(_("Nothing to reissue: no organization matches."))
        BulkReissueItem.objects.bulk_create(items)
        outbox.enqueue(RUN_TASK, run_id=run.pk)
    return run


def _items_renamed(run) -> list[BulkReissueItem]:
    renamed = (
        OrganizationEvent.objects.filter(
            kind=OrganizationEvent.Kind.RENAME,
            effective_date=run.effective_date,
            organization__region__path__startswith=run.authority.jurisdiction.path,
        )
        .select_related("organization")
        .order_by("organization_id")
    )
    seen, items = set(), []
    for event in renamed:
        if event.organization_id not in seen:
            seen.add(event.organization_id)
            items.append(
                BulkReissueItem(
                    run=run, bin=event.organization.bin, organization=event.organization
                )
            )
    return items


def _items_from_csv(run, data) -> list[BulkReissueItem]:
    """One item per row of the uploaded table (CSV or XLSX). A row that cannot be read becomes a
    failed item with its line number, so it is listed with the others instead of stopping the
    file."""
    rows = read_table(data, max_bytes=TABLE_MAX_BYTES, header=False).rows
    if rows and not rows[0].cells[0].isdigit():
        rows = rows[1:]  # a header row
    organizations = {
        o.bin: o for o in Organization.objects.filter(bin__in=[r.cells[0] for r in rows])
    }
    items, seen = [], set()
    for row in rows:
        bin_, cells = row.cells[0], row.cells
        names = {
            lang: cells[i + 1]
            for i, lang in enumerate(LANGUAGES)
            if len(cells) > i + 1 and cells[i + 1]
        }
        item = BulkReissueItem(
            run=run,
            line=row.number,
            bin=bin_[:20],
            organization=organizations.get(bin_),
            new_names=names,
        )
        error = ""
        try:
            validate_bin(bin_)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if not error and bin_ in seen:
            error = gettext_now("This BIN appears earlier in the file.")
        if not error and item.organization is None:
            error = gettext_now("No organization with this BIN is registered.")
        seen.add(bin_)
        if error:
            item.status, item.error = BulkReissueItem.Status.FAILED, error
            item.processed_at = timezone.now()
        items.append(item)
    return items


# ---------------------------------------------------------------------------------------------
# Processing (the task's body)


def bulk_reissue_run(run_id: int) -> BulkReissue:
    """Process every pending item of a run, each in its own transaction. Idempotent: a second
    delivery finds the done items done."""
    run = BulkReissue.objects.select_related("authority", "created_by").get(pk=run_id)
    pending = run.items.filter(status=BulkReissueItem.Status.PENDING).order_by("id")
    for item_id in pending.values_list("id", flat=True):
        bulk_reissue_item_process(item_id)
    BulkReissue.objects.filter(pk=run.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def bulk_reissue_item_process(item_id: int) -> BulkReissueItem:
    with transaction.atomic(durable=True):
        item = (
            locked(BulkReissueItem)
            .select_related("run__authority__jurisdiction", "run__created_by")
            .get(pk=item_id)
        )
        if item.status != BulkReissueItem.Status.PENDING:
            return item
        try:
            # A savepoint: whatever this organization did is undone if it fails.
            with transaction.atomic():
                item.reissued, item.skipped = bulk_reissue_organization(item)
            item.status = BulkReissueItem.Status.DONE
        except Exception as exc:  # noqa: BLE001 - one organization's failure must not stop the run
            item.status = BulkReissueItem.Status.FAILED
            item.error = _error_text(exc)
            if not isinstance(exc, ValidationError | CasePermissionDenied):
                logger.exception("Bulk reissue %s: %s failed", item.run.key, item.bin)
        item.processed_at = timezone.now()
        item.save()
    return item


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(getattr(exc, "message", "") or exc) or type(exc).__name__


def bulk_reissue_organization(item) -> tuple[int, int]:
    """Reissue the licenses of one item's organization, in the caller's transaction; returns
    (reissued, already up to date). Refuses an organization outside the run's reach."""
    run = item.run
    actor = run.created_by
    organization = Organization.objects.select_related("region").get(pk=item.organization_id)
    if not organization.region.path.startswith(run.authority.jurisdiction.path):
        refuse(LicensingRefusal.BULK_OUTSIDE_JURISDICTION)
    if item.new_names:
        _rename(organization, item)
    reissued = skipped = 0
    licenses = locked(License).filter(organization=organization, status__in=IN_FORCE)
    for license_ in licenses:
        if _holder_matches(license_, organization):
            skipped += 1
            continue
        _reissue(license_, organization, run, actor)
        reissued += 1
    if not reissued and not skipped:
        refuse(LicensingRefusal.BULK_NO_LICENSE)
    return reissued, skipped


def _rename(organization, item) -> None:
    # A new name in one language only would leave the other stale on the reissued license.
    missing = [lang for lang in REQUIRED_NAME_LANGUAGES if not item.new_names.get(lang)]
    if missing:
        raise ValidationError(
            _("The new name is needed in Kazakh and in Russian; missing: %(languages)s.")
            % {"languages": ", ".join(missing)}
        )
    names = {f"name_{lang}": value for lang, value in item.new_names.items()}
    current = {f"name_{lang}": getattr(organization, f"name_{lang}") or "" for lang in LANGUAGES}
    if all(current[field] == value for field, value in names.items()):
        return  # recorded by an earlier run
    # The registry is the administrators'; this rename is the system's, on the run's record.
    organization_rename(
        organization,
        effective_date=item.run.effective_date,
        basis=gettext_now("Bulk reissue %(run)s started by %(user)s")
        % {"run": item.run.key, "user": item.run.created_by},
        actor=None,
        **names,
    )
    organization.refresh_from_db()


def _holder_matches(license_, organization) -> bool:
    return all(
        (getattr(license_, f"holder_name_{code}") or "")
        == (getattr(organization, f"name_{code}") or "")
        for code, _name in settings.LANGUAGES
    )


def _reissue(license_, organization, run, actor) -> LicenseApplication:
    """One reissue case, opened by the department on the holder's behalf and granted at once:
    the ground is the rename on record, so there is nothing to check or inspect (art. 33)."""
    if authority_for(organization.region, Procedure.LICENSING) != run.authority:
        refuse(LicensingRefusal.BULK_OTHER_AUTHORITY)
    now = timezone.now()
    application = case_create(
        LicenseApplication,
        actor=actor,
        comment=gettext_now("Bulk reissue %(run)s") % {"run": run.key},
        organization=organization,
        authority=run.authority,
        kind=LicenseApplication.Kind.REISSUE,
        license=license_,
        reissue_ground=LicenseApplication.ReissueGround.NAME_CHANGE,
        grounds_details=gettext_now("Renamed on %(day)s")
        % {"day": run.effective_date.strftime("%d.%m.%Y")},
        channel="in_person",
        submitted_at=now,
        registered_at=now,
        batch_key=run.key,
    )
    # The transitions' own rules: staff enter and accept a paper case, the head grants it.
    application = case_transition(application, "submit", actor=actor)
    application = case_transition(application, "accept", actor=actor)
    application = case_transition(application, "grant", actor=actor)
    application.decided_at = now
    application.decided_by = actor
    application.assignee = actor
    application.save(update_fields=["decided_at", "decided_by", "assignee"])
    license_effects.apply_grant(application, actor=actor)
    return application


@entry_point
def bulk_reissue_retry_failed(run, *, actor) -> int:
    """Put a run's failed items back in the queue (after the data was fixed); returns how many."""
    if _head_authority(actor).pk != run.authority_id:
        raise CasePermissionDenied()
    count = run.items.filter(
        status=BulkReissueItem.Status.FAILED, organization__isnull=False
    ).update(status=BulkReissueItem.Status.PENDING, error="", processed_at=None)
    if count:
        BulkReissue.objects.filter(pk=run.pk).update(finished_at=None)
        outbox.enqueue(RUN_TASK, run_id=run.pk)
    return count
