"""The authority's decision (А33-А35) and, when it is "not attest", the license: suspended for up
to six months (А34), then resumed after a follow-up commission finds the deficiencies remedied
(А36, А37) or revoked when they are not remedied within six months (А38). The license changes
through licensing's services only."""

from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.deadlines import deadline_complete, deadline_open
from casework.exceptions import refuse, require
from casework.notifications import notify_each, representatives_of, staff_of
from casework.services import case_transition, entry_point
from registry.predicates import is_head_of

from .. import conf, documents, figures, reasons, rules
from ..models import Attestation, Commission, Conclusion, Decision
from ..refusals import AttestationRefusal as Refusal
from ._common import today


def _date(day) -> str:
    return formats.date_format(day, "d.m.Y")


def _percent(value) -> str:
    return "—" if value is None else formats.number_format(value, 1)


def failure_messages(report: figures.Figures) -> list[str]:
    """А35, in words: each figure that stands in the way of "attest", with its value."""
    participation = settings_percent("ATTESTATION_MIN_PARTICIPATION_PERCENT")
    positive = settings_percent("ATTESTATION_MIN_POSITIVE_PERCENT")
    messages = []

    def describe(name: str, results: rules.Results):
        for failure in results.failures:
            if failure == rules.Failure.NOT_COMPLIANT:
                continue  # said once, below
            if failure == rules.Failure.PARTICIPATION:
                text = _(
                    "%(name)s: %(value)s %% of the sample took part (%(took)s of %(sample)s); "
                    "at least %(limit)s %% are required."
                ) % {
                    "name": name,
                    "value": _percent(results.participation_percent),
                    "took": results.took_part,
                    "sample": results.sample,
                    "limit": participation,
                }
            else:
                text = _(
                    "%(name)s: %(value)s %% of those who took part got a positive grade "
                    "(%(positive)s of %(took)s); at least %(limit)s %% are required."
                ) % {
                    "name": name,
                    "value": _percent(results.positive_percent),
                    "positive": results.positive,
                    "took": results.took_part,
                    "limit": positive,
                }
            messages.append(text)

    if rules.Failure.NOT_COMPLIANT in report.total.failures:
        messages.append(
            _("The commission did not find the activity fully compliant with the standard.")
        )
    describe(_("In total"), report.total)
    if len(report.cohorts) > 1:
        for part in report.cohorts:
            describe(part.cohort.name, part.results)
    return messages


def figures_summary(report: figures.Figures) -> str:
    """А35's figures in one sentence, for a message that has no failure to name."""
    total = report.total
    return _(
        "In total %(took)s of %(sample)s took part (%(participation)s %%, at least %(min_part)s "
        "%% required) and %(positive)s of them got a positive grade (%(share)s %%, at least "
        "%(min_share)s %% required)."
    ) % {
        "took": total.took_part,
        "sample": total.sample,
        "participation": _percent(total.participation_percent),
        "min_part": settings_percent("ATTESTATION_MIN_PARTICIPATION_PERCENT"),
        "positive": total.positive,
        "share": _percent(total.positive_percent),
        "min_share": settings_percent("ATTESTATION_MIN_POSITIVE_PERCENT"),
    }


def settings_percent(name: str) -> str:
    return formats.number_format(Decimal(str(conf.get(name))), 0)


