"""What waits for each person in licensing, for the dashboard's "Awaiting me" (issue 10):
staff — packages to check, commissions to draw, signed sheets to send to the council; the
head — decisions on applications, appeals (also against the refusals of subordinate
authorities), council votes that reached their quorum and wait to be closed, bulk reissue runs
that ended with failures to fix and retry; experts — sheets to fill and sign; council members —
votes; the applicant side — corrections, an open appeal window, drafts not sent. A fixed number
of queries whatever the row count."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework.models import Channel, Deadline
from casework.worklist import WorkItem, worklist_provider
from registry.models import Role

from . import conf, selectors
from .models import (
    BulkReissue,
    BulkReissueItem,
    CommissionMember,
    CouncilMember,
    CouncilReview,
    CouncilVote,
    Inspection,
    InspectionFinding,
    InspectionSignature,
    LicenseApplication,
)
from .services.applications import (
    DEADLINE_APPEAL_PERIOD,
    DEADLINE_CORRECTIONS,
    DEADLINE_SERVICE,
)

State = LicenseApplication.State


def _term(kind):
    """The last moment of the case's running term of a kind, as a subquery."""
    return Subquery(
        Deadline.objects.filter(
            case_type=ContentType.objects.get_for_model(LicenseApplication),
            case_id=OuterRef("pk"),
            kind=kind,
            state=Deadline.State.RUNNING,
        )
        .order_by("due_at")
        .values("due_at")[:1]
    )


def _url(name, *args) -> str:
    return reverse(name, args=args)


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _subject(application) -> str:
    return f"{application.number} · {application.organization}"


def _item(application, title, action, due=None, url=None) -> WorkItem:
    return WorkItem(
        procedure=_("Licensing"),
        title=title,
        subject=_subject(application),
        url=url or application.get_absolute_url(),
        action=action,
        due=due,
        since=application.registered_at or application.created_at,
    )


def _sheet_signed():
    """The application's open inspection has every requirement marked and a live signature of
    every member. A change to the sheet voids every live signature, so a live one covers the
    sheet as it stands (services.inspections)."""
    signed = InspectionSignature.objects.filter(
        inspection=OuterRef("inspection"), expert=OuterRef("expert"), voided_at__isnull=True
    )
    unsigned = CommissionMember.objects.filter(inspection=OuterRef("pk")).filter(~Exists(signed))
    unmarked = InspectionFinding.objects.filter(inspection=OuterRef("pk"), met__isnull=True)
    return Exists(
        Inspection.objects.filter(application=OuterRef("pk"), completed_at__isnull=True)
        .filter(~Exists(unsigned))
        .filter(~Exists(unmarked))
    )


def _authority_items(user) -> list[WorkItem]:
    authority = user.authority
    if authority is None:
        return []
    is_head = user.has_role(Role.HEAD)
    closed_review = CouncilReview.objects.filter(
        application=OuterRef("pk"), closed_at__isnull=False
    )
    rows = (
        LicenseApplication.objects.filter(authority=authority)
        .filter(
            state__in=[
                State.SUBMITTED,
                State.COMPLETENESS_CHECK,
                State.REVIEW,
                State.INSPECTION,
                State.COUNCIL,
            ]
        )
        .select_related("organization")
        .annotate(
            legal_due=_term(DEADLINE_SERVICE),
            council_done=Exists(closed_review),
            sheet_signed=_sheet_signed(),
        )
        .order_by("legal_due", "id")
    )
    items = []
    for a in rows:
        legal_due = _day(a.legal_due)
        inspected = a.kind in LicenseApplication.INSPECTED_KINDS
        if a.state in (State.SUBMITTED, State.COMPLETENESS_CHECK):
            if a.assignee_id in (None, user.pk):
                items.append(_item(a, _("Check the package"), _("Check"), a.due_date))
        elif a.state == State.REVIEW and inspected:
            items.append(
                _item(a, _("Draw the commission and schedule the visit"), _("Draw"), legal_due)
            )
        elif a.state == State.INSPECTION and a.sheet_signed:
            items.append(
                _item(a, _("The sheet is signed: send it to the council"), _("Send"), legal_due)
            )
        elif is_head and (
            a.state == State.REVIEW and not inspected or a.state == State.COUNCIL and a.council_done
        ):
            items.append(_item(a, _("Decide on the application"), _("Decide"), legal_due))
    return items


