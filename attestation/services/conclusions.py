"""The conclusion (А30-А32): drafted by the chair from the members' findings, signed by every
member over the hash of its exact content, acknowledged by the head of the organization."""

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.deadlines import deadline_open
from casework.exceptions import refuse, require
from casework.locks import lock, locked
from casework.models import Attachment
from casework.notifications import notify_each, representatives_of, staff_of
from casework.services import case_transition, entry_point
from registry.predicates import represents

from .. import documents, figures, rules
from ..exceptions import SignatureConflict
from ..models import (
    Attestation,
    Commission,
    Conclusion,
    ConclusionAttachment,
    ConclusionSection,
    ConclusionSignature,
    Decision,
    StudyArea,
)
from ..permissions import seat_of
from ..refusals import AttestationRefusal as Refusal
from ._common import today


def _commission(attestation) -> Commission:
    commission = (
        Commission.objects.filter(
            attestation=attestation,
            purpose=Commission.Purpose.ATTESTATION,
            approved_at__isnull=False,
        )
        .prefetch_related("members__user")
        .first()
    )
    if commission is None:
        refuse(Refusal.A30_NO_COMMISSION, case=attestation)
    return commission


def content_hash(conclusion: Conclusion, attestation: Attestation) -> str:
    """SHA-256 of exactly what the members sign: the sections, the compliance finding, the
    recommendation, the version, А35's figures, and the hashes of the eight attachments. Any
    change to any of them gives another hash, and the signatures over the old one are void."""
    attachments = dict(
        Attachment.objects.filter(
            case_type=ContentType.objects.get_for_model(Attestation),
            case_id=attestation.pk,
            item_code__in=ConclusionAttachment.values,
            superseded_by__isnull=True,
        ).values_list("item_code", "sha256")
    )
    content = {
        "attestation": attestation.number,
        "version": conclusion.version,
        "sections": {code: conclusion.section(code) for code in ConclusionSection.values},
        "compliant": conclusion.compliant,
        "recommendation": conclusion.recommendation,
        "figures": figures.snapshot(figures.figures(attestation, conclusion.compliant)),
        "attachments": {code: attachments.get(code, "") for code in ConclusionAttachment.values},
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def signatures_void(attestation: Attestation) -> int:
    """А31: the content changed (text, figures or files): the live signatures no longer cover
    it. Call inside the transaction that made the change."""
    return ConclusionSignature.objects.filter(
        conclusion__commission__attestation=attestation, voided_at__isnull=True
    ).update(voided_at=timezone.now())


def signers_to_void(attestation: Attestation) -> list[str]:
    """Whose live signatures a change of the conclusion would void (А31), as names."""
    return [
        str(s.signer)
        for s in ConclusionSignature.objects.filter(
            conclusion__commission__attestation=attestation, voided_at__isnull=True
        )
        .select_related("signer")
        .order_by("signed_at")
    ]


def _void_confirmed(attestation: Attestation, confirmed: bool) -> None:
    """А31: a change that voids signatures is made only when the chair confirmed it, having
    been told whose signatures go; otherwise nothing changes."""
    names = signers_to_void(attestation)
    if names and not confirmed:
        refuse(Refusal.A31_VOID_UNCONFIRMED, case=attestation, names=", ".join(names))


def _merged_findings(commission: Commission) -> dict[str, str]:
    """А23, А30: each area's section from its member's findings and recommendations; the
    deficiencies of all areas gathered in section 15."""
    sections, deficiencies = {}, []
    assignments = commission.assignments.select_related("member__user").order_by("id")
    for assignment in assignments:
        parts = [assignment.findings.strip()]
        if assignment.recommendations.strip():
            parts.append(_("Recommendations: %(text)s") % {"text": assignment.recommendations})
        sections[assignment.area] = "\n\n".join(p for p in parts if p)
        if assignment.deficiencies.strip():
            deficiencies.append(
                f"{StudyArea(assignment.area).label}: {assignment.deficiencies.strip()}"
            )
    if deficiencies:
        sections[ConclusionSection.DEFICIENCIES] = "\n".join(deficiencies)
    return sections


@entry_point
def conclusion_draft(attestation: Attestation, *, actor, void_signatures=False) -> Conclusion:
    """The chair starts the conclusion from the members' findings (sections left empty by
    them stay empty). Drafting again refills the sections that are still empty."""
    attestation = lock(attestation)
    commission = _commission(attestation)
    seat = seat_of(actor, commission)
    require(seat is not None and seat.is_chair)
    if attestation.state != Attestation.State.VISIT:
        refuse(Refusal.A30_NOT_DURING_VISIT, case=attestation)
    conclusion, created = Conclusion.objects.get_or_create(commission=commission)
    merged = _merged_findings(commission)
    filled = {k: v for k, v in merged.items() if not conclusion.section(k).strip()}
    if filled:
        conclusion.sections = {**conclusion.sections, **filled}
        if not created:
            _void_confirmed(attestation, void_signatures)
            conclusion.version += 1
            signatures_void(attestation)
        conclusion.updated_at = timezone.now()
        conclusion.updated_by = actor
        conclusion.save()
    return conclusion


@entry_point
def conclusion_edit(
    conclusion: Conclusion,
    *,
    actor,
    version: int,
    sections: dict[str, str] | None = None,
    compliant: bool | None = None,
    recommendation: str | None = None,
    void_signatures: bool = False,
) -> Conclusion:
    """The chair edits the conclusion. `version` is the one the chair's screen showed; an edit
    raises it and voids every signature (А31), which the chair confirms by `void_signatures`
    when there are any."""
    attestation = lock(conclusion.commission.attestation)
    commission = _commission(attestation)
    seat = seat_of(actor, commission)
    require(seat is not None and seat.is_chair)
    conclusion = lock(conclusion)
    if attestation.state != Attestation.State.VISIT:
        refuse(Refusal.A31_SIGNED, case=attestation)
    if conclusion.version != version:
        refuse(Refusal.A30_EDITED_MEANWHILE, case=attestation)
    _void_confirmed(attestation, void_signatures)
    if sections:
        unknown = set(sections) - set(ConclusionSection.values)
        if unknown:
            raise ValueError(f"Not conclusion sections: {sorted(unknown)}")
        conclusion.sections = {**conclusion.sections, **sections}
    if compliant is not None:
        conclusion.compliant = compliant
    if recommendation is not None:
        conclusion.recommendation = Decision(recommendation) if recommendation else ""
    conclusion.version += 1
    conclusion.updated_at = timezone.now()
    conclusion.updated_by = actor
    conclusion.save()
    signatures_void(attestation)
    return conclusion


def conclusion_missing(conclusion: Conclusion, attestation: Attestation) -> list[str]:
    """What must be in the conclusion before anyone signs it (А30, А32)."""
    missing = []
    if not conclusion.recommendation:
        missing.append(
            _(
                "the recommendation to attest or not (cl. 30 of the Instruction approved by Order "
                "No. 109)"
            )
        )
    if not conclusion.section(ConclusionSection.FINDINGS).strip():
        missing.append(str(ConclusionSection.FINDINGS.label))
    present = set(
        Attachment.objects.filter(
            case_type=ContentType.objects.get_for_model(Attestation),
            case_id=attestation.pk,
            item_code__in=ConclusionAttachment.values,
            superseded_by__isnull=True,
        ).values_list("item_code", flat=True)
    )
    missing += [str(item.label) for item in ConclusionAttachment if item.value not in present]
    return missing


def recommendation_following(report: figures.Figures) -> Decision:
    """А35: the recommendation the figures lead to: "attest" only when the activity complies
    and the shares hold in total and for every specialty or class."""
    failed = not report.total.may_attest or any(not p.results.may_attest for p in report.cohorts)
    return Decision.NOT_ATTEST if failed else Decision.ATTEST


def recommendation_contradiction(conclusion: Conclusion, attestation: Attestation) -> str:
    """The refusal's message when the recommendation is not the one А35's figures lead to,
    with the figures; empty when it follows from them."""
    from .decisions import failure_messages, figures_summary

    if not conclusion.recommendation:
        return ""
    report = figures.figures(attestation, conclusion.compliant)
    following = recommendation_following(report)
    if conclusion.recommendation == following:
        return ""
    if following == Decision.NOT_ATTEST:
        reasons = " ".join(failure_messages(report))
    else:
        reasons = figures_summary(report)
    return _(
        "Cl. 35 of the Instruction approved by Order No. 109: the figures lead to “%(following)s”, "
        "not “%(recommendation)s”. %(reasons)s"
    ) % {
        "following": following.label,
        "recommendation": Decision(conclusion.recommendation).label,
        "reasons": reasons,
    }


@entry_point
def conclusion_sign(conclusion: Conclusion, *, actor, sha256: str) -> ConclusionSignature:
    """А31: a member signs the version they read, named by its hash. When the chair and every
    member have signed the same version, the conclusion is done: the decision's ten days (А33)
    start, and the organization's head is asked to acknowledge it. One live signature per
    member: the case's lock orders the check, a unique constraint backs it."""
    seen = conclusion.commission.attestation
    attestation = lock(seen)
    commission = _commission(attestation)
    seat = seat_of(actor, commission)
    require(seat is not None)
    conclusion = lock(conclusion)
    if attestation.state != Attestation.State.VISIT:
        refuse(Refusal.A31_CONCLUSION_SIGNED, case=attestation)
    missing = conclusion_missing(conclusion, attestation)
    if missing:
        refuse(Refusal.A30_INCOMPLETE, case=attestation, items="; ".join(missing))
    current = content_hash(conclusion, attestation)
    if sha256 != current:
        raise SignatureConflict(case=attestation)
    contradiction = recommendation_contradiction(conclusion, attestation)
    if contradiction:
        refuse(Refusal.A35_RECOMMENDATION, contradiction, case=attestation)
    live = {s.member_id: s for s in conclusion.signatures.filter(voided_at__isnull=True)}
    if seat.pk in live:
        refuse(Refusal.A31_ALREADY_SIGNED, case=attestation)
    try:
        with transaction.atomic():
            signature = ConclusionSignature.objects.create(
                conclusion=conclusion,
                member=seat,
                signer=actor,
                version=conclusion.version,
                sha256=current,
            )
    except IntegrityError:
        refuse(Refusal.A31_ALREADY_SIGNED, case=attestation)
    live[seat.pk] = signature
    if all(m.pk in live for m in commission.members.all()):
        _conclusion_complete(seen, actor)
    return signature


def _conclusion_complete(attestation: Attestation, actor) -> Attestation:
    day = today()
    overran = attestation.visit_ends_on is not None and day > attestation.visit_ends_on
    # The caller's copy, so a stale one answers `case_conflict`; the last signer completes it.
    attestation = case_transition(
        attestation,
        "sign_conclusion",
        actor=actor,
        comment=_(
            "Cl. 19 of the Instruction approved by Order No. 109: the visit took longer than "
            "seven working days."
        )
        if overran
        else "",
    )
    attestation.conclusion_signed_on = day
    attestation.visit_overran = overran
    attestation.save(update_fields=["conclusion_signed_on", "visit_overran"])
    # А31: the signed conclusion is issued as one act now; the organization downloads it from
    # the attestation page the notification links to.
    documents.conclusion_issue(attestation)
    due = rules.decision_deadline(day)
    deadline_open(attestation, "decision", calendar_days=(due - day).days, start=day)
    context = {"attestation": attestation, "decision_due": due}
    link = attestation.get_absolute_url()
    notify_each(staff_of(attestation.authority_id), "attestation_conclusion_signed", context, link)
    notify_each(
        representatives_of(attestation.organization_id),
        "attestation_conclusion_issued",
        context,
        link,
    )
    return attestation


@entry_point
def conclusion_acknowledge(attestation: Attestation, *, actor) -> Conclusion:
    """А31: the head of the organization confirms receipt of the signed conclusion."""
    require(represents(actor, attestation))
    attestation = lock(attestation)
    if attestation.conclusion_signed_on is None:
        refuse(Refusal.A31_NOT_SIGNED, case=attestation)
    conclusion = locked(Conclusion).get(
        commission__attestation=attestation,
        commission__purpose=Commission.Purpose.ATTESTATION,
    )
    if conclusion.acknowledged_at is not None:
        return conclusion
    conclusion.acknowledged_by = actor
    conclusion.acknowledged_at = timezone.now()
    conclusion.acknowledged_sha256 = (
        conclusion.signatures.filter(voided_at__isnull=True)
        .values_list("sha256", flat=True)
        .first()
        or ""
    )
    conclusion.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledged_sha256"])
    chair = _commission(attestation).chair
    notify_each(
        [chair.user] if chair else [],
        "attestation_conclusion_acknowledged",
        {"attestation": attestation, "conclusion": conclusion},
        attestation.get_absolute_url(),
    )
    return conclusion
