"""The reasons attestation gives licensing for a license's suspension (А34), resumption (А37)
and revocation (А38), worded from the attestation's own facts (decision, order number, date)
when they are read, one translatable sentence each (casework.reasons)."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from casework.reasons import reason_declare

from .models import Attestation


def suspension_reason(order_number: str, day: datetime.date | None) -> str:
    return _("Not attested (order %(order)s of %(date)s), clause 34.") % {
        "order": order_number,
        "date": formats.date_format(day, "d.m.Y") if day else "",
    }


def resumption_reason() -> str:
    return _("Deficiencies remedied (follow-up commission, clause 37).")


def revocation_reason() -> str:
    return _("Deficiencies not remedied within six months, clause 38.")


def reason_for(attestation: Attestation, change: str) -> str | None:
    if change == "suspended" and attestation.order_number:
        return suspension_reason(attestation.order_number, attestation.suspended_from)
    if change == "resumed":
        return resumption_reason()
    if change == "revoked":
        return revocation_reason()
    return None


def declare() -> None:
    reason_declare(Attestation, reason_for)
