"""Licensing's refusals: one stable code per rule (casework.refusals), the clause or the source
in the code and in a comment where there is one.

Sources: seed 002 (Kyrgyz Republic, ASULA: online application with a document package,
pre-license inspection by a commission of certified experts chosen by the system, inspection
sheet, collegial decision of the licensing council, refusal with reasons that the applicant may
appeal or answer by resubmitting), seed 000 (Kazakhstan: reissue under art. 33 of the Law "On
permits and notifications", voluntary return of appendices), attestation's А34, А37, А38 for
the suspension, resumption and revocation of a license. Neither seed numbers its rules, so the
codes name the subject (`licensing.<subject>.<rule>`) and the comments the source.
"""

from django.utils.translation import gettext_lazy as _

from casework.refusals import RefusalCode


class LicensingRefusal(RefusalCode):
    # The package

    APPLICATION_NOT_EDITABLE = (
        "licensing.application.not_editable",
        _("Only a draft or an application returned for corrections can be changed."),
    )
    # Seed 002: the application comes with its document package.
    DOCUMENTS_MISSING = (
        "licensing.application.documents_missing",
        _("Attach the required documents: %(items)s."),
    )
    NO_AUTHORITY = (
        "licensing.application.no_authority",
        _("No authority handles licensing in the organization's region."),
    )

    # Resubmission after a refusal (seed 002: the applicant may resubmit the documents)

    RESUBMISSION_NOT_REFUSED = (
        "licensing.resubmission.not_refused",
        _("Only a refused application can be answered by a corrected one."),
    )
    RESUBMISSION_EXISTS = (
        "licensing.resubmission.exists",
        _("A corrected application for this one already exists."),
    )

    # The decision (seed 002: the licensing council decides collegially)

    DECISION_NOT_DUE = (
        "licensing.decision.not_due",
        _(
            "A new license or appendix is decided after the pre-license inspection, by the "
            "licensing council; other applications are decided after review."
        ),
    )
    NO_GRANT_DECISION = (
        "licensing.decision.no_council_grant",
        _("The licensing council has not decided to grant."),
    )
    NO_REFUSAL_DECISION = (
        "licensing.decision.no_council_refusal",
        _("The licensing council has not decided to refuse."),
    )
    APPENDIX_LICENSE_NOT_IN_FORCE = (
        "licensing.appendix.license_not_in_force",
        _("An appendix is added only to a license in force."),
    )

    # Appeal (seed 002: the applicant may appeal a refusal)

    APPEAL_ALREADY_APPEALED = (
        "licensing.appeal.already_appealed",
        _("This refusal has already been appealed."),
    )
    APPEAL_PERIOD_ENDED = (
        "licensing.appeal.period_ended",
        _("The period for an appeal ended on %(day)s."),
    )

    # Pre-license inspection (seed 002: a commission of certified experts chosen by the system
    # fills in the inspection sheet)

    NOT_INSPECTED_KIND = (
        "licensing.inspection.kind",
        _("Only applications for a new license or a new appendix are inspected."),
    )
    INSPECTION_VISIT_IN_PAST = (
        "licensing.inspection.visit_in_past",
        _("The visit cannot be in the past."),
    )
    COMMISSION_INCOMPLETE = (
        "licensing.inspection.too_few_experts",
        _(
            "Only %(found)s certified experts without a conflict of interest match this "
            "application on that date; the commission needs %(size)s."
        ),
    )
    INSPECTION_NO_CRITERIA = (
        "licensing.inspection.no_criteria",
        _("No inspection criteria apply to this level: an administrator sets them."),
    )
    REPLACEMENT_GROUND = (
        "licensing.inspection.replacement.ground",
        _("Choose why the expert drops out."),
    )
    REPLACEMENT_COMMENT_REQUIRED = (
        "licensing.inspection.replacement.comment_required",
        _("Say why the expert drops out."),
    )
    REPLACEMENT_NOT_A_MEMBER = (
        "licensing.inspection.replacement.not_a_member",
        _("This expert is not on the commission."),
    )
    REPLACEMENT_NO_CANDIDATE = (
        "licensing.inspection.replacement.no_candidate",
        _(
            "No other candidate of the draw is still eligible for this visit: the commission "
            "cannot be completed from this draw."
        ),
    )
    SHEET_CLOSED = "licensing.sheet.closed", _("This inspection sheet is closed.")
    SHEET_COMMENT_REQUIRED = (
        "licensing.sheet.comment_required",
        _("Say why the requirement is not met."),
    )
    SHEET_VOIDS_SIGNATURES = (
        "licensing.sheet.voids_signatures",
        _(
            "Saving these changes voids the signatures of %(names)s. Confirm that you want "
            "to change the signed sheet."
        ),
    )
    SHEET_INCOMPLETE = (
        "licensing.sheet.incomplete",
        _("Every requirement must be marked before the sheet is signed."),
    )
    SHEET_CHANGED = (
        "licensing.sheet.changed",
        _("The sheet has changed since you opened it. Read it again and sign."),
    )
    SHEET_ALREADY_SIGNED = (
        "licensing.sheet.already_signed",
        _("You have already signed this sheet."),
    )
    NO_INSPECTION = "licensing.inspection.missing", _("The application has no inspection.")
    SHEET_UNSIGNED = (
        "licensing.sheet.unsigned",
        _("Every member must sign the complete inspection sheet first."),
    )

    # The licensing council (seed 002: it decides collegially)

    NO_COUNCIL = (
        "licensing.council.none_sitting",
        _("The authority has no sitting licensing council."),
    )
    COUNCIL_REVIEW_CLOSED = "licensing.council.review_closed", _("This council review is closed.")
    COUNCIL_VOTE_CHOICE = "licensing.council.vote_choice", _("Vote for, against, or abstain.")
    COUNCIL_ALREADY_VOTED = "licensing.council.already_voted", _("You have already voted.")
    COUNCIL_NO_QUORUM = (
        "licensing.council.quorum",
        _("No quorum: %(cast)s of %(entitled)s members entitled to vote have voted."),
    )

    # Licenses and appendices

    # Seed 000: colleges return appendices voluntarily; only an appendix in force is returned.
    RETURN_APPENDIX_NOT_IN_FORCE = (
        "licensing.return.appendix_not_in_force",
        _("Appendix %(number)s is not in force."),
    )
    # A suspension has its end (attestation's А34: up to six months), a day still to come.
    SUSPENSION_END_NOT_FUTURE = (
        "licensing.suspension.end_not_future",
        _("A suspension ends on a future date."),
    )
    LICENSE_REASON_REQUIRED = "licensing.license.reason_required", _("Give the reason.")
    LICENSE_STATUS = "licensing.license.status", _("The license is %(status)s.")
    LICENSE_NOT_IN_FORCE = (
        "licensing.license.not_in_force",
        _(
            "The license this application concerns is not in force (suspended, revoked or "
            "terminated): a new appendix needs a license in force. Withdraw this application, "
            "or send the corrections once the license is resumed."
        ),
    )

    # Bulk reissue (seed 000: 112 licenses reissued under art. 33 after schools were renamed)

    BULK_OUTSIDE_JURISDICTION = (
        "licensing.bulk_reissue.outside_jurisdiction",
        _("The organization is outside your authority's jurisdiction."),
    )
    BULK_NO_LICENSE = (
        "licensing.bulk_reissue.no_license_in_force",
        _("The organization holds no license in force."),
    )
    BULK_OTHER_AUTHORITY = (
        "licensing.bulk_reissue.other_authority",
        _("Another authority handles licensing for this organization."),
    )
