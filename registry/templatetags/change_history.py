"""The history section of the admin's change pages (templates/admin/change_form.html)."""

from django import template

from registry import history

register = template.Library()


@register.inclusion_tag("admin/registry/change_history.html")
def change_history(obj):
    """What changed in `obj`, newest first; nothing for a model whose history is not kept."""
    if obj is None or not history.is_tracked(type(obj)):
        return {"tracked": False}
    return {
        "tracked": True,
        "recorded": history.is_recorded(),
        "entries": history.object_history(obj, limit=history.ADMIN_LIMIT),
        "limit": history.ADMIN_LIMIT,
    }
