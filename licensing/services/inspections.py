"""The pre-license inspection (seed 002): the system draws a commission of certified experts,
the experts fill in the inspection sheet and sign it in the portal, and the application goes
to the licensing council.

A signature covers the SHA-256 of the sheet's exact content (canonical JSON of every line);
any later edit voids the signatures given, and the application goes to the council only when
every member has signed the sheet as it stands.
"""

import dataclasses
import datetime
import hashlib
import json
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from casework.exceptions import refuse
from casework.locks import locked
from casework.notifications import notify, notify_applicant_side, notify_each
from casework.services import case_transition, entry_point

from .. import conf, documents, draw
from ..models import (
    CommissionMember,
    CommissionReplacement,
    CouncilReview,
    Inspection,
    InspectionCriterion,
    InspectionFinding,
    InspectionSignature,
    LicenseApplication,
    LicensingCouncil,
)
from ..permissions import is_staff_of
from ..refusals import LicensingRefusal

State = LicenseApplication.State


# ---------------------------------------------------------------------------------------------
# The draw


@entry_point
def license_application_send_to_inspection(
    application, *, actor, visit_date: datetime.date, seed: str | None = None
) -> LicenseApplication:
    """Review → inspection, with the commission drawn for the visit date."""
    inspected = case_transition(
        application,
        "send_to_inspection",
        actor=actor,
        comment=str(_("Visit on %(day)s") % {"day": visit_date.strftime("%d.%m.%Y")}),
    )
    inspection_draw(inspected, visit_date=visit_date, actor=actor, seed=seed)
    return inspected


def inspection_draw(application, *, visit_date, actor, seed=None) -> Inspection:
    """Draw the commission and open the inspection sheet. Called by the transition above, in
    its transaction."""
    if visit_date < timezone.localdate():
        refuse(LicensingRefusal.INSPECTION_VISIT_IN_PAST, case=application)
    specialty_ids = list(application.specialties.values_list("pk", flat=True))
    candidates = draw.eligible_candidates(
        organization=application.organization,
        level_id=application.level_id,
        specialty_ids=specialty_ids,
        visit_date=visit_date,
    )
    size = int(conf.get("LICENSING_COMMISSION_SIZE"))
    if len(candidates) < size:
        refuse(
            LicensingRefusal.COMMISSION_INCOMPLETE,
            case=application,
            found=len(candidates),
            size=size,
        )
    # The sheet keeps the criteria in the portal's language, whoever's request drew it: the
    # signed content must not depend on it.
    with translation.override(settings.LANGUAGE_CODE):
        criteria = _criteria_snapshot(application)
    if not criteria:
        refuse(LicensingRefusal.INSPECTION_NO_CRITERIA, case=application)
    seed = seed or secrets.token_hex(16)
    drawn = draw.select_commission(candidates, seed, size)
    inspection = Inspection.objects.create(
        application=application,
        visit_date=visit_date,
        seed=seed,
        candidates=[c.as_json() for c in candidates],
        commission_size=size,
        parameters=draw.draw_parameters(
            level_id=application.level_id, specialty_ids=specialty_ids, visit_date=visit_date
        ),
        drawn_by=actor,
    )
    CommissionMember.objects.bulk_create(
        CommissionMember(
            inspection=inspection,
            expert_id=expert_id,
            position=position,
            organization_id=application.organization_id,
            visit_date=visit_date,
        )
        for position, expert_id in enumerate(drawn, start=1)
    )
    InspectionFinding.objects.bulk_create(
        InspectionFinding(
            inspection=inspection,
            criterion=criterion,
            criterion_code=criterion.code,
            criterion_text=text,
            criterion_names=criterion_names(criterion),
            order=position,
        )
        for position, (criterion, text) in enumerate(criteria, start=1)
    )
    members = list(inspection.members.select_related("expert__user"))
    notify_each(
        [member.expert.user for member in members if member.expert.user_id],
        "licensing_inspection_assigned",
        {"case": application, "visit_date": visit_date},
        reverse("licensing:inspection_sheet", args=[inspection.pk]),
    )
    notify_applicant_side(
        application,
        "licensing_inspection_scheduled",
        {"visit_date": visit_date, "experts": [str(member.expert) for member in members]},
    )
    return inspection


