"""What licensing puts on the dashboard of each role (registry's dashboard includes the
templates in licensing/dashboard/ when they exist; registry itself never imports licensing).
Each tag costs a fixed number of queries."""

from django import template
from django.utils import timezone

from registry.models import Role

from .. import selectors

register = template.Library()


@register.simple_tag
def licensing_applicant_summary(user) -> dict:
    return selectors.applicant_summary(user)


@register.simple_tag
def licensing_queue_summary(user) -> dict:
    authority = user.authority
    if authority is None:
        return {}
    return {
        **selectors.queue_summary(authority, user, timezone.localdate()),
        "is_head": user.has_role(Role.HEAD),
    }


@register.simple_tag
def licensing_tasks(user) -> dict:
    """The expert's open inspection sheets and the council member's open votes: four queries."""
    expert = getattr(user, "expert_profile", None)
    return {
        "is_expert": expert is not None,
        "inspections": list(selectors.inspections_open_for_expert(expert)) if expert else [],
        "sits_on_council": user.licensing_council_seats.filter(is_active=True).exists(),
        "reviews": list(selectors.council_reviews_awaiting(user)),
    }
