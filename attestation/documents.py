"""The PDFs attestation issues through casework.documents: the commission's conclusion with every
signature (А30-А32) and the authority's order on the decision (А33, А34). Each is issued in the
reader's language on first request; the content is snapshotted, so a later render says exactly
the same, and the version key ties a document to the signed version it shows."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from casework.documents import document_issue
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
    def row(name, results):
        return {
            "name": name,
            "sample": results.sample,
            "took_part": results.took_part,
            "positive": results.positive,
            "participation": formats.number_format(results.participation_percent or 0, 1),
            "positive_share": formats.number_format(results.positive_percent or 0, 1),
        }

    rows = [row(p.cohort.name, p.results) for p in report.cohorts]
    rows.append(row(_("In total"), report.total))
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


def conclusion_context(attestation: Attestation, conclusion: Conclusion) -> dict:
    signatures = conclusion.signatures.filter(voided_at__isnull=True).select_related(
        "signer", "member"
    )
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


def document_for(attestation: Attestation, kind: str, language: str) -> IssuedDocument:
    """The conclusion's or the decision's PDF in `language`, issued now if need be. LookupError
    when the document does not exist yet (the conclusion is unsigned, no decision taken)."""
    with translation.override(language):
        if kind == "conclusion":
            if attestation.conclusion_signed_on is None:
                raise LookupError(kind)
            conclusion = Conclusion.objects.get(
                commission__attestation=attestation,
                commission__purpose=Commission.Purpose.ATTESTATION,
            )
            context = conclusion_context(attestation, conclusion)
            signed = ",".join(s["sha256"][:16] for s in context["signatures"])
            return document_issue(
                attestation,
                DocumentKind.CONCLUSION,
                CONCLUSION_TEMPLATE,
                context,
                language,
                f"{attestation.number}:conclusion:v{conclusion.version}:{signed}:{language}",
            )
        if kind == "decision":
            if not attestation.decision:
                raise LookupError(kind)
            return document_issue(
                attestation,
                DocumentKind.ORDER,
                DECISION_TEMPLATE,
                decision_context(attestation),
                language,
                f"{attestation.number}:decision:{attestation.decided_at.isoformat()}:{language}",
                number=attestation.order_number,
            )
    raise LookupError(kind)
