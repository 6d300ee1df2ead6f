"""The figures of the attestation Instruction (seed 001, Russian clause numbers), each with its
default: the law may change, the code should not. A setting of the same name overrides it.

Read at call time (not import time), so a test or an amendment changing a setting sees its
effect; attestation/rules.py applies them, forms and serializers take their limits from here.
"""

from django.conf import settings

DEFAULTS = {
    "ATTESTATION_PLANNED_INTERVAL_YEARS": 5,  # А4: planned once every five years
    # А5: the share of students failing intermediate state control (percent) above which an
    # organization (a specialty, in higher education) is attested extraordinarily next year.
    # The Instruction leaves the figure to the authority; this default is ours.
    "ATTESTATION_EXTRAORDINARY_FAILED_PERCENT": 30,
    "ATTESTATION_NOTICE_MONTHS": 3,  # А12, А14: schedule and its changes told three months ahead
    "ATTESTATION_SELF_ASSESSMENT_MONTHS": 1,  # А15: self-assessment one month before the start
    "ATTESTATION_COMMISSION_DAYS": 10,  # А17: commission approved ten days before the start
    "ATTESTATION_VISIT_WORKING_DAYS": 7,  # А19: the visit lasts at most seven working days
    "ATTESTATION_SAMPLE_SIZE": 50,  # А24: students tested per specialty
    "ATTESTATION_EXCELLENT_PERCENT": 88,  # А25: 88-100 % excellent
    "ATTESTATION_GOOD_PERCENT": 75,  # А25: 75-87 % good
    "ATTESTATION_SATISFACTORY_PERCENT": 60,  # А25: 60-74 % satisfactory, below unsatisfactory
    "ATTESTATION_WRITTEN_WORK_QUESTIONS": 5,  # А26: five questions
    "ATTESTATION_WRITTEN_WORK_POSITIVE": 3,  # А26: three or more right is positive
    "ATTESTATION_DECISION_DAYS": 10,  # А33: decision within ten calendar days of the conclusion
    "ATTESTATION_SUSPENSION_MONTHS": 6,  # А34, А38: suspension up to six months, then revocation
    "ATTESTATION_MIN_PARTICIPATION_PERCENT": 95,  # А35: at least 95 % of the sample took part
    "ATTESTATION_MIN_POSITIVE_PERCENT": 70,  # А35: at least 70 % of them positive
    # Reminders to the organization, calendar days before its self-assessment term (А15).
    "ATTESTATION_SELF_ASSESSMENT_REMINDER_DAYS": [14, 3],
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
