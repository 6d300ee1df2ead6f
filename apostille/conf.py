"""The apostille's settings, each with its default: the law may change, the code should not.

Read at call time (not import time), so a test or an admin changing a setting sees its effect.
"""

import datetime
from decimal import Decimal

from django.conf import settings

DEFAULTS = {
    # The term of the service in working days from registration (Kazakhstan: 15 working days for
    # an apostille on an education document).
    "APOSTILLE_TERM_WORKING_DAYS": 15,
    # The completeness check of a submitted request.
    "APOSTILLE_COMPLETENESS_CHECK_WORKING_DAYS": 2,
    # The state fee, in tenge (the amount is set by the tax code; this is the portal's setting).
    "APOSTILLE_FEE_AMOUNT": Decimal("1476.00"),
    # The day from which the license register is complete. Before it the portal cannot tell a
    # missing license from one never entered, so staff confirm the license by hand. None: the
    # earliest issue date the register holds.
    "APOSTILLE_LICENSE_REGISTER_FROM": None,
    # e-Register: this many failed look-ups from one address within the window...
    "APOSTILLE_REGISTER_MAX_FAILURES": 5,
    "APOSTILLE_REGISTER_FAILURE_WINDOW": datetime.timedelta(minutes=15),
    # ...refuse look-ups from it for this long after the last of them.
    "APOSTILLE_REGISTER_LOCKOUT": datetime.timedelta(minutes=30),
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
