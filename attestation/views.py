"""Browser pages of attestation. Thin: parse, call a service or a selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from casework.views import case_page_context

from . import selectors
from .models import Attestation


@login_required
def attestation_detail(request, pk: int):
    try:
        attestation = selectors.attestation_get_visible(request.user, pk)
    except Attestation.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "attestation/detail.html",
        {
            **case_page_context(attestation),
            "attestation": attestation,
            "commission": selectors.commission_of(attestation),
        },
    )
