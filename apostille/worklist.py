"""What waits for each person in the apostille, for the dashboard's "Awaiting me": staff —
requests to check and to decide, the oldest term first; the applicant side (a citizen, a
representative) — requests returned for corrections. Two queries at most, whatever the rows."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.worklist import WorkItem, worklist_provider
from registry.models import Procedure, Role

from .models import ApostilleRequest

State = ApostilleRequest.State
LIMIT = 100


def _item(request, title, action, url=None) -> WorkItem:
    return WorkItem(
        procedure=_("Apostille"),
        title=title,
        subject=f"{request.number} · {request.document_type}",
        url=url or request.get_absolute_url(),
        action=action,
        due=request.due_date,
        since=request.submitted_at or request.created_at,
    )


@worklist_provider
def apostille_staff_work(user) -> list[WorkItem]:
    authority = user.authority
    if authority is None or not authority.handles(Procedure.APOSTILLE):
        return []
    rows = (
        ApostilleRequest.objects.filter(
            authority=authority,
            state__in=[State.SUBMITTED, State.COMPLETENESS_CHECK, State.REVIEW],
        )
        .select_related("document_type")
        .order_by("due_date", "submitted_at", "pk")[:LIMIT]
    )
    items = []
    for request in rows:
        if request.state == State.REVIEW:
            items.append(_item(request, _("Decide on the apostille request"), _("Decide")))
        else:
            items.append(_item(request, _("Check the apostille request"), _("Check")))
    return items


@worklist_provider
def apostille_applicant_work(user) -> list[WorkItem]:
    if not user.has_role(Role.CITIZEN, Role.APPLICANT):
        return []
    rows = (
        ApostilleRequest.objects.filter(state=State.RETURNED)
        .filter(
            Q(applicant=user, channel="portal")
            | Q(organization_id__in=user.represented_organization_ids, channel="portal")
        )
        .select_related("document_type")
        .order_by("due_date", "pk")[:LIMIT]
    )
    return [
        _item(
            request,
            _("Correct the apostille request"),
            _("Correct"),
            url=reverse("apostille:wizard", args=[request.pk, "details"]),
        )
        for request in rows
    ]
