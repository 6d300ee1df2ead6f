"""The languages the portal offers people: settings.PORTAL_LANGUAGES, chosen by the jurisdiction
(Kazakhstan: kk, ru, en; Kyrgyzstan: ky, ru, en). settings.LANGUAGES lists every language the
portal stores, so Django alone would accept any of them from a cookie, a browser or an account;
the switch, the account page and the language a request gets ask this module instead."""

from django.conf import settings
from django.utils import translation


def offered_codes() -> list[str]:
    return [code for code, _name in settings.PORTAL_LANGUAGES]


def is_offered(language: str | None) -> bool:
    return bool(language) and language in offered_codes()


def default_language() -> str:
    """The language of whoever asked for one the portal does not offer."""
    codes = offered_codes()
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in codes else codes[0]


def portal_languages() -> list[tuple[str, str]]:
    """The offered languages as (code, name in that language)."""
    return [(code, translation.get_language_info(code)["name_local"]) for code in offered_codes()]


def languages(request) -> dict:
    """Template context: PORTAL_LANGUAGES, the codes the language switch offers."""
    return {"PORTAL_LANGUAGES": offered_codes()}