def criterion_names(criterion) -> dict:
    """A criterion's wording in every stored language, as the sheet keeps it."""
    names = {}
    for code in settings.MODELTRANSLATION_LANGUAGES:
        name = getattr(criterion, f"text_{code}", "")
        if name:
            names[code] = name
    return names


def _criteria_snapshot(application) -> list[tuple[InspectionCriterion, str]]:
    rows = (
        InspectionCriterion.objects.filter(is_active=True)
        .filter(Q(levels__isnull=True) | Q(levels=application.level_id))
        .distinct()
        .order_by("order", "code")
    )
    return [(criterion, criterion.text) for criterion in rows]


@dataclasses.dataclass(frozen=True)
class DrawCheck:
    matches: bool
    stored: list[int]
    recomputed: list[int]
    removed: list[int] = dataclasses.field(default_factory=list)


def _removed_from_draw(inspection) -> list[int]:
    """Experts taken out of the draw's order by replacements: those who dropped out and those
    passed over as no longer eligible, in the order they were recorded."""
    removed = []
    for dropped_id, passed_over in inspection.replacements.order_by(
        "replaced_at", "id"
    ).values_list("dropped_id", "passed_over"):
        removed.extend([dropped_id, *passed_over])
    return removed


def inspection_draw_verify(inspection) -> DrawCheck:
    """Re-run the draw from its stored seed and candidate list, continued past the recorded
    replacements: anyone can see that the commission on record is the one the draw gives."""
    candidates = [draw.Candidate.from_json(row) for row in inspection.candidates]
    removed = _removed_from_draw(inspection)
    recomputed = draw.commission_after_replacements(
        candidates, inspection.seed, inspection.commission_size, set(removed)
    )
    stored = [m.expert_id for m in sorted(inspection.members.all(), key=lambda m: m.position)]
    return DrawCheck(
        matches=stored == recomputed, stored=stored, recomputed=recomputed, removed=removed
    )


@entry_point
def inspection_member_replace(
    inspection, *, actor, expert, ground: str, comment: str = ""
) -> CommissionReplacement:
    """An expert drops out of the commission (recusal, illness): the seat goes to the next
    candidate of the stored draw, in the draw's own order, who is still eligible on the visit
    date (certified, no conflict of interest, an open account). The draw is continued, not run
    again, so the replacement is reproducible from the seed, the candidate list and the record
    of replacements (inspection_draw_verify); an expert who dropped out never comes back."""
    comment = (comment or "").strip()
    inspection = _lock_open_inspection(inspection)
    application = inspection.application
    if not is_staff_of(actor, application):
        raise PermissionDenied(_("Staff of the handling authority change the commission."))
    if ground not in CommissionReplacement.Ground.values:
        refuse(LicensingRefusal.REPLACEMENT_GROUND, case=application)
    if ground == CommissionReplacement.Ground.OTHER and not comment:
        refuse(LicensingRefusal.REPLACEMENT_COMMENT_REQUIRED, case=application)
    expert_id = getattr(expert, "pk", expert)
    member = inspection.members.filter(expert_id=expert_id).first()
    if member is None:
        refuse(LicensingRefusal.REPLACEMENT_NOT_A_MEMBER, case=application)
    candidates = [draw.Candidate.from_json(row) for row in inspection.candidates]
    ranking = draw.select_commission(candidates, inspection.seed, len(candidates))
    sitting = set(inspection.members.values_list("expert_id", flat=True))
    removed = set(_removed_from_draw(inspection)) | {expert_id}
    parameters = inspection.parameters
    # Eligible today for the same visit: the registry may have changed since the draw.
    still_eligible = {
        c.expert_id
        for c in draw.eligible_candidates(
            organization=application.organization,
            level_id=parameters.get("level"),
            specialty_ids=parameters.get("specialties", []),
            visit_date=inspection.visit_date,
        )
    }
    passed_over, chosen = [], None
    for candidate_id in ranking:
        if candidate_id in sitting or candidate_id in removed:
            continue
        if candidate_id in still_eligible:
            chosen = candidate_id
            break
        passed_over.append(candidate_id)
    if chosen is None:
        refuse(LicensingRefusal.REPLACEMENT_NO_CANDIDATE, case=application)
    member.delete()
    inspection.signatures.filter(expert_id=expert_id, voided_at__isnull=True).update(
        voided_at=timezone.now()
    )
    CommissionMember.objects.create(
        inspection=inspection,
        expert_id=chosen,
        position=ranking.index(chosen) + 1,
        organization_id=application.organization_id,
        visit_date=inspection.visit_date,
    )
    replacement = CommissionReplacement.objects.create(
        inspection=inspection,
        dropped_id=expert_id,
        replacement_id=chosen,
        ground=ground,
        comment=comment,
        passed_over=passed_over,
        replaced_by=actor,
    )
    newcomer = replacement.replacement
    if newcomer.user_id:
        notify(
            newcomer.user,
            "licensing_inspection_assigned",
            {"case": application, "visit_date": inspection.visit_date},
            reverse("licensing:inspection_sheet", args=[inspection.pk]),
        )
    return replacement


