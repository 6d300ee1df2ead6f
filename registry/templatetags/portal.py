"""Template helpers for the portal's pages: form fields with Bootstrap classes, role-aware
navigation, and optional includes from apps that may not be installed yet."""

from django import forms, template
from django.conf import settings
from django.template.loader import select_template

from registry.models import Procedure, Role

register = template.Library()


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return ""
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "form-select"
    return "form-control"


@register.inclusion_tag("portal/_field.html")
def form_field(field):
    """Renders a bound field with its label, help text and errors tied to the input for screen
    readers (Django adds aria-describedby and aria-invalid itself)."""
    css = _widget_class(field.field.widget)
    if field.errors and css:
        css += " is-invalid"
    attrs = {"class": css} if css else {}
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        # Each option is rendered from the widget's own attrs (the form's copy of the field).
        widget.attrs.setdefault("class", "form-check-input")
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "is_choice_list": isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)),
    }


@register.simple_tag
def role_codes(user) -> set[str]:
    """The user's role codes, for navigation (templates cannot call `has_role` with arguments)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    codes = {a.role for a in user.role_assignments}
    if user.is_superuser:
        codes.add(Role.ADMIN)
    return codes


@register.simple_tag
def optional_template(*names: str) -> str:
    """The first of the given templates that exists, or "" — for parts another app supplies
    (the inbox badge lives in casework and may not exist yet)."""
    try:
        return select_template(names).template.name
    except template.TemplateDoesNotExist:
        return ""


@register.filter
def procedure_label(code: str) -> str:
    try:
        return Procedure(code).label
    except ValueError:
        return code


@register.simple_tag
def lockout_minutes() -> int:
    """How long a locked-out login waits, in minutes (AXES_COOLOFF_TIME is in hours)."""
    hours = settings.AXES_COOLOFF_TIME
    if hasattr(hours, "total_seconds"):
        return round(hours.total_seconds() / 60)
    return round(float(hours) * 60)


@register.filter
def region_depth(region) -> int:
    """How deep a region sits in the tree (the country is 0), from its KATO path."""
    return max(region.path.count("/") - 1, 0)
