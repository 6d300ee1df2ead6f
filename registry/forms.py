from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization
from .selectors import education_level_list, region_list


class RegionChoiceField(forms.ModelChoiceField):
    """Regions as an indented tree: the depth comes from the KATO path, so no extra queries."""

    def label_from_instance(self, obj):
        depth = max(obj.path.count("/") - 1, 0)
        return "\u00a0\u00a0\u00a0" * depth + obj.name


class RegistrySearchForm(forms.Form):
    """The public registry search. Every field is optional; an empty form lists everything."""

    q = forms.CharField(
        label=_("Name or BIN"),
        required=False,
        max_length=200,
        help_text=_(
            "Any part of the name in Kazakh, Russian or English, or the first digits of the BIN."
        ),
    )
    region = RegionChoiceField(
        label=_("Region"), queryset=region_list(), required=False, empty_label=_("All regions")
    )
    level = forms.ModelChoiceField(
        label=_("Level of education"),
        queryset=education_level_list(),
        required=False,
        empty_label=_("All levels"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Organization.Status.choices],
    )

    def filters(self) -> dict:
        """Keyword arguments for `organization_list_public`."""
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "region": data.get("region"),
            "level": data.get("level"),
            "status": data.get("status") or "",
        }


def login_username(request, credentials: dict | None = None) -> str:
    """The account a login attempt is counted against, for django-axes.

    Axes reads the credentials by AXES_USERNAME_FORM_FIELD, but Django's `authenticate()` passes
    them as `username` while the two-factor login wizard posts `auth-username`; without this
    the failures of one account were never added up. E-mails are case-insensitive at login
    (`UserManager.get_by_natural_key`), so changing the case must not reset the count.
    """
    if credentials and credentials.get("username"):
        username = credentials["username"]
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get("auth-username") or data.get("username") or ""
    return username.strip().lower()
