"""The PDFs attestation issues through casework.documents: the commission's conclusion with every
signature (А30-А32) and the authority's order on the decision (А33, А34). Each is one act, issued
when it is made (the last signature, the decision): one number and verification code, whatever
language it is read in. Its content is a function of the language, snapshotted in every portal
language (specialty and organization names, labels, dates come out in each rendition's
language), so a later render says exactly the same; the version key names the act and its
version, never the language."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.documents import document_issue
from casework.locks import lock
from casework.models import Attachment, DocumentKind, IssuedDocument

from . import figures
from .models import (
    Attestation,
    Commission,
    Conclusion,
    ConclusionAttachment,
    ConclusionSection,
)

CONCLUSION_TEMPLATE = "attestation/documents/conclusion.html"
DECISION_TEMPLATE = "attestation/documents/decision.html"


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "d.m.Y H:i") if moment else ""


def _day(day) -> str:
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day)
    return formats.date_format(day, "d.m.Y") if day else ""


def _figures_rows(report: figures.Figures) -> list[dict]:
    def row(name, results, grades):
        return {
            # А25: how many tests got each grade, worded in the rendition's language.
            "grades": [{"grade": str(grade.label), "count": count} for grade, count in grades],
            "name": name,
            "sample": results.sample,
            "took_part": results.took_part,
            "positive": results.positive,
            "participation": formats.number_format(results.participation_percent or 0, 1),
            "positive_share": formats.number_format(results.positive_percent or 0, 1),
        }

    rows = [row(p.cohort.title, p.results, p.grades) for p in report.cohorts]
    rows.append(row(_("In total"), report.total, report.grades))
    return rows


def _common(attestation: Attestation) -> dict:
    authority = attestation.authority
    return {
        "authority": authority.name,
        "authority_contacts": " · ".join(
            p for p in (authority.address, authority.phone, authority.email) if p
        ),
        "case_number": attestation.number,
        "organization": attestation.organization.name,
        "bin": attestation.organization.bin,
        "kind": attestation.get_kind_display(),
        "start_date": _day(attestation.start_date),
    }


def _signatures(conclusion: Conclusion):
    return list(
        conclusion.signatures.filter(voided_at__isnull=True)
        .select_related("signer", "member")
        .order_by("signed_at", "pk")
    )


def conclusion_context(attestation: Attestation, conclusion: Conclusion) -> dict:
    """What the conclusion says, worded in the active language (call it under the language of
    the rendition: document_issue does)."""
    signatures = _signatures(conclusion)
    files = Attachment.objects.filter(
        case_type=ContentType.objects.get_for_model(Attestation),
        case_id=attestation.pk,
        item_code__in=ConclusionAttachment.values,
        superseded_by__isnull=True,
    )
    by_code = {f.item_code: f for f in files}
    return {
        **_common(attestation),
        "visit": f"{_day(attestation.visit_started_on)} — {_day(attestation.conclusion_signed_on)}",
        "sections": [
            {"number": n, "title": str(s.label), "text": conclusion.section(s.value)}
            for n, s in enumerate(ConclusionSection, start=1)
        ],
        "compliant": conclusion.compliant,
        "recommendation": conclusion.get_recommendation_display(),
        "figures": _figures_rows(figures.figures(attestation, conclusion.compliant)),
        "attachments": [
            {
                "number": n,
                "title": str(item.label),
                "file": by_code[item.value].original_name if item.value in by_code else "",
                "sha256": by_code[item.value].sha256 if item.value in by_code else "",
            }
            for n, item in enumerate(ConclusionAttachment, start=1)
        ],
        "signatures": [
            {
                "name": s.signer.full_name or s.signer.email,
                "role": s.member.get_role_display(),
                "signed_at": _when(s.signed_at),
                "sha256": s.sha256,
            }
            for s in signatures
        ],
        "version": conclusion.version,
    }


def decision_context(attestation: Attestation) -> dict:
    """What the order says, worded in the active language."""
    return {
        **_common(attestation),
        "title": _("Order on the state attestation"),
        "order_number": attestation.order_number,
        "decided_on": _day(attestation.decided_at),
        "decision": attestation.get_decision_display(),
        "figures": attestation.decision_figures.get("total", {}),
        "suspended_until": _day(attestation.suspended_until),
        "license_number": attestation.license_number,
        "fine_amount": formats.number_format(attestation.fine_amount, 2)
        if attestation.fine_amount is not None
        else "",
        "fine_note": attestation.fine_note,
        "signatory": attestation.decided_by.full_name if attestation.decided_by else "",
        "signatory_position": _("Head of department"),
    }


def issuing_language(attestation: Attestation) -> str:
    """The language an attestation's act is issued in: its organization's (the first of its
    representatives who chose one), else the portal's. Every other language is a rendition of
    the same act."""
    from casework.notifications import representatives_of

    offered = {code for code, _name in settings.PORTAL_LANGUAGES}
    for language in (
        representatives_of(attestation.organization_id)
        .order_by("pk")
        .values_list("language", flat=True)
    ):
        if language in offered:
            return language
    return settings.LANGUAGE_CODE


def conclusion_issue(attestation: Attestation, language: str | None = None) -> IssuedDocument:
    """А31: the signed conclusion as one act: one number and code, one version key for the
    signed version (whatever language it is read in). Idempotent; call it in the transaction
    that completes the signatures (and on first request for conclusions signed before)."""
    conclusion = Conclusion.objects.get(
        commission__attestation=attestation,
        commission__purpose=Commission.Purpose.ATTESTATION,
    )
    signed = hashlib.sha256(
        ",".join(f"{s.member_id}:{s.sha256}" for s in _signatures(conclusion)).encode()
    ).hexdigest()[:16]
    return document_issue(
        attestation,
        DocumentKind.CONCLUSION,
        CONCLUSION_TEMPLATE,
        lambda _language: conclusion_context(attestation, conclusion),
        language or issuing_language(attestation),
        f"{attestation.number}:conclusion:v{conclusion.version}:{signed}",
    )


def decision_issue(attestation: Attestation, language: str | None = None) -> IssuedDocument:
    """А33: the head's order as one act numbered with the order's own number. Idempotent."""
    return document_issue(
        attestation,
        DocumentKind.ORDER,
        DECISION_TEMPLATE,
        lambda _language: decision_context(attestation),
        language or issuing_language(attestation),
        f"{attestation.number}:decision:{attestation.decided_at.isoformat()}",
        number=attestation.order_number,
    )


def document_for(attestation: Attestation, kind: str) -> IssuedDocument:
    """The conclusion's or the decision's act (issued now if it was made before acts were
    issued with it). LookupError when there is no such act yet (the conclusion is unsigned,
    no decision taken)."""
    issue = {"conclusion": conclusion_issue, "decision": decision_issue}.get(kind)
    if issue is None:
        raise LookupError(kind)
    with transaction.atomic():
        # Two first readers at once: the second waits here and finds the act issued, so no
        # second number is allotted (and lost) for it.
        attestation = lock(attestation)
        if kind == "conclusion" and attestation.conclusion_signed_on is None:
            raise LookupError(kind)
        if kind == "decision" and not attestation.decision:
            raise LookupError(kind)
        return issue(attestation)
