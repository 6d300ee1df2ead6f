from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .languages import default_language, is_offered


class SecondFactorRequiredMiddleware:
    """Staff, heads and admins reach nothing but the login and set-up pages until they have
    passed a second factor (TOTP) in this session; one without a device is sent to set it up."""

    allowed_prefixes = ("/account/", "/static/", "/i18n/")
    api_prefix = "/api/v1/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(self.allowed_prefixes)
        ):
            from django_otp import user_has_device

            if request.path.startswith(self.api_prefix):
                # An API client cannot follow a login redirect: it gets the reason as JSON.
                return JsonResponse(
                    {"detail": _("Finish logging in with your second factor first.")},
                    status=403,
                )
            if user_has_device(user):
                return redirect(f"{reverse('two_factor:login')}?next={request.path}")
            return redirect("two_factor:setup")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A logged-in person reads pages in the language kept on their account (the switch and the
    account page set it), whatever their browser says. The API follows Accept-Language. Nobody
    gets a language the portal does not offer in its jurisdiction (a Kazakh cookie or browser on
    the Kyrgyz portal): LocaleMiddleware accepts every stored language, this keeps to the offered
    ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = translation.get_language()
        if (
            user.is_authenticated
            and is_offered(user.language)
            and not request.path.startswith(SecondFactorRequiredMiddleware.api_prefix)
        ):
            language = user.language
        if not is_offered(language):
            language = default_language()
        if language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
