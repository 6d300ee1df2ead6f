"""What the attestation API views share: finding what the caller may see. Errors need nothing
here: casework.api's handler answers every one in the one shape (a service's ValidationError as
400, a refusal as 409 with its code) and PortalAutoSchema documents them on every operation."""

from django.http import Http404
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from .. import selectors
from ..models import Attestation


def visible_attestation(user, pk: int) -> Attestation:
    """The attestation, or 404 for one the caller may not see (as for one that does not exist)."""
    try:
        return selectors.attestation_get_visible(user, pk)
    except Attestation.DoesNotExist:
        raise Http404 from None


class ServiceApi(APIView):
    """An API view that calls one service; logged-in callers only, the service decides who."""

    permission_classes = [IsAuthenticated]
