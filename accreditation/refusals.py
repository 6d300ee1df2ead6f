"""Accreditation's refusals: one stable code per rule of the accreditation Instruction (seed 001,
Russian text, clauses "К"), `accreditation.k<clause>.<rule>`, so a grep for `k14` finds the rule,
the service enforcing it, its tests and its API documentation."""

from django.utils.translation import gettext_lazy as _

from casework.refusals import RefusalCode


class AccreditationRefusal(RefusalCode):
    # К2: accreditation is for organizations teaching higher and postgraduate programmes, so
    # only one holding a license in force for them applies.
    K2_LICENSE = (
        "accreditation.k2.license",
        _(
            "Clause 2: only an organization holding a license in force for higher or "
            "postgraduate education applies for accreditation."
        ),
    )
    # К4: only a body certified by the authority on the day accepts applications and issues
    # certificates.
    K4_BODY_NOT_CERTIFIED = (
        "accreditation.k4.body_not_certified",
        _("Clause 4: %(body)s is not a certified accreditation body on %(day)s."),
    )
    # К6–К7: the council has members from the authority, the body, education organizations,
    # non-governmental and student organizations.
    K6_COUNCIL_GROUPS = (
        "accreditation.k6.council_groups",
        _("Clause 7: the accreditation council has no member from: %(groups)s."),
    )
    # К8: specialized accreditation needs the institutional certificate, or both combined.
    K8_INSTITUTIONAL_REQUIRED = (
        "accreditation.k8.institutional_required",
        _(
            "Clause 8: specialized accreditation needs a valid institutional accreditation "
            "certificate; apply for both combined instead."
        ),
    )
    K8_PROGRAMMES_REQUIRED = (
        "accreditation.k8.programmes_required",
        _("Clause 8: name the programmes for specialized accreditation."),
    )
    # К11: from the application to the decision, one to three years.
    K11_TOTAL_TERM = (
        "accreditation.k11.total_term",
        _(
            "Clause 11: the term of the accreditation ended on %(day)s, three years after the "
            "application."
        ),
    )
    # К13: the self-assessment report (a signed PDF) and every criterion assessed.
    K13_SELF_ASSESSMENT_INCOMPLETE = (
        "accreditation.k13.self_assessment_incomplete",
        _("Clause 13: the self-assessment is incomplete: %(items)s."),
    )
    # К14: the visit is announced three months before it starts.
    K14_NOTICE = (
        "accreditation.k14.notice",
        _(
            "Clause 14: the organization must be told of the visit three months ahead: a visit "
            "announced today starts on %(day)s at the earliest."
        ),
    )
    K14_COMMISSION_INCOMPLETE = (
        "accreditation.k14.commission_incomplete",
        _(
            "Clause 14: only %(found)s certified experts without a conflict of interest are "
            "available; the commission needs %(size)s."
        ),
    )
    # К15: the visit lasts two to four working days.
    K15_VISIT_LENGTH = (
        "accreditation.k15.visit_length",
        _("Clause 15: the visit lasts 2 to 4 working days; these dates give %(days)s."),
    )
    # К16: the commission studies the self-assessment report before the visit.
    K16_REPORT_NOT_OPENED = (
        "accreditation.k16.report_not_opened",
        _(
            "Clause 16: the commission studies the self-assessment report before the visit; "
            "%(names)s had not opened it."
        ),
    )
    # К17: the expert report within three working days of the visit's end.
    K17_REPORT_LATE = (
        "accreditation.k17.report_late",
        _("Clause 17: the expert report was due on %(day)s."),
    )
    K17_FINDINGS_INCOMPLETE = (
        "accreditation.k17.findings_incomplete",
        _("Clause 17: the expert report has no finding on: %(standards)s."),
    )
    # К18: the council's materials include the expert report.
    K18_NO_EXPERT_REPORT = (
        "accreditation.k18.no_expert_report",
        _("Clause 18: the expert report is not in yet."),
    )
    # К19: the council decides with a quorum; a member with a conflict does not vote; one vote
    # each.
    K19_QUORUM = (
        "accreditation.k19.quorum",
        _("Clause 19: no quorum: %(cast)s of %(entitled)s members entitled to vote have voted."),
    )
    K19_CONFLICT = (
        "accreditation.k19.conflict",
        _(
            "Clause 19: you work or recently worked for the organization and may not vote on "
            "its accreditation."
        ),
    )
    K19_ALREADY_VOTED = ("accreditation.k19.already_voted", _("Clause 19: you have voted."))
    K19_NO_RESULT = (
        "accreditation.k19.no_result",
        _("Clause 19: the council has not voted on this case yet."),
    )
    # К21: renewal applied for no later than a year before the certificate expires.
    K21_RENEWAL_LATE = (
        "accreditation.k21.renewal_late",
        _(
            "Clause 21: renewal is applied for no later than %(day)s, a year before the "
            "certificate expires."
        ),
    )
    K21_NOT_RENEWABLE = (
        "accreditation.k21.not_renewable",
        _("Clause 21: only a certificate in force is renewed."),
    )
    # К22: after a refusal, a new application for the same scope one year after the first.
    K22_REAPPLY_TOO_SOON = (
        "accreditation.k22.reapply_too_soon",
        _(
            "Clause 22: accreditation for this scope was refused on the application of "
            "%(first)s; a new application is considered from %(day)s."
        ),
    )
    # К27: an appeal within its period.
    K27_APPEAL_PERIOD_ENDED = (
        "accreditation.k27.appeal_period_ended",
        _("Clause 27: the period for an appeal ended on %(day)s."),
    )
    # К28: a duplicate replaces a certificate in force.
    K28_CERTIFICATE_NOT_ACTIVE = (
        "accreditation.k28.certificate_not_active",
        _("Clause 28: a duplicate is issued only for a certificate in force."),
    )

    # Issue 11, item 10: a body's system pushes one decision per identifier of its case.
    EXTERNAL_CONFLICT = (
        "accreditation.external.conflict",
        _(
            "A different decision on another organization or with another outcome is recorded "
            "under this identifier: a new decision is a new case."
        ),
    )
