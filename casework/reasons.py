"""Why a case changed another procedure's record, worded when it is read.

A procedure that acts on another one's record (an attestation that suspends a license) keeps
the facts of its act (decision, order number, date) on its own case; the record keeps a link
to that case (licensing's LicenseEvent.case). A page, a PDF or the API that shows the reason
asks `reason_worded(case, stored)`: the case's procedure words it now, as one translatable
sentence in the active language, and the stored text (in whatever language it was written)
is only the fallback for a case whose procedure declared no wording.
"""

from collections.abc import Callable

from django.db import models

# wording(case, change): `change` names what the reason is given for (licensing passes the
# event's kind: "suspended", "resumed", "revoked"); None when the procedure has no words for it.
Wording = Callable[[models.Model, str], "str | None"]
_WORDINGS: dict[str, Wording] = {}


def reason_declare(model: type[models.Model], wording: Wording) -> None:
    """Say how the reason a case of `model` gave is worded (register in AppConfig.ready)."""
    _WORDINGS[model._meta.label_lower] = wording


def reason_worded(case, change: str, stored: str = "") -> str:
    """The reason `case` gave for `change`, in the active language; `stored` when nobody
    words it."""
    wording = _WORDINGS.get(case._meta.label_lower) if case is not None else None
    worded = wording(case, change) if wording is not None else None
    return str(worded) if worded else stored
