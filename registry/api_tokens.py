"""API tokens of staff, heads of department and admins, on the page /account/api-token/.

A token reads the same non-public data as its holder's session, without a second factor on each
call. So only people who log in with a second factor get one, and only in a session where they
have passed it. Tokens an admin creates in the Django admin (behind the same second factor) work
the same way.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device
from rest_framework.authtoken.models import Token

from .models import User


def api_token_allowed(user: User) -> bool:
    return user.is_authenticated and user.needs_second_factor


def api_token_get(user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


def api_token_create(*, user: User) -> Token:
    """A new token for the user; the old one, if any, stops working at once."""
    if not api_token_allowed(user):
        raise PermissionDenied
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> bool:
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)


@never_cache
@require_http_methods(["GET", "POST"])
def api_token_page(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not api_token_allowed(user):
        raise PermissionDenied
    # /account/ pages are open before the second factor (they include its own set-up), so this
    # page checks it itself.
    if not user.is_verified():
        if user_has_device(user):
            return redirect_to_login(request.get_full_path(), reverse("two_factor:login"))
        return redirect("two_factor:setup")

    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if api_token_revoke(user=user):
                messages.success(request, _("The API token is revoked."))
        else:
            api_token_create(user=user)
            messages.success(
                request, _("A new API token is created. A token you had before no longer works.")
            )
        return redirect("api_token")

    return render(
        request,
        "registry/api_token.html",
        {"token": api_token_get(user), "api_root": request.build_absolute_uri("/api/v1/")},
    )