def _count(queryset, **outer):
    """How many rows of a queryset refer to the outer row, as a subquery."""
    return Coalesce(
        Subquery(
            queryset.filter(**{k: OuterRef(v) for k, v in outer.items()})
            .order_by()
            .values(*outer)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _head_items(user) -> list[WorkItem]:
    """What only a head decides beyond their authority's queue. Three queries."""
    heads = {a.authority_id for a in user.role_assignments if a.role == Role.HEAD}
    heads.discard(None)
    if not heads:
        return []
    # An appeal is decided by the head of the handling authority or of its superior
    # (licensing.permissions.is_appeal_authority_of).
    appeals = (
        LicenseApplication.objects.filter(state=State.UNDER_APPEAL)
        .filter(Q(authority_id__in=heads) | Q(authority__parent_id__in=heads))
        .select_related("organization")
        .order_by("due_date", "id")
    )
    items = [_item(a, _("Decide on the appeal"), _("Decide"), a.due_date) for a in appeals]
    # The chair or the head closes the vote; listed once closing cannot fail for want of a
    # quorum (counted over every sitting member: a recusal only lowers the quorum).
    quorum = conf.fraction("LICENSING_COUNCIL_QUORUM")
    reviews = (
        CouncilReview.objects.filter(
            closed_at__isnull=True,
            application__state=State.COUNCIL,
            application__authority_id__in=heads,
        )
        .select_related("application__organization")
        .annotate(
            cast=_count(CouncilVote.objects.all(), review="pk"),
            sitting=_count(CouncilMember.objects.filter(is_active=True), council="council_id"),
        )
        .order_by("opened_at", "id")
    )
    items += [
        WorkItem(
            procedure=_("Licensing"),
            title=_("Close the council's vote (%(cast)s of %(sitting)s members voted)")
            % {"cast": review.cast, "sitting": review.sitting},
            subject=_subject(review.application),
            url=_url("licensing:council_review", review.pk),
            action=_("Close the vote"),
            since=review.opened_at,
        )
        for review in reviews
        if review.sitting and review.cast >= quorum * review.sitting
    ]
    failed = Q(items__status=BulkReissueItem.Status.FAILED, items__organization__isnull=False)
    runs = (
        BulkReissue.objects.filter(authority_id__in=heads, finished_at__isnull=False)
        .annotate(failed=Count("items", filter=failed))
        .filter(failed__gt=0)
        .order_by("finished_at", "id")
    )
    items += [
        WorkItem(
            procedure=_("Licensing"),
            title=ngettext(
                "Bulk reissue: %(count)s organization failed; correct its data and retry",
                "Bulk reissue: %(count)s organizations failed; correct their data and retry",
                run.failed,
            )
            % {"count": run.failed},
            subject=str(run),
            url=_url("licensing:bulk_reissue_detail", run.pk),
            action=_("Retry"),
            since=run.finished_at,
        )
        for run in runs
    ]
    return items


def _expert_items(user) -> list[WorkItem]:
    expert = getattr(user, "expert_profile", None)
    if expert is None:
        return []
    return [
        WorkItem(
            procedure=_("Licensing"),
            title=_("Fill in and sign the inspection sheet (visit on %(day)s)")
            % {"day": inspection.visit_date.strftime("%d.%m.%Y")},
            subject=_subject(inspection.application),
            url=_url("licensing:inspection_sheet", inspection.pk),
            action=_("Sign"),
            due=inspection.visit_date,
            since=inspection.drawn_at,
        )
        for inspection in selectors.inspections_open_for_expert(expert)
        if not inspection.has_signed
    ]


def _council_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            procedure=_("Licensing"),
            title=_("Vote on the application"),
            subject=_subject(review.application),
            url=_url("licensing:council_review", review.pk),
            action=_("Vote"),
            since=review.opened_at,
        )
        for review in selectors.council_reviews_awaiting(user).select_related(
            "application__organization"
        )
        if not review.has_voted
    ]


def _applicant_items(user) -> list[WorkItem]:
    organizations = user.represented_organization_ids
    if not organizations:
        return []
    rows = (
        LicenseApplication.objects.filter(organization_id__in=organizations)
        .filter(
            Q(state=State.RETURNED)
            | Q(state=State.REFUSED)
            | Q(state=State.DRAFT, channel=Channel.PORTAL)
        )
        .select_related("organization")
        .annotate(
            corrections_due=_term(DEADLINE_CORRECTIONS),
            appeal_due=_term(DEADLINE_APPEAL_PERIOD),
        )
    )
    items = []
    for a in rows:
        if a.state == State.RETURNED:
            items.append(
                _item(
                    a,
                    _("Correct the application and send it again"),
                    _("Send corrections"),
                    _day(a.corrections_due),
                )
            )
        elif a.state == State.REFUSED and a.appeal_due:
            items.append(
                _item(
                    a,
                    _("Refused: you may appeal or file a corrected application"),
                    _("Appeal"),
                    _day(a.appeal_due),
                )
            )
        elif a.state == State.DRAFT:
            items.append(
                _item(
                    a,
                    _("Finish and submit the draft"),
                    _("Continue"),
                    url=_url("licensing:wizard", a.pk, "details"),
                )
            )
    return items


@worklist_provider
def licensing_work(user):
    return [
        *_authority_items(user),
        *_head_items(user),
        *_expert_items(user),
        *_council_items(user),
        *_applicant_items(user),
    ]
