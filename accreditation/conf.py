"""The figures of the accreditation Instruction (seed 001, Russian clause numbers "К"), each with
its default: the law may change, the code should not. A setting of the same name overrides it.

Where seed 001's Russian and Kazakh texts differ, the Russian figure is the default (К17: the
Russian text says two to three working days, the Kazakh one to two; К28: ten calendar days in
Russian, ten working days in Kazakh). Read at call time, so a test or an amendment changing a
setting sees its effect.
"""

from fractions import Fraction

from django.conf import settings

DEFAULTS = {
    # К2: accreditation is for organizations teaching higher and postgraduate programmes: the
    # codes of registry.EducationLevel a license in force must cover.
    "ACCREDITATION_LEVEL_CODES": ["higher", "postgraduate"],
    # К11: the body examines, visits and decides within one to three years of the application.
    "ACCREDITATION_TERM_MIN_YEARS": 1,
    "ACCREDITATION_TERM_MAX_YEARS": 3,
    # К14: the organization is told of the expert visit three months before it starts.
    "ACCREDITATION_VISIT_NOTICE_MONTHS": 3,
    # К15: the visit lasts two to four working days.
    "ACCREDITATION_VISIT_MIN_WORKING_DAYS": 2,
    "ACCREDITATION_VISIT_MAX_WORKING_DAYS": 4,
    # К17: the expert report within two to three working days of the visit's end (Russian
    # text; the Kazakh one says one to two): the upper figure is the term.
    "ACCREDITATION_EXPERT_REPORT_WORKING_DAYS": 3,
    # К17: a report after the term is accepted and marked late (the commission's breach must
    # not cost the organization its case); False refuses it.
    "ACCREDITATION_EXPERT_REPORT_LATE_ACCEPTED": True,
    # К14: experts on the external expert commission (the Instruction leaves it to the body).
    "ACCREDITATION_COMMISSION_SIZE": 3,
    # К14 (conflicts): an expert or council member who worked for the organization within this
    # many years is excluded from the commission and may not vote.
    "ACCREDITATION_CONFLICT_COOLING_OFF_YEARS": 3,
    # К19: the council decides when at least this share of its members entitled to vote have
    # voted, and accredits when more than this share of the votes cast is for it.
    "ACCREDITATION_COUNCIL_QUORUM": "2/3",
    "ACCREDITATION_COUNCIL_MAJORITY": "1/2",
    # К20, К25: a certificate is valid five years.
    "ACCREDITATION_CERTIFICATE_YEARS": 5,
    # К21: renewal applied for no later than twelve months before expiry; the organization is
    # reminded 18, 15 and 13 months before. A later application is refused unless this switch
    # accepts it (marked late).
    "ACCREDITATION_RENEWAL_DEADLINE_MONTHS": 12,
    "ACCREDITATION_RENEWAL_REMINDER_MONTHS": [18, 15, 13],
    "ACCREDITATION_RENEWAL_LATE_ACCEPTED": False,
    # К22: after a refusal, a new application for the same scope no sooner than one year after
    # the first application.
    "ACCREDITATION_REAPPLY_AFTER_YEARS": 1,
    # К28: a duplicate within ten days of the written application, calendar days (Russian
    # text) or working days (Kazakh text).
    "ACCREDITATION_DUPLICATE_DAYS": 10,
    "ACCREDITATION_DUPLICATE_WORKING_DAYS": False,
    # К27: "appealed in the manner set by law"; the Instruction names no period. Ours: thirty
    # calendar days from the decision (as licensing's), a setting.
    "ACCREDITATION_APPEAL_PERIOD_DAYS": 30,
    # Working days to decide an appeal once filed (Administrative Procedural Code, art. 100).
    "ACCREDITATION_APPEAL_DECISION_WORKING_DAYS": 20,
    # Working days the body has for each of its own steps (review of the self-assessment,
    # recommendations, council materials): the Instruction names none; ours, for reminders.
    "ACCREDITATION_BODY_STEP_WORKING_DAYS": 30,
    # Item 11 of issue 11: whether a valid accreditation exempts from state attestation. The
    # 2008 attestation Instruction does not exempt it, so off.
    "ACCREDITATION_EXEMPTS_FROM_ATTESTATION": False,
    # К26: when the registry records a reorganization, the certificates pass to the successor
    # unless the authority annuls them (accreditation_follow_registry_change).
    "ACCREDITATION_REORGANIZATION_CARRIES_OVER": True,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def fraction(name: str) -> Fraction:
    return Fraction(str(get(name)))
