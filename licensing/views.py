"""Browser pages of licensing. Thin: parse, call a service or a selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from casework.views import case_page_context

from . import selectors
from .models import LicenseApplication


@login_required
def application_detail(request, pk: int):
    try:
        application = selectors.application_get_visible(request.user, pk)
    except LicenseApplication.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "licensing/application_detail.html",
        {**case_page_context(application), "application": application},
    )
