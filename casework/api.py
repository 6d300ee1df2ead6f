"""The API's answer to a refused case action, for every procedure's endpoints.

Installed as REST_FRAMEWORK["EXCEPTION_HANDLER"]: a CaseConflict or TransitionRefused becomes
409 Conflict with a translated `detail`, a `code` a client can switch on, and the case's
current state; everything else goes to DRF's own handler (a CasePermissionDenied is a
PermissionDenied, so 403).
"""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.exceptions import CaseActionError


def exception_handler(exc, context):
    if isinstance(exc, CaseActionError):
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.case is not None:
            body["state"] = exc.case.state
        return Response(body, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