# ---------------------------------------------------------------------------------------------
# The sheet


def sheet_content(inspection) -> bytes:
    """The exact content a signature covers: canonical JSON, the same bytes for the same sheet."""
    findings = [
        {
            "code": f.criterion_code,
            "criterion": f.criterion_text,
            "met": f.met,
            "comment": f.comment,
        }
        for f in inspection.findings.order_by("order", "id")
    ]
    payload = {
        "inspection": inspection.pk,
        "application": inspection.application.number,
        "visit_date": inspection.visit_date.isoformat(),
        "findings": findings,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sheet_sha256(inspection) -> str:
    return hashlib.sha256(sheet_content(inspection)).hexdigest()


def _member_expert(inspection, user):
    expert = getattr(user, "expert_profile", None)
    if expert is None or not inspection.members.filter(expert=expert).exists():
        raise PermissionDenied(_("Only the experts drawn for this inspection fill in its sheet."))
    return expert


def _lock_open_inspection(inspection) -> Inspection:
    inspection = locked(Inspection).select_related("application").get(pk=inspection.pk)
    if inspection.completed_at is not None or inspection.application.state != State.INSPECTION:
        refuse(LicensingRefusal.SHEET_CLOSED, case=inspection.application)
    return inspection


@entry_point
def inspection_finding_record(
    finding, *, actor, met: bool | None, comment: str = "", void_signatures: bool = False
) -> InspectionFinding:
    """An expert marks one criterion met or not, with a comment: the sheet saved with that one
    line changed, under the same rules (a change to a signed sheet voids the signatures given
    only when the expert confirms it with `void_signatures`)."""
    inspection_sheet_record.inner(
        finding.inspection,
        actor=actor,
        entries={finding.pk: (met, comment)},
        void_signatures=void_signatures,
    )
    return InspectionFinding.objects.get(pk=finding.pk)


@dataclasses.dataclass(frozen=True)
class SheetSaved:
    """What one save of the sheet changed: the requirements marked and the comments written."""

    requirements: int
    comments: int
    voided: list  # the experts whose signatures the save voided


@entry_point
def inspection_sheet_record(
    inspection, *, actor, entries: dict[int, tuple[bool | None, str]], void_signatures=False
) -> SheetSaved:
    """An expert saves the whole sheet at once: every line or none. `entries` maps a finding's
    id to (met, comment). A change voids the signatures given, since they covered the sheet as
    it was; the expert must say they know (`void_signatures`), else nothing changes."""
    inspection = _lock_open_inspection(inspection)
    expert = _member_expert(inspection, actor)
    findings = {f.pk: f for f in inspection.findings.all()}
    changed = []
    for pk, (met, comment) in entries.items():
        finding = findings.get(pk)
        if finding is None:
            continue
        comment = (comment or "").strip()
        if met is False and not comment:
            refuse(
                LicensingRefusal.SHEET_COMMENT_REQUIRED,
                case=inspection.application,
            )
        if finding.met != met or finding.comment != comment:
            changed.append((finding, met, comment))
    live = list(inspection.signatures.filter(voided_at__isnull=True).select_related("expert"))
    if changed and live and not void_signatures:
        refuse(
            LicensingRefusal.SHEET_VOIDS_SIGNATURES,
            case=inspection.application,
            names=", ".join(str(s.expert) for s in live),
        )
    now = timezone.now()
    requirements = comments = 0
    for finding, met, comment in changed:
        if finding.met != met:
            requirements += 1
        if finding.comment != comment:
            comments += 1
        finding.met, finding.comment, finding.filled_by, finding.updated_at = (
            met,
            comment,
            expert,
            now,
        )
        finding.save(update_fields=["met", "comment", "filled_by", "updated_at"])
    if changed and live:
        inspection.signatures.filter(voided_at__isnull=True).update(voided_at=now)
    return SheetSaved(requirements, comments, [s.expert for s in live] if changed else [])


@entry_point
def inspection_sheet_sign(inspection, *, actor, content_sha256: str) -> InspectionSignature:
    """A member signs the sheet. They send the hash of the content they were shown, so nobody
    signs a sheet that changed under their eyes."""
    inspection = _lock_open_inspection(inspection)
    expert = _member_expert(inspection, actor)
    if inspection.findings.filter(met__isnull=True).exists():
        refuse(LicensingRefusal.SHEET_INCOMPLETE, case=inspection.application)
    current = sheet_sha256(inspection)
    if content_sha256 != current:
        refuse(LicensingRefusal.SHEET_CHANGED, case=inspection.application)
    if inspection.signatures.filter(expert=expert, voided_at__isnull=True).exists():
        refuse(LicensingRefusal.SHEET_ALREADY_SIGNED, case=inspection.application)
    try:
        with transaction.atomic():
            return InspectionSignature.objects.create(
                inspection=inspection, expert=expert, signer=actor, content_sha256=current
            )
    except IntegrityError as error:
        # The inspection's lock makes this unreachable for the services; the constraint holds
        # the rule for any other writer.
        if "licensing_one_live_signature_per_member" not in str(error):
            raise
        refuse(LicensingRefusal.SHEET_ALREADY_SIGNED, case=inspection.application)


def inspection_unsigned_members(inspection) -> list[CommissionMember]:
    """Members whose live signature does not cover the sheet as it stands."""
    current = sheet_sha256(inspection)
    signed = set(
        inspection.signatures.filter(voided_at__isnull=True, content_sha256=current).values_list(
            "expert_id", flat=True
        )
    )
    return [m for m in inspection.members.select_related("expert") if m.expert_id not in signed]


# ---------------------------------------------------------------------------------------------
# To the council


@entry_point
def license_application_send_to_council(application, *, actor, comment="") -> LicenseApplication:
    """Inspection → council, once every member has signed the complete sheet; the signed sheet
    is issued as a PDF."""
    moved = case_transition(application, "send_to_council", actor=actor, comment=comment)
    inspection = locked(Inspection).filter(application=moved).order_by("-drawn_at", "-id").first()
    if inspection is None:
        refuse(LicensingRefusal.NO_INSPECTION, case=moved)
    if inspection.findings.filter(met__isnull=True).exists() or inspection_unsigned_members(
        inspection
    ):
        refuse(LicensingRefusal.SHEET_UNSIGNED, case=moved)
    inspection.completed_at = timezone.now()
    inspection.save(update_fields=["completed_at"])
    documents.inspection_sheet_issue(inspection, sha256=sheet_sha256(inspection))
    council = (
        LicensingCouncil.objects.filter(authority_id=moved.authority_id, is_active=True)
        .order_by("id")
        .first()
    )
    if council is None:
        refuse(LicensingRefusal.NO_COUNCIL, case=moved)
    review = CouncilReview.objects.create(application=moved, council=council)
    notify_each(
        [m.user for m in council.members.filter(is_active=True).select_related("user")],
        "licensing_council_review",
        {"case": moved},
        reverse("licensing:council_review", args=[review.pk]),
    )
    notify_applicant_side(moved, "licensing_sent_to_council")
    return moved
