"""Pieces every procedure's case pages share."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from casework.exceptions import CaseActionError
from casework.selectors import case_timeline


def case_page_context(case) -> dict:
    """What the case page's shared parts need: the case and its timeline, rendered by
    `{% include "casework/_timeline.html" %}`."""
    return {"case": case, "timeline": case_timeline(case)}


def case_action_errors(view):
    """For a view that acts on a case (a POST calling a service): a conflict or a refusal
    becomes an error message and a redirect back to the case page.

    The service's transaction has rolled back by then, so nothing is half-done; the page shows
    the case as it now is. The case page is the case's get_absolute_url(), else the referring
    page of this site, else the same URL."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CaseActionError as exc:
            messages.error(request, exc.message)
            return redirect(_case_page(request, exc.case))

    return wrapper


def _case_page(request, case) -> str:
    if case is not None and hasattr(case, "get_absolute_url"):
        return case.get_absolute_url()
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path
