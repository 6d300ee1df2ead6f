"""A person's own account: their language (kept on the account, so notifications, e-mails and
documents reach them in it whoever triggers them) and contact phone, on /account/, and the
language switch, which remembers the choice on the account too."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .languages import is_offered, portal_languages
from .models import User


def user_language_set(user: User, language: str) -> User:
    """Keep the person's language; one the portal does not offer is ignored (the switch then
    changes nothing)."""
    if is_offered(language) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_profile_update(user: User, *, phone: str, language: str) -> User:
    user.phone = phone
    user.language = language
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["phone", "language"])
    return user


@require_POST
def language_switch(request):
    """Django's set_language, which also keeps the choice on the account of a logged-in user."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        user_language_set(request.user, language)
    return response


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("Pages, notifications, e-mails and documents addressed to you use it."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = portal_languages()


@login_required
def account_profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"language": user.language, "phone": user.phone}
    )
    if request.method == "POST" and form.is_valid():
        user_profile_update(user, **form.cleaned_data)
        translation.activate(user.language)
        messages.success(request, _("Saved: your language and phone."))
        response = redirect("account_profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
        return response
    return render(request, "registry/account_profile.html", {"form": form})
