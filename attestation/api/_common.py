"""What the attestation API views share: finding what the caller may see, and turning a
service's invalid input into 400 (its refusals become 409 in casework.api.exception_handler)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
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


def invalid(error: DjangoValidationError) -> ValidationError:
    """A Django ValidationError from a service (a bad CSV line, a value out of range) as 400,
    with every message in `detail`, the same shape as a refusal's 409."""
    return ValidationError({"detail": " ".join(error.messages), "code": "invalid"})


class ServiceApi(APIView):
    """An API view that calls one service; logged-in callers only, the service decides who."""

    permission_classes = [IsAuthenticated]

    def call(self, service, *args, **kwargs):
        try:
            return service(*args, **kwargs)
        except DjangoValidationError as error:
            raise invalid(error) from None


# The error bodies, for the schema.
Problem = inline_serializer(
    "AttestationProblem",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "state": serializers.CharField(required=False),
    },
)
ERRORS = {
    400: OpenApiResponse(description="Invalid input: field errors, or `detail` and `code`."),
    403: OpenApiResponse(Problem, description="The caller may not take this action."),
    404: OpenApiResponse(Problem, description="Not found, or not visible to the caller."),
    409: OpenApiResponse(Problem, description="Refused: `detail` says why (a clause of the law)."),
}


def responses(ok, status: int = 200) -> dict:
    return {status: ok, **ERRORS}
