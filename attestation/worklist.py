"""What waits for each person in attestation, for the dashboard's "Awaiting me" (issue 10):
the head — decisions, commissions and schedules to approve, postponement requests; staff —
commissions to compose, licenses to suspend, follow-up commissions; commission members — the
results grid and the conclusion to sign; the organization — its self-assessment, the
conclusion to acknowledge, the follow-up. A fixed number of queries whatever the row count."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.worklist import WorkItem, worklist_provider
from registry.models import Role

from . import rules
from .models import (
    Attestation,
    Commission,
    CommissionMember,
    Conclusion,
    ConclusionSignature,
    PostponementRequest,
    Schedule,
    SelfAssessment,
)

S = Attestation.State


def _item(attestation, title, action, due=None, url=None) -> WorkItem:
    return WorkItem(
        procedure=_("State attestation"),
        title=title,
        subject=f"{attestation.number} · {attestation.organization}",
        url=url or attestation.get_absolute_url(),
        action=action,
        due=due,
        since=attestation.notified_at,
    )


def _url(name, *args) -> str:
    return reverse(f"attestation:{name}", args=args)


def _authority_items(user) -> list[WorkItem]:
    authority = user.authority
    if authority is None:
        return []
    is_head = user.has_role(Role.HEAD)
    commission = Commission.objects.filter(
        attestation=OuterRef("pk"), purpose=Commission.Purpose.ATTESTATION
    )
    follow_up = Commission.objects.filter(
        attestation=OuterRef("pk"), purpose=Commission.Purpose.FOLLOW_UP
    )
    rows = (
        Attestation.objects.filter(authority=authority)
        .filter(
            state__in=[
                S.NOTIFIED,
                S.SELF_ASSESSMENT_SUBMITTED,
                S.CONCLUSION,
                S.NOT_ATTESTED,
                S.SUSPENDED,
                S.FOLLOW_UP,
            ]
        )
        .select_related("organization")
        .annotate(
            has_commission=Exists(commission),
            commission_pending=Exists(commission.filter(approved_at__isnull=True)),
            has_follow_up=Exists(follow_up),
            follow_up_pending=Exists(follow_up.filter(approved_at__isnull=True)),
        )
        .order_by("pk")
    )
    items = []
    for a in rows:
        if a.state in (S.NOTIFIED, S.SELF_ASSESSMENT_SUBMITTED):
            due = rules.commission_deadline(a.start_date)
            if not a.has_commission:
                items.append(_item(a, _("Compose the commission (cl. 17, 18)"), _("Compose"), due))
            elif a.commission_pending and is_head:
                items.append(_item(a, _("Approve the commission (cl. 17)"), _("Approve"), due))
        elif a.state == S.CONCLUSION and is_head:
            items.append(
                _item(
                    a,
                    _("Decide on the attestation (cl. 33)"),
                    _("Decide"),
                    rules.decision_deadline(a.conclusion_signed_on)
                    if a.conclusion_signed_on
                    else None,
                    _url("decide", a.pk),
                )
            )
        elif a.state == S.NOT_ATTESTED and is_head:
            items.append(_item(a, _("Suspend the license (cl. 34)"), _("Suspend")))
        elif a.state == S.SUSPENDED and not a.has_follow_up:
            items.append(
                _item(
                    a,
                    _("Compose the follow-up commission (cl. 36)"),
                    _("Compose"),
                    a.suspended_until,
                )
            )
        elif a.state == S.SUSPENDED and a.follow_up_pending and is_head:
            items.append(
                _item(
                    a,
                    _("Approve the follow-up commission (cl. 36)"),
                    _("Approve"),
                    a.suspended_until,
                )
            )
        elif a.state == S.FOLLOW_UP and is_head:
            items.append(
                _item(a, _("Record the outcome of the follow-up (cl. 37, 38)"), _("Decide"))
            )
    if is_head:
        for schedule in Schedule.objects.filter(
            authority=authority, state=Schedule.State.DRAFT
        ).order_by("year"):
            items.append(
                WorkItem(
                    procedure=_("State attestation"),
                    title=_("Approve the attestation schedule (cl. 11)"),
                    subject=str(schedule.year),
                    url=_url("schedule", schedule.pk),
                    action=_("Approve"),
                )
            )
        pending = PostponementRequest.objects.filter(
            entry__schedule__authority=authority, status=PostponementRequest.Status.PENDING
        ).select_related("entry__organization", "entry__schedule")
        for request in pending:
            items.append(
                WorkItem(
                    procedure=_("State attestation"),
                    title=_("Decide on a request to postpone (cl. 13)"),
                    subject=str(request.entry.organization),
                    url=_url("schedule", request.entry.schedule_id),
                    action=_("Decide"),
                    since=request.submitted_at,
                )
            )
    return items


def _commission_items(user) -> list[WorkItem]:
    signed = ConclusionSignature.objects.filter(member=OuterRef("pk"), voided_at__isnull=True)
    seats = (
        CommissionMember.objects.filter(
            user=user,
            commission__purpose=Commission.Purpose.ATTESTATION,
            commission__approved_at__isnull=False,
            commission__attestation__state=S.VISIT,
        )
        .select_related("commission__attestation__organization")
        .annotate(
            has_signed=Exists(signed),
            drafted=Exists(Conclusion.objects.filter(commission=OuterRef("commission"))),
        )
    )
    items = []
    for seat in seats:
        a = seat.commission.attestation
        items.append(
            _item(
                a,
                _("Enter the results of the knowledge check (cl. 25)"),
                _("Enter results"),
                a.visit_ends_on,
                _url("grid", a.pk),
            )
        )
        if seat.drafted and not seat.has_signed:
            items.append(
                _item(
                    a,
                    _("Sign the conclusion (cl. 31)"),
                    _("Sign"),
                    a.visit_ends_on,
                    _url("conclusion", a.pk),
                )
            )
        elif seat.is_chair and not seat.drafted:
            items.append(
                _item(
                    a,
                    _("Write the conclusion (cl. 30)"),
                    _("Write"),
                    a.visit_ends_on,
                    _url("conclusion", a.pk),
                )
            )
    return items


def _organization_items(user) -> list[WorkItem]:
    organizations = user.represented_organization_ids
    if not organizations:
        return []
    submitted = SelfAssessment.objects.filter(
        attestation=OuterRef("pk"), submitted_at__isnull=False
    )
    acknowledged = Conclusion.objects.filter(
        commission__attestation=OuterRef("pk"),
        commission__purpose=Commission.Purpose.ATTESTATION,
        acknowledged_at__isnull=False,
    )
    rows = (
        Attestation.objects.filter(organization_id__in=organizations)
        .filter(
            Q(state__in=[S.NOTIFIED, S.COMMISSION_APPROVED], start_date__isnull=False)
            | Q(state__in=[S.CONCLUSION, S.SUSPENDED, S.FOLLOW_UP])
            | Q(state__in=[S.ATTESTED, S.NOT_ATTESTED], conclusion_signed_on__isnull=False)
        )
        .select_related("organization")
        .annotate(submitted=Exists(submitted), acknowledged=Exists(acknowledged))
        .order_by("pk")
    )
    items = []
    for a in rows:
        if a.state in (S.NOTIFIED, S.COMMISSION_APPROVED) and not a.submitted:
            items.append(
                _item(
                    a,
                    _("Submit the self-assessment (cl. 15)"),
                    _("Fill in"),
                    rules.self_assessment_deadline(a.start_date),
                    _url("self_assessment", a.pk),
                )
            )
        elif a.conclusion_signed_on and not a.acknowledged:
            items.append(
                _item(a, _("Acknowledge receipt of the conclusion (cl. 31)"), _("Acknowledge"))
            )
        elif a.state in (S.SUSPENDED, S.FOLLOW_UP):
            items.append(
                _item(
                    a,
                    _("Remedy the deficiencies before the follow-up check (cl. 36)"),
                    _("Open"),
                    a.suspended_until,
                )
            )
    return items


@worklist_provider
def attestation_work(user) -> list[WorkItem]:
    """Everything attestation asks of `user` now: a fixed number of queries per role."""
    return [*_authority_items(user), *_commission_items(user), *_organization_items(user)]
