"""One error shape for every endpoint of every app, and its description in the OpenAPI schema.

Installed as REST_FRAMEWORK["EXCEPTION_HANDLER"]. Every error answers

    {"code": "...", "detail": "...", "fields": {"name": [{"code": "...", "message": "..."}]}}

`code` is stable (a refusal's code from casework.refusals, or DRF's: `invalid`,
`permission_denied`, `not_found`, …), `detail` is translated for people, `fields` holds the
messages per input field (`non_field_errors` for the input as a whole) and is empty when the
error is not about input. A refused case action answers 409 and adds the case's `state`.

A Django ValidationError raised by a service becomes DRF's, once, here (as HackSoft's
styleguide does), so services raise Django's and no view converts anything.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

from casework.exceptions import CaseActionError
from casework.refusals import all_refusal_codes


def exception_handler(exc, context):
    if isinstance(exc, CaseActionError):
        body = error_body(exc.code, exc.message)
        if exc.case is not None and hasattr(exc.case, "state"):
            body["state"] = exc.case.state
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django answers 500 and logs it

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc)
    else:
        body = error_body(exc.get_codes(), exc.detail)
    return Response(body, status=exc.status_code, headers=headers)


def error_body(code, detail, fields: dict | None = None) -> dict:
    return {"code": str(code), "detail": str(detail), "fields": fields or {}}


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    fields = {name: _field_errors(errors) for name, errors in detail.items()}
    messages = [e["message"] for errors in fields.values() for e in errors]
    codes = {e["code"] for errors in fields.values() for e in errors}
    # One error of the input as a whole is the answer's detail; otherwise the fields say it.
    only_general = set(fields) == {api_settings.NON_FIELD_ERRORS_KEY} and len(messages) == 1
    return error_body(
        codes.pop() if only_general else "invalid",
        messages[0] if only_general else _("The input is not valid: see the fields."),
        fields,
    )


def _field_errors(errors, prefix: str = "") -> list[dict]:
    """A field's errors as a flat list; errors of nested items name their path in `message`."""
    if isinstance(errors, dict):
        return [
            item
            for key, nested in errors.items()
            for item in _field_errors(nested, f"{prefix}{key}: ")
        ]
    if isinstance(errors, list):
        return [item for nested in errors for item in _field_errors(nested, prefix)]
    if not isinstance(errors, exceptions.ErrorDetail):
        errors = get_error_detail(errors)
    return [{"code": str(errors.code or "invalid"), "message": f"{prefix}{errors}"}]


# ---------------------------------------------------------------------------------------------
# Schema


class FieldError(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


def _code_field():
    codes = all_refusal_codes()
    table = "\n".join(f"- `{code.value}`: {code.label}" for code in codes)
    return serializers.CharField(
        help_text="A stable code. Refusals of a rule (409) have one of these:\n\n"
        f"{table}\n\nOther errors use DRF's codes: `invalid`, `parse_error`, "
        "`not_authenticated`, `permission_denied`, `not_found`, `method_not_allowed`, "
        "`throttled`, or the code of the one input error."
    )


class Error(serializers.Serializer):
    """The body of every error answer."""

    code = serializers.CharField()
    detail = serializers.CharField(help_text="What went wrong, in the reader's language.")
    fields = serializers.DictField(
        child=FieldError(many=True),
        help_text="Errors per input field; `non_field_errors` for the input as a whole.",
    )
    state = serializers.CharField(
        required=False, help_text="For a refused case action: the case's current state."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["code"] = _code_field()
        return fields


ERROR_RESPONSES = {
    400: OpenApiResponse(Error, description="Invalid input: `fields` names what is wrong."),
    401: OpenApiResponse(Error, description="Not logged in."),
    403: OpenApiResponse(Error, description="The caller may not do this."),
    404: OpenApiResponse(Error, description="Not found, or not visible to the caller."),
    409: OpenApiResponse(
        Error, description="Refused by a rule (the `code` names it) or a conflict with a change "
        "someone else made (`case_conflict`)."
    ),
    429: OpenApiResponse(Error, description="Too many requests: try again later."),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema with the error answers every endpoint can give, in one shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERROR_RESPONSES.items():
            if code in (400, 409) and self.method == "GET":
                continue
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return responses
