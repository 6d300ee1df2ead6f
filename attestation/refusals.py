"""Every refusal of attestation, one stable code per rule (casework.refusals).

A code names the clause of the Instruction (seed 001, Russian numbering А1-А38) the rule comes
from: `attestation.a35.participation`. The label is the message people read unless the service
words it more precisely (with the names and dates of the case); the messages keep the wording
the translations already carry.
"""

from django.utils.translation import gettext_lazy as _

from casework.refusals import RefusalCode


class AttestationRefusal(RefusalCode):
    # Concurrency: someone wrote the same result cell, or changed the conclusion being signed.
    RESULT_CONFLICT = "result_conflict", _("Someone else has just entered a value in this cell.")
    SIGNATURE_CONFLICT = (
        "signature_conflict",
        _(
            "The conclusion has changed since you opened it. Read the current version and sign "
            "again."
        ),
    )

    # А11: yearly schedules of the authorities that conduct attestation.
    A11_NOT_CONDUCTED = (
        "attestation.a11.not_conducted",
        _("This authority does not conduct state attestation."),
    )
    A11_SCHEDULE_APPROVED = (
        "attestation.a11.schedule_approved",
        _("The schedule is approved; change it through schedule changes."),
    )
    A11_START_OUTSIDE_YEAR = (
        "attestation.a11.start_outside_year",
        _("The start date must fall in %(year)s, the year of the schedule."),
    )
    A11_UNDATED = "attestation.a11.undated", _("Give every organization a start date: %(names)s.")
    # А12: the organization is told at least three months before its attestation starts.
    A12_NOTICE = (
        "attestation.a12.notice",
        _(
            "Cl. 12 of the Instruction approved by Order No. 109: organizations are told of "
            "their attestation at least three months before "
            "it starts. These start too soon: %(names)s. The earliest possible start now is "
            "%(earliest)s."
        ),
    )
    # А13: changes to an approved schedule, on their bases.
    A13_SCHEDULE_DRAFT = (
        "attestation.a13.schedule_draft",
        _("The schedule is still a draft: edit it directly."),
    )
    A13_ENTRY_REMOVED = (
        "attestation.a13.entry_removed",
        _("The organization is no longer in the schedule."),
    )
    A13_REASON_REQUIRED = "attestation.a13.reason_required", _("Give the reason for the change.")
    A13_ALREADY_IN_SCHEDULE = (
        "attestation.a13.already_in_schedule",
        _("The organization is already in this schedule."),
    )
    A13_OUTSIDE_JURISDICTION = (
        "attestation.a13.outside_jurisdiction",
        _("%(organization)s is outside the jurisdiction of %(authority)s."),
    )
    A13_POSTPONEMENT_NOT_SCHEDULED = (
        "attestation.a13.postponement.not_scheduled",
        _("Only an attestation in an approved schedule can be postponed."),
    )
    A13_POSTPONEMENT_REASONS = (
        "attestation.a13.postponement.reasons",
        _(
            "Cl. 13 of the Instruction approved by Order No. 109: a request to postpone must "
            "give its reasons."
        ),
    )
    A13_POSTPONEMENT_NOT_LATER = (
        "attestation.a13.postponement.not_later",
        _("The requested date must be later than the scheduled start."),
    )
    A13_POSTPONEMENT_PENDING = (
        "attestation.a13.postponement.pending",
        _("A request for this attestation is already pending."),
    )
    A13_POSTPONEMENT_DECIDED = (
        "attestation.a13.postponement.decided",
        _("The request has been decided already."),
    )
    A13_DENIAL_REASON = (
        "attestation.a13.postponement.denial_reason",
        _("Give the reason for the denial."),
    )
    # А14: a change is told three months ahead, of the old start and of the new one.
    A14_CHANGE_TOO_LATE = (
        "attestation.a14.change_too_late",
        _(
            "Cl. 14 of the Instruction approved by Order No. 109: changes to the schedule are "
            "told at least three months before the "
            "attestation starts. It starts on %(start)s; the last day for a change was "
            "%(deadline)s."
        ),
    )
    A14_NEW_START_TOO_SOON = (
        "attestation.a14.new_start_too_soon",
        _(
            "Cl. 14 of the Instruction approved by Order No. 109: the organization must be "
            "told at least three months ahead, so the new "
            "start date cannot be earlier than %(earliest)s."
        ),
    )

    # А15: the self-assessment, one month before the start.
    A15_CLOSED = "attestation.a15.closed", _("The self-assessment can no longer be changed.")
    A15_SUBMITTED = "attestation.a15.submitted", _("The self-assessment has been submitted.")
    A15_NOT_STARTED = "attestation.a15.not_started", _("Fill in the self-assessment first.")
    A15_SECTIONS = "attestation.a15.sections", _("Fill in these sections: %(sections)s.")
    A15_ATTACHMENTS = (
        "attestation.a15.attachments",
        _(
            "Cl. 15 of the Instruction approved by Order No. 109: attach copies of the charter "
            "and of the license."
        ),
    )

    # А16-А18: the commission.
    A16_NOT_NOW = "attestation.a16.not_now", _("The commission cannot be formed at this stage.")
    A17_COMMISSION_APPROVED = (
        "attestation.a17.commission_approved",
        _("The commission is approved; its composition cannot change."),
    )
    A17_CHAIR_NOT_STAFF = (
        "attestation.a17.chair_not_staff",
        _(
            "Cl. 17 of the Instruction approved by Order No. 109: the chair must be a staff "
            "member of the authority."
        ),
    )
    A17_ONE_CHAIR = "attestation.a17.one_chair", _("The commission already has a chair.")
    A17_NO_CHAIR = (
        "attestation.a17.no_chair",
        _(
            "Cl. 17 of the Instruction approved by Order No. 109: appoint a chair from the "
            "authority's staff."
        ),
    )
    A17_COMMISSION_LATE = (
        "attestation.a17.commission_late",
        _(
            "Cl. 17 of the Instruction approved by Order No. 109: the commission is approved "
            "no later than ten days before the attestation "
            "starts (%(start)s); the last day was %(deadline)s."
        ),
    )
    A17_VISIT_BEFORE_APPROVAL = (
        "attestation.a17.visit_before_approval",
        _(
            "Cl. 17 of the Instruction approved by Order No. 109: the visit cannot start "
            "before the commission is approved."
        ),
    )
    A17_REPLACEMENT_CLOSED = (
        "attestation.a17.replacement_closed",
        _("The conclusion is signed; the commission can no longer change."),
    )
    A17_REPLACEMENT_REASON = (
        "attestation.a17.replacement_reason",
        _("Give the reason for the replacement."),
    )
    A18_INACTIVE_ACCOUNT = (
        "attestation.a18.inactive_account",
        _("%(person)s has no active portal account."),
    )
    A18_AUTHORITY_NOT_STAFF = (
        "attestation.a18.authority_not_staff",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: a representative of the "
            "authority is one of its staff; %(person)s does not "
            "work for %(authority)s."
        ),
    )
    A18_NO_SUPERVISING_BODY = (
        "attestation.a18.no_supervising_body",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: a representative of a "
            "supervising state body sits on the commission of a "
            "state organization; %(organization)s has no supervising body on record."
        ),
    )
    A18_NOT_SUPERVISING_BODY_STAFF = (
        "attestation.a18.not_supervising_body_staff",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: %(person)s does not work for "
            "%(body)s, the state body %(organization)s is "
            "under."
        ),
    )
    A18_REPRESENTS_ORGANIZATION = (
        "attestation.a18.represents_organization",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: %(person)s represents "
            "%(organization)s in the portal and cannot sit on the "
            "commission attesting it."
        ),
    )
    A18_WORKS_AT_ORGANIZATION = (
        "attestation.a18.works_at_organization",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: %(person)s works at "
            "%(organization)s and cannot sit on the commission "
            "attesting it."
        ),
    )
    A18_EXPERT_REGISTER = (
        "attestation.a18.expert_register",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: by the expert register, "
            "%(person)s works or has worked at %(organization)s "
            "and cannot sit on the commission attesting it."
        ),
    )
    A18_ALREADY_MEMBER = (
        "attestation.a18.already_member",
        _("This person is already on the commission."),
    )
    A18_TOO_FEW_MEMBERS = "attestation.a18.too_few_members", _("Add the members of the commission.")
    A18_SUPERVISING_BODY_MISSING = (
        "attestation.a18.supervising_body_missing",
        _(
            "Cl. 18 of the Instruction approved by Order No. 109: a state organization's "
            "commission includes a representative of its "
            "supervising body (%(body)s)."
        ),
    )
    # А19: the visit.
    A19_BEFORE_START = "attestation.a19.before_start", _("The attestation starts on %(start)s.")
    # А20, А23: areas of study and the members' findings.
    A20_NOT_A_MEMBER = (
        "attestation.a20.not_a_member",
        _("Only a member of this commission can be given an area."),
    )
    A23_NOT_DURING_VISIT = (
        "attestation.a23.not_during_visit",
        _("Findings are reported during the visit."),
    )

    # А24-А27: the knowledge check.
    A24_ROSTER_NOT_NOW = (
        "attestation.a24.roster_not_now",
        _("The roster is loaded once the commission is approved."),
    )
    A24_ROSTER_AFTER_RESULTS = (
        "attestation.a24.roster_after_results",
        _("Results have been entered; the roster cannot be replaced."),
    )
    A24_SAMPLE_NOT_NOW = (
        "attestation.a24.sample_not_now",
        _("The sample is drawn once the commission is approved."),
    )
    A24_SAMPLE_AFTER_RESULTS = (
        "attestation.a24.sample_after_results",
        _("Results have been entered; the sample cannot be drawn again."),
    )
    A24_NOT_IN_SAMPLE = "attestation.a24.not_in_sample", _("The student is not in the sample.")
    A25_RESULTS_NOT_DURING_VISIT = (
        "attestation.a25.results_not_during_visit",
        _("Results are entered during the visit."),
    )
    A25_NO_SUCH_COLUMN = "attestation.a25.no_such_column", _("This attestation has no such column.")
    A26_PANEL_MEMBER = (
        "attestation.a26.panel_member",
        _(
            "Cl. 26 of the Instruction approved by Order No. 109: choose one member of the "
            "commission other than the chair."
        ),
    )
    A26_PANEL_TEACHER = (
        "attestation.a26.panel_teacher",
        _(
            "Cl. 26 of the Instruction approved by Order No. 109: name the teacher of the "
            "organization."
        ),
    )
    A27_FORM_FIXED = (
        "attestation.a27.form_fixed",
        _("The roster is loaded; the form of the check cannot change."),
    )
    # А27: in preschool organizations questionnaires of staff and parents replace the tests.
    A27_PRESCHOOL_QUESTIONNAIRES = (
        "attestation.a27.preschool_questionnaires",
        _(
            "Cl. 27 of the Instruction approved by Order No. 109: a preschool organization is "
            "not tested; its knowledge check is the "
            "questionnaires of staff and parents."
        ),
    )

    # А30-А32: the conclusion.
    A30_NO_COMMISSION = (
        "attestation.a30.no_commission",
        _("The attestation has no approved commission."),
    )
    A30_NOT_DURING_VISIT = (
        "attestation.a30.not_during_visit",
        _("The conclusion is written during the visit."),
    )
    A30_EDITED_MEANWHILE = (
        "attestation.a30.edited_meanwhile",
        _("The conclusion was changed by someone else. Reload it and edit again."),
    )
    A30_INCOMPLETE = "attestation.a30.incomplete", _("The conclusion lacks: %(items)s.")
    A31_SIGNED = "attestation.a31.signed", _("The conclusion is signed; it can no longer change.")
    A31_CONCLUSION_SIGNED = (
        "attestation.a31.conclusion_signed",
        _("The conclusion is signed already."),
    )
    A31_ALREADY_SIGNED = (
        "attestation.a31.already_signed",
        _("You have already signed this version."),
    )
    A31_NOT_SIGNED = "attestation.a31.not_signed", _("The conclusion is not signed yet.")
    # А31: the signatures cover the exact content; a change voids them, so it is made only
    # when the chair has been told whose signatures go and has confirmed.
    A31_VOID_UNCONFIRMED = (
        "attestation.a31.void_unconfirmed",
        _(
            "Cl. 31 of the Instruction approved by Order No. 109: this change voids the "
            "signatures of %(names)s. Nothing was changed; confirm that they will sign again."
        ),
    )
    A32_FILES_CLOSED = (
        "attestation.a32.files_closed",
        _("The conclusion is signed; its files cannot change."),
    )

    # А33-А38: the decision and the license.
    A33_ORDER_NUMBER = (
        "attestation.a33.order_number",
        _(
            "Cl. 33 of the Instruction approved by Order No. 109: the decision is made by an "
            "order; give its number."
        ),
    )
    A34_SUSPENSION_MONTHS = (
        "attestation.a34.suspension_months",
        _(
            "Cl. 34 of the Instruction approved by Order No. 109: the license is suspended for "
            "one to %(limit)s months."
        ),
    )
    # А35: "attest" only when compliant, at least 95 % of the sample took part and at least
    # 70 % of them got a positive grade (the service's message gives the figures).
    A35_NOT_COMPLIANT = (
        "attestation.a35.not_compliant",
        _(
            "Cl. 35 of the Instruction approved by Order No. 109: the activity does not fully "
            "comply with the standard."
        ),
    )
    A35_PARTICIPATION = (
        "attestation.a35.participation",
        _(
            "Cl. 35 of the Instruction approved by Order No. 109: fewer than the required "
            "share of the sample took part."
        ),
    )
    A35_POSITIVE_SHARE = (
        "attestation.a35.positive_share",
        _(
            "Cl. 35 of the Instruction approved by Order No. 109: fewer than the required "
            "share of those who took part got a positive grade."
        ),
    )
    # А35: the commission's recommendation follows from the figures (the service's message
    # gives them).
    A35_RECOMMENDATION = (
        "attestation.a35.recommendation",
        _(
            "Cl. 35 of the Instruction approved by Order No. 109: the recommendation "
            "contradicts the figures of the knowledge check."
        ),
    )
    # А35 counts those who took part: a student is either absent or has results, never both.
    A35_ABSENT_OR_RESULTS = (
        "attestation.a35.absent_or_results",
        _(
            "Cl. 35 of the Instruction approved by Order No. 109: a student marked absent has "
            "no results. Clear the absence mark or the "
            "results first."
        ),
    )
    A36_NOT_SUSPENDED = (
        "attestation.a36.not_suspended",
        _("A follow-up commission checks a suspended license only."),
    )
    A36_FINDINGS_REQUIRED = (
        "attestation.a36.findings_required",
        _("Record the follow-up commission's findings."),
    )
    A38_TOO_EARLY = (
        "attestation.a38.too_early",
        _(
            "Cl. 38 of the Instruction approved by Order No. 109: the license is revoked when "
            "the deficiencies are not remedied within six "
            "months, that is from %(date)s."
        ),
    )