def _organization_license(attestation: Attestation):
    """The organization's license in force (or suspended), if the register has one.

    Licensing offers no selector for this yet; this read is the only place attestation looks
    at licensing's data, and the change itself goes through licensing.services."""
    from licensing.models import License

    return (
        License.objects.filter(
            organization_id=attestation.organization_id,
            status__in=[License.Status.ACTIVE, License.Status.SUSPENDED],
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


# А35's conditions in the order a refusal names them: the first that fails gives the code.
_FAILURE_CODES = {
    rules.Failure.NOT_COMPLIANT: Refusal.A35_NOT_COMPLIANT,
    rules.Failure.PARTICIPATION: Refusal.A35_PARTICIPATION,
    rules.Failure.POSITIVE_SHARE: Refusal.A35_POSITIVE_SHARE,
}


def _a35_refusal(report: figures.Figures) -> Refusal:
    failures = set(report.total.failures)
    for part in report.cohorts:
        failures |= set(part.results.failures)
    return next(code for failure, code in _FAILURE_CODES.items() if failure in failures)


@entry_point
def attestation_decide(
    attestation: Attestation,
    decision: str,
    *,
    actor,
    order_number: str,
    suspension_months: int | None = None,
    fine_amount: Decimal | None = None,
    fine_note: str = "",
) -> Attestation:
    """А33: the head decides by order within ten calendar days of the conclusion (a later
    decision is recorded as late). "Attest" only when А35 holds, in total and for every
    specialty or class; otherwise it is refused with the figures that fail. "Not attest"
    suspends the license for up to six months (А34) with the fine recorded.

    case_transition locks the case, answers a stale copy (decided meanwhile) with
    `case_conflict` and asks the head's rule; a refusal below rolls the transition back."""
    require(is_head_of(actor, attestation))
    decision = Decision(decision)
    if not order_number.strip():
        refuse(Refusal.A33_ORDER_NUMBER, case=attestation)
    limit = conf.get("ATTESTATION_SUSPENSION_MONTHS")
    if suspension_months is not None and not 1 <= suspension_months <= limit:
        refuse(Refusal.A34_SUSPENSION_MONTHS, case=attestation, limit=limit)
    seen = attestation
    day = today()
    signed_on = attestation.conclusion_signed_on
    late = signed_on is not None and not rules.decision_in_time(signed_on, day)
    comment = _("Order %(number)s.") % {"number": order_number}
    if late:
        comment += " " + _(
            "Decided after the ten days of cl. 33 of the Instruction approved by Order No. 109 "
            "(by %(due)s)."
        ) % {"due": _date(rules.decision_deadline(signed_on))}
    transition = "attest" if decision == Decision.ATTEST else "not_attest"
    attestation = case_transition(attestation, transition, actor=actor, comment=comment)
    conclusion = Conclusion.objects.get(
        commission__attestation=attestation,
        commission__purpose=Commission.Purpose.ATTESTATION,
    )
    report = figures.figures(attestation, compliant=conclusion.compliant)
    failed = [p for p in report.cohorts if not p.results.may_attest]
    if decision == Decision.ATTEST and (not report.total.may_attest or failed):
        # А35: compliant, 95 % took part and 70 % of them passed, in total and per cohort.
        refuse(
            _a35_refusal(report),
            _(
                "Cl. 35 of the Instruction approved by Order No. 109 does not allow “attest”. "
                "%(reasons)s"
            )
            % {"reasons": " ".join(failure_messages(report))},
            case=seen,
        )
    attestation.decision = decision
    attestation.decided_at = timezone.now()
    attestation.decided_by = actor
    attestation.order_number = order_number
    attestation.decided_late = late
    attestation.decision_figures = figures.snapshot(report)
    attestation.fine_amount = fine_amount
    attestation.fine_note = fine_note
    if decision == Decision.NOT_ATTEST:
        attestation.suspension_months = suspension_months or limit
    if decision == Decision.ATTEST:
        attestation.closed_at = attestation.decided_at
    attestation.save()
    deadline_complete(attestation, "decision")
    if decision == Decision.NOT_ATTEST:
        attestation = license_suspension_apply.inner(
            attestation, actor=actor, months=suspension_months
        )
    # А33: the order is an act of its own, issued with the decision: owners download it from
    # the attestation page the notification links to.
    documents.decision_issue(attestation)
    context = {"attestation": attestation}
    link = attestation.get_absolute_url()
    notify_each(
        representatives_of(attestation.organization_id), "attestation_decided", context, link
    )
    # Staff and the commission, once each (a chair is often on the staff too).
    notify_each(
        [
            *staff_of(attestation.authority_id),
            *(m.user for m in conclusion.commission.members.select_related("user")),
        ],
        "attestation_decided",
        context,
        link,
    )
    return attestation


@entry_point
def license_suspension_apply(attestation: Attestation, *, actor, months: int | None = None):
    """А34: suspend the organization's license for `months` (six by default, at most six).
    Without a license in the register the attestation stays "not attested" and staff can try
    again once the license is entered."""
    from licensing.services import license_suspend

    require(is_head_of(actor, attestation))
    license_ = _organization_license(attestation)
    if license_ is None:
        return attestation
    day = today()
    months = months or attestation.suspension_months or conf.get("ATTESTATION_SUSPENSION_MONTHS")
    until = rules.suspension_end(day, months)
    # Licensing keeps this wording as written; pages word it anew from the facts kept here
    # (order number, suspended_from) in the reader's language (attestation.reasons).
    reason = reasons.suspension_reason(attestation.order_number, day)
    attestation = case_transition(attestation, "suspend_license", actor=actor, comment=reason)
    _licensing(license_suspend)(license_, until, reason, actor, case=attestation)
    attestation.license_number = license_.number
    attestation.suspension_months = months
    attestation.suspended_from = day
    attestation.suspended_until = until
    attestation.save(
        update_fields=[
            "license_number",
            "suspension_months",
            "suspended_from",
            "suspended_until",
        ]
    )
    # А36: when the suspension ends, a commission checks the remedies.
    deadline_open(attestation, "follow_up", calendar_days=(until - day).days, start=day)
    return attestation


def _licensing(service):
    """A licensing service as a composed call: its inner function where licensing gives one
    (its entry points are durable transactions of their own)."""
    return getattr(service, "inner", service)


@entry_point
def follow_up_conclude(attestation: Attestation, *, actor, remedied: bool, findings: str):
    """А36-А38: the follow-up commission's finding decides the license: resumed when the
    deficiencies are remedied (А37); revoked when they are not and six months have passed since
    the suspension (А38). Before then a "not remedied" finding is refused: the organization
    still has time."""
    from licensing.services import license_resume, license_revoke

    require(is_head_of(actor, attestation))
    if not findings.strip():
        refuse(Refusal.A36_FINDINGS_REQUIRED, case=attestation)
    seen = attestation
    transition = "resume_license" if remedied else "revoke_license"
    attestation = case_transition(attestation, transition, actor=actor, comment=findings)
    license_ = _organization_license(attestation)
    if remedied:
        reason = reasons.resumption_reason()
        if license_ is not None:
            _licensing(license_resume)(license_, reason, actor, case=attestation)
    else:
        deadline = rules.remedy_deadline(attestation.suspended_from)
        if today() < deadline:
            refuse(Refusal.A38_TOO_EARLY, case=seen, date=_date(deadline))
        reason = reasons.revocation_reason()
        if license_ is not None:
            _licensing(license_revoke)(license_, reason, actor, case=attestation)
    attestation.follow_up_note = findings
    attestation.closed_at = timezone.now()
    attestation.save(update_fields=["follow_up_note", "closed_at"])
    deadline_complete(attestation, "follow_up")
    notify_each(
        representatives_of(attestation.organization_id),
        "attestation_follow_up_done",
        {"attestation": attestation, "remedied": remedied},
        attestation.get_absolute_url(),
    )
    return attestation
