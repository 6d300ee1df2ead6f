"""What waits for each person in accreditation, for the dashboard's "Awaiting me": the body's
staff — contracts to sign, reports to review, visits to schedule, materials to send, duplicates
to issue; its head — votes to close and decisions; experts — reports to open and write; council
members — votes; the organization — drafts, the contract, the self-assessment, an appeal window,
recommendations to follow up. A fixed number of queries whatever the row count."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.worklist import WorkItem, worklist_provider
from registry.models import Role

from . import selectors
from .models import AccreditationCase, DuplicateRequest, ExpertReport, Recommendation

State = AccreditationCase.State


def _subject(case) -> str:
    return f"{case.number} · {case.organization}"


def _item(case, title, action, due=None, url=None) -> WorkItem:
    return WorkItem(
        procedure=_("Accreditation"),
        title=title,
        subject=_subject(case),
        url=url or case.get_absolute_url(),
        action=action,
        due=due,
        since=case.submitted_at or case.created_at,
    )


def _body_items(user) -> list[WorkItem]:
    assignments = [a for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)]
    authority_ids = [a.authority_id for a in assignments]
    if not authority_ids:
        return []
    heads = {a.authority_id for a in assignments if a.role == Role.HEAD}
    rows = (
        AccreditationCase.objects.filter(authority_id__in=authority_ids)
        .filter(
            Q(state=State.APPLICATION, contract_signed_by_body_at__isnull=True)
            | Q(
                state__in=[
                    State.BODY_REVIEW,
                    State.RECOMMENDATIONS,
                    State.EXPERT_REPORT,
                    State.COUNCIL,
                    State.DECIDED,
                ]
            )
        )
        .select_related("organization")
        .annotate(has_report=Exists(ExpertReport.objects.filter(case_id=OuterRef("pk"))))
        .order_by("due_date", "id")
    )
    items = []
    for case in rows:
        is_head = case.authority_id in heads
        if case.state == State.APPLICATION:
            items.append(_item(case, _("Sign the contract"), _("Sign"), case.due_date))
        elif case.state == State.BODY_REVIEW:
            items.append(
                _item(case, _("Review the self-assessment report"), _("Review"), case.due_date)
            )
        elif case.state == State.RECOMMENDATIONS:
            items.append(
                _item(
                    case,
                    _("Give recommendations and schedule the visit"),
                    _("Schedule"),
                    case.due_date,
                )
            )
        elif case.state == State.EXPERT_REPORT and case.has_report:
            items.append(
                _item(case, _("Send the materials to the council"), _("Send"), case.due_date)
            )
        elif case.state == State.COUNCIL and is_head and case.council_closed_at:
            items.append(_item(case, _("Take the decision"), _("Decide"), case.due_date))
        elif case.state == State.DECIDED and not case.report_published_at:
            items.append(_item(case, _("Publish the full report"), _("Publish"), case.due_date))
    for dup in DuplicateRequest.objects.filter(
        certificate__body__authority_id__in=authority_ids, issued_on__isnull=True
    ).select_related("certificate__case__organization"):
        items.append(
            WorkItem(
                procedure=_("Accreditation"),
                title=_("Issue a duplicate of the certificate"),
                subject=f"{dup.certificate.number} · {dup.certificate.organization}",
                url=dup.certificate.case.get_absolute_url(),
                action=_("Issue"),
                due=dup.due_on,
            )
        )
    return items


def _expert_items(user) -> list[WorkItem]:
    items = []
    for seat in selectors.visits_of_expert(user).filter(
        visit__case__state__in=[State.EXPERT_VISIT, State.EXPERT_REPORT]
    ):
        case = seat.visit.case
        if case.state == State.EXPERT_VISIT and seat.report_opened_at is None:
            items.append(
                _item(
                    case,
                    _("Open the self-assessment report before the visit"),
                    _("Open"),
                    seat.visit.start_on,
                    reverse("accreditation:expert_visits"),
                )
            )
        elif case.state == State.EXPERT_REPORT:
            items.append(
                _item(
                    case,
                    _("Write the expert report"),
                    _("Write"),
                    case.due_date,
                    reverse("accreditation:expert_report", args=[case.pk]),
                )
            )
    return items


def _council_items(user) -> list[WorkItem]:
    return [
        _item(
            case,
            _("Vote on the accreditation"),
            _("Vote"),
            url=reverse("accreditation:council_vote", args=[case.pk]),
        )
        for case in selectors.council_cases_awaiting(user)
    ]


def _organization_items(user) -> list[WorkItem]:
    organizations = user.represented_organization_ids
    if not organizations:
        return []
    rows = (
        AccreditationCase.objects.filter(organization_id__in=organizations)
        .filter(
            Q(state=State.DRAFT)
            | Q(state=State.APPLICATION, contract_signed_by_organization_at__isnull=True)
            | Q(state=State.SELF_ASSESSMENT)
        )
        .select_related("organization")
    )
    items = []
    for case in rows:
        if case.state == State.DRAFT:
            items.append(
                _item(
                    case,
                    _("Finish and submit the application"),
                    _("Continue"),
                    url=reverse("accreditation:wizard", args=[case.pk, "review"]),
                )
            )
        elif case.state == State.APPLICATION:
            items.append(_item(case, _("Sign the contract"), _("Sign")))
        else:
            items.append(
                _item(
                    case,
                    _("Send the self-assessment report"),
                    _("Continue"),
                    url=reverse("accreditation:self_assessment", args=[case.pk]),
                )
            )
    today = timezone.localdate()
    for rec in Recommendation.objects.filter(
        case__organization_id__in=organizations,
        status__in=[Recommendation.Status.OPEN, Recommendation.Status.OVERDUE],
        evidence="",
        due_on__lte=today + datetime.timedelta(days=365),
    ).select_related("case__organization"):
        items.append(
            _item(
                rec.case,
                _("Follow up a recommendation"),
                _("Send evidence"),
                rec.due_on,
                f"{rec.case.get_absolute_url()}#rec-{rec.pk}",
            )
        )
    return items


@worklist_provider
def accreditation_work(user):
    return [
        *_body_items(user),
        *_expert_items(user),
        *_council_items(user),
        *_organization_items(user),
    ]
