"""Licensing's settings, each with its default: the law may change, the code should not.

Read at call time (not import time), so a test or an admin changing a setting sees its effect.
"""

from fractions import Fraction

from django.conf import settings

DEFAULTS = {
    # Terms of the service in working days, per application kind (issue 4 defaults; the return
    # of appendices has none in the sources and takes the reissue term).
    "LICENSING_TERMS_WORKING_DAYS": {
        "new_license": 15,
        "new_appendix": 15,
        "reissue": 3,
        "return": 3,
        "duplicate": 2,
    },
    # The completeness check of a submitted package.
    "LICENSING_COMPLETENESS_CHECK_WORKING_DAYS": 2,
    # Working days the applicant has to send the corrections asked for (the sources name no
    # term; the portal shows this one and does not close the case when it passes).
    "LICENSING_CORRECTIONS_WORKING_DAYS": 10,
    # The license fee as the start page states it. The sources give no figure (it is set by the
    # Tax Code and changes with the monthly calculation index); empty, the page says so.
    "LICENSING_FEE": "",
    # Calendar days after a refusal during which the applicant may appeal.
    "LICENSING_APPEAL_PERIOD_DAYS": 30,
    # Calendar days before the end of the appeal period at which the applicant is reminded.
    "LICENSING_APPEAL_REMINDER_DAYS": [7, 1],
    # Working days to decide an appeal once filed (Administrative Procedural Code of the
    # Republic of Kazakhstan, art. 100: a complaint is considered within twenty working days).
    "LICENSING_APPEAL_DECISION_WORKING_DAYS": 20,
    # An expert who inspected the organization within this many years is not drawn again.
    "LICENSING_EXPERT_COOLING_OFF_YEARS": 3,
    # The draw prefers experts with fewer commission seats within this many days before the
    # visit (the procedure's own rule: the seeds name none).
    "LICENSING_EXPERT_WORKLOAD_WINDOW_DAYS": 365,
    # Experts on a pre-license inspection commission (seed 002: certified experts chosen by the
    # system; the number is this setting's).
    "LICENSING_COMMISSION_SIZE": 3,
    # The council decides when at least this share of its sitting members voted...
    "LICENSING_COUNCIL_QUORUM": "2/3",
    # ...and grants when more than this share of the votes cast is in favour.
    "LICENSING_COUNCIL_MAJORITY": "1/2",
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def term_working_days(kind: str) -> int:
    terms = {**DEFAULTS["LICENSING_TERMS_WORKING_DAYS"], **get("LICENSING_TERMS_WORKING_DAYS")}
    return int(terms[kind])


def fraction(name: str) -> Fraction:
    return Fraction(str(get(name)))
