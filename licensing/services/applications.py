"""The license application's use cases, one function each, every transition through
casework.services.case_transition (lock, permission, transition, log, side effects in one
transaction).

Sources: seed 002 (online application with a document package → completeness check →
pre-license inspection → council → license or reasoned refusal, which the applicant may appeal
or answer by resubmitting; withdrawal at any time before the decision), seed 000 (reissue under
art. 33 of the Law "On permits and notifications", voluntary return of appendices), issue 4
(terms in working days per kind).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.attachments import attachment_checklist_missing
from casework.calendar import add_calendar_days, calendar_for
from casework.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_open,
    deadline_pause,
    deadline_resume,
)
from casework.exceptions import CasePermissionDenied, refuse
from casework.locks import lock, lock_all, locked
from casework.models import Channel, Deadline
from casework.notifications import notify_applicant_side, notify_each, staff_of
from casework.services import case_create, case_transition, entry_point
from registry.models import Procedure
from registry.selectors import authority_for

from .. import conf, documents
from ..models import License, LicenseApplication, RefusalReason
from ..permissions import acts_for_applicant, is_paper_application, may_edit_package, represents
from ..refusals import LicensingRefusal
from . import licenses as license_effects

Kind = LicenseApplication.Kind
State = LicenseApplication.State

DEADLINE_COMPLETENESS = "completeness_check"
DEADLINE_SERVICE = "service"
# The applicant's term to send the corrections asked for, while the service's clock stands.
DEADLINE_CORRECTIONS = "corrections"
# The applicant's own term: casework's scan (which reminds staff) leaves it alone, and
# licensing.services.reminders reminds the applicant of it.
DEADLINE_APPEAL_PERIOD = "appeal_period"
DEADLINE_APPEAL_DECISION = "appeal_decision"

# Fields of an application the applicant fills (wizard, API); many-to-many ones are lists.
DETAIL_FIELDS = (
    "license",
    "level",
    "activity_address",
    "reissue_ground",
    "grounds_details",
)
DETAIL_LISTS = ("specialties", "qualifications", "appendices")
# Art. 33: a reorganized organization's license passes to its successor by reissue.
SUCCESSION_GROUNDS = (
    LicenseApplication.ReissueGround.MERGER,
    LicenseApplication.ReissueGround.ACCESSION,
    LicenseApplication.ReissueGround.DIVISION,
    LicenseApplication.ReissueGround.SEPARATION,
    LicenseApplication.ReissueGround.TRANSFORMATION,
)


# ---------------------------------------------------------------------------------------------
# Drafts


@entry_point
def license_application_create(*, actor, organization, kind: str, **details) -> LicenseApplication:
    """A draft application of a kind for an organization the actor represents."""
    if not represents(actor, organization):
        raise CasePermissionDenied(_("You do not represent this organization."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of application.")})
    scalars, lists = _split(details)
    application = case_create(
        LicenseApplication, actor=actor, organization=organization, kind=kind, **scalars
    )
    _set_lists(application, lists)
    _check_draft(application)
    return application


@entry_point
def license_application_update(application, *, actor, **details) -> LicenseApplication:
    """Change a draft (or an application returned for corrections) before it is (re)sent."""
    changed = lock(application)
    if not may_edit_package(actor, changed):
        raise CasePermissionDenied()
    if changed.state not in (State.DRAFT, State.RETURNED):
        refuse(LicensingRefusal.APPLICATION_NOT_EDITABLE, case=changed)
    scalars, lists = _split(details)
    for name, value in scalars.items():
        setattr(changed, name, value)
    changed.save(update_fields=list(scalars) or None)
    _set_lists(changed, lists)
    _check_draft(changed)
    return changed


@entry_point
def license_application_rechoose(application, *, actor, kind: str, license=None):
    """Step 1 of the wizard reopened: a draft changes what it applies for (and the license it
    concerns). The organization stays; appendices chosen from another license are dropped."""
    changed = lock(application)
    if not may_edit_package(actor, changed):
        raise CasePermissionDenied()
    if changed.state != State.DRAFT:
        refuse(LicensingRefusal.APPLICATION_NOT_EDITABLE, case=changed)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of application.")})
    if changed.license_id != (license.pk if license else None):
        changed.appendices.clear()
    changed.kind = kind
    changed.license = license
    changed.save(update_fields=["kind", "license"])
    _check_draft(changed)
    return changed


@entry_point
def license_application_create_on_paper(
    *, actor, organization, kind: str, channel: str, received_at=None, **details
) -> LicenseApplication:
    """Staff enter an application received on paper, in person or through the State
    Corporation: a draft of the organization with the channel and the moment it was received,
    which staff complete with the same details and the same checklist of uploads as the
    portal's wizard, then register (license_application_register). Only the authority that
    handles licensing for the organization's region takes it."""
    authority = actor.authority
    if authority is None:
        raise CasePermissionDenied(_("Only staff of an authority register paper applications."))
    if channel not in (Channel.IN_PERSON, Channel.STATE_CORPORATION):
        raise ValidationError({"channel": _("Choose how the application was received.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of application.")})
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    handling = authority_for(organization.region, Procedure.LICENSING)
    if handling is None or handling.pk != authority.pk:
        raise CasePermissionDenied(
            _("Your authority does not handle licensing for this organization.")
        )
    scalars, lists = _split(details)
    application = case_create(
        LicenseApplication,
        actor=actor,
        comment=str(Channel(channel).label),
        organization=organization,
        kind=kind,
        channel=channel,
        authority=authority,
        submitted_at=received_at,
        **scalars,
    )
    _set_lists(application, lists)
    _check_draft(application)
    return application


@entry_point
def license_application_resubmit(refused, *, actor) -> LicenseApplication:
    """A corrected application after a refusal (seed 002): a new draft with the refused one's
    details, referring to it. The applicant then corrects it and submits it.

    One corrected application per refusal (unless withdrawn): the refused row's lock makes two
    requests at once take turns, so the second sees the first one's draft; the database
    constraint licapp_one_live_resubmission holds it even for a writer that skips the lock."""
    refused = lock(refused)
    if not acts_for_applicant(actor, refused):
        raise CasePermissionDenied()
    if refused.state not in (State.REFUSED, State.NOT_ACCEPTED):
        refuse(LicensingRefusal.RESUBMISSION_NOT_REFUSED, case=refused)
    if refused.resubmissions.exclude(state=State.WITHDRAWN).exists():
        refuse(LicensingRefusal.RESUBMISSION_EXISTS, case=refused)
    try:
        application = case_create(
            LicenseApplication,
            actor=actor,
            comment=str(_("Corrected application for %(number)s") % {"number": refused.number}),
            organization=refused.organization,
            kind=refused.kind,
            license=refused.license,
            level=refused.level,
            activity_address=refused.activity_address,
            reissue_ground=refused.reissue_ground,
            grounds_details=refused.grounds_details,
            resubmission_of=refused,
            # A corrected paper application is entered by staff like the first one.
            channel=refused.channel,
            authority=refused.authority if is_paper_application(actor, refused) else None,
        )
    except IntegrityError as error:
        if "licapp_one_live_resubmission" not in str(error):
            raise
        refuse(LicensingRefusal.RESUBMISSION_EXISTS, case=refused)
    application.specialties.set(refused.specialties.all())
    application.qualifications.set(refused.qualifications.all())
    application.appendices.set(refused.appendices.all())
    return application


def _split(details: dict) -> tuple[dict, dict]:
    unknown = set(details) - set(DETAIL_FIELDS) - set(DETAIL_LISTS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    scalars = {k: v for k, v in details.items() if k in DETAIL_FIELDS}
    for name in ("activity_address", "reissue_ground", "grounds_details"):
        if name in scalars and scalars[name] is None:
            scalars[name] = ""
    return scalars, {k: v for k, v in details.items() if k in DETAIL_LISTS}


def _set_lists(application, lists: dict) -> None:
    for name, values in lists.items():
        getattr(application, name).set(values)


def _check_draft(application) -> None:
    """What must hold even in a draft: the pieces chosen belong together."""
    errors = {}
    license_ = application.license
    if license_ is not None and not _may_use_license(application, license_):
        errors["license"] = _("This license is not held by the organization.")
    level = application.level
    if level is not None:
        if application.specialties.exclude(level=level).exists():
            errors["specialties"] = _("Every specialty must be of the level of education chosen.")
        specialties = application.specialties.all()
        if application.qualifications.exclude(specialty__in=specialties).exists():
            errors["qualifications"] = _("Every qualification must belong to a specialty chosen.")
    if license_ is not None and application.appendices.exclude(license=license_).exists():
        errors["appendices"] = _("Every appendix must be of the license chosen.")
    if errors:
        raise ValidationError(errors)


def _may_use_license(application, license_) -> bool:
    if license_.organization_id == application.organization_id:
        return True
    # A successor reissues the license of the organization it took over (art. 33).
    return (
        application.kind == Kind.REISSUE
        and license_.organization.successor_id == application.organization_id
    )


def details_errors(application) -> dict:
    """What is missing or wrong for the application to be submitted, per field."""
    errors = {}
    kind = application.kind
    license_ = application.license
    if kind == Kind.NEW_LICENSE:
        if license_ is not None:
            errors["license"] = _("A new license is applied for without naming one.")
        # One license per organization: further levels come as appendices to it.
        elif License.objects.filter(
            organization=application.organization,
            status__in=[License.Status.ACTIVE, License.Status.SUSPENDED],
        ).exists():
            errors["kind"] = _(
                "The organization already holds a license: apply for a new appendix to it."
            )
    else:
        if license_ is None:
            errors["license"] = _("Choose the license concerned.")
        elif license_.status not in (License.Status.ACTIVE, License.Status.SUSPENDED) or (
            kind == Kind.NEW_APPENDIX and license_.status != License.Status.ACTIVE
        ):
            errors["license"] = _("The license is %(status)s.") % {
                "status": license_.get_status_display().lower()
            }
    if kind in (Kind.NEW_LICENSE, Kind.NEW_APPENDIX):
        if application.level_id is None:
            errors["level"] = _("Choose the level of education.")
        if not application.activity_address.strip():
            errors["activity_address"] = _("Give the address where the activity is carried out.")
    if kind == Kind.REISSUE:
        if not application.reissue_ground:
            errors["reissue_ground"] = _(
                "Choose the ground for the reissue (art. 33 of the Law “On permits and "
                "notifications”)."
            )
        elif application.reissue_ground == LicenseApplication.ReissueGround.ADDRESS_CHANGE:
            if not application.appendices.exists():
                errors["appendices"] = _("Choose the appendices whose address changes.")
            if not application.activity_address.strip():
                errors["activity_address"] = _("Give the new address of activity.")
        elif (
            application.reissue_ground == LicenseApplication.ReissueGround.OTHER
            and not application.grounds_details.strip()
        ):
            errors["grounds_details"] = _("Describe the ground for the reissue.")
        if (
            license_ is not None
            and license_.organization_id != application.organization_id
            and application.reissue_ground not in SUCCESSION_GROUNDS
        ):
            errors["license"] = _("Only a reorganization passes a license to a successor.")
    if kind == Kind.RETURN:
        appendices = application.appendices.all()
        if not appendices:
            errors["appendices"] = _("Choose the appendices to return.")
        elif any(a.status != a.Status.ACTIVE for a in appendices):
            errors["appendices"] = _("Only appendices in force can be returned.")
    if kind == Kind.DUPLICATE and not application.grounds_details.strip():
        errors["grounds_details"] = _("Say how the license was lost or damaged.")
    return errors


# ---------------------------------------------------------------------------------------------
# Submission and the completeness check


@entry_point
def license_application_submit(application, *, actor) -> LicenseApplication:
    """The applicant sends the package: it is registered with the authority that handles
    licensing for the organization's region, and two terms start — the completeness check
    and the term of the service for the kind (licensing.conf)."""
    # The transition's rule lets staff submit a paper application: that is `register`.
    submitted = case_transition(
        application, "submit", actor=actor, permission=~is_paper_application
    )
    return _register(submitted, received_at=timezone.now())


@entry_point
def license_application_register(application, *, actor) -> LicenseApplication:
    """Staff register a paper application they have completed: the same checks as a portal
    submission; the terms run from the moment it was received at the counter or the State
    Corporation, not from its entry in the portal."""
    submitted = case_transition(
        application,
        "submit",
        actor=actor,
        comment=str(Channel(application.channel).label),
        permission=is_paper_application,
    )
    return _register(submitted, received_at=submitted.submitted_at or timezone.now())


def _register(submitted, *, received_at) -> LicenseApplication:
    """Check the package, register it with the handling authority and start its terms."""
    errors = details_errors(submitted)
    if errors:
        raise ValidationError(errors)
    _require_documents(submitted)
    authority = authority_for(submitted.organization.region, Procedure.LICENSING)
    if authority is None:
        refuse(LicensingRefusal.NO_AUTHORITY, case=submitted)
    submitted.authority = authority
    submitted.submitted_at = received_at
    submitted.registered_at = timezone.now()
    submitted.save(update_fields=["authority", "submitted_at", "registered_at"])
    deadline_open(
        submitted,
        DEADLINE_COMPLETENESS,
        working_days=int(conf.get("LICENSING_COMPLETENESS_CHECK_WORKING_DAYS")),
        at=received_at,
    )
    deadline_open(
        submitted,
        DEADLINE_SERVICE,
        working_days=conf.term_working_days(submitted.kind),
        at=received_at,
    )
    from ..terms import application_terms

    notify_applicant_side(
        submitted, "licensing_registered", {"terms": application_terms(submitted)}
    )
    return submitted


def _require_documents(application) -> None:
    """Seed 002: the application comes with its document package."""
    missing = attachment_checklist_missing(application)
    if missing:
        refuse(
            LicensingRefusal.DOCUMENTS_MISSING,
            case=application,
            items="; ".join(str(item.title) for item in missing),
        )


@entry_point
def license_application_take_for_check(application, *, actor) -> LicenseApplication:
    """A staff member takes a submitted application to check its package."""
    taken = case_transition(application, "take_for_check", actor=actor)
    if taken.assignee_id is None:
        taken.assignee = actor
        taken.save(update_fields=["assignee"])
    return taken


@entry_point
def license_application_assign(applications, *, actor, assignee) -> int:
    """Give open applications to a staff member of their authority (the queue's bulk action);
    returns how many changed. Every application must be the actor's authority's."""
    authority = actor.authority
    if authority is None or assignee.authority is None or assignee.authority.pk != authority.pk:
        raise CasePermissionDenied(_("Assign only within your own authority."))
    rows = lock_all(LicenseApplication, [a.pk for a in applications])
    if any(row.authority_id != authority.pk for row in rows):
        raise CasePermissionDenied()
    open_ids = [row.pk for row in rows if row.is_open]
    return LicenseApplication.objects.filter(pk__in=open_ids).update(assignee=assignee)


@entry_point
def license_application_check_completeness(application, *, actor, comment="") -> LicenseApplication:
    """The package is complete: the application goes to review."""
    accepted = case_transition(application, "accept", actor=actor, comment=comment)
    deadline_complete(accepted, DEADLINE_COMPLETENESS)
    if accepted.assignee_id is None:
        accepted.assignee = actor
        accepted.save(update_fields=["assignee"])
    from ..terms import application_terms

    notify_applicant_side(accepted, "licensing_accepted", {"terms": application_terms(accepted)})
    return accepted


@entry_point
def license_application_return_for_corrections(application, *, actor, request: str):
    """The package is incomplete: back to the applicant with what to correct; the clock stops
    until the corrections arrive."""
    request = (request or "").strip()
    if not request:
        raise ValidationError({"request": _("Say what the applicant must correct.")})
    returned = case_transition(application, "return_for_corrections", actor=actor, comment=request)
    returned.correction_request = request
    returned.save(update_fields=["correction_request"])
    deadline_pause(returned)
    _corrections_term_open(returned)
    notify_applicant_side(returned, "licensing_returned")
    return returned


def _corrections_term_open(returned) -> None:
    """The applicant's term for the corrections, shown on the case page and in their work list.
    Like the appeal period it is the applicant's term: casework's scan, which reminds staff, is
    kept off it."""
    deadline = deadline_open(
        returned,
        DEADLINE_CORRECTIONS,
        working_days=int(conf.get("LICENSING_CORRECTIONS_WORKING_DAYS")),
    )
    Deadline.objects.filter(pk=deadline.pk).update(next_reminder_at=None)
    # The case's own due date stays empty while its clock stands (queues sort by it).
    LicenseApplication.objects.filter(pk=returned.pk).update(due_date=None)
    returned.due_date = None


def corrections_due(application):
    """The last day of the applicant's correction term, or None."""
    deadline = (
        Deadline.objects.filter(
            case_type__app_label="licensing",
            case_type__model="licenseapplication",
            case_id=application.pk,
            kind=DEADLINE_CORRECTIONS,
            state=Deadline.State.RUNNING,
        )
        .order_by("-due_at")
        .first()
    )
    return timezone.localdate(deadline.due_at) if deadline else None


@entry_point
def license_application_submit_corrections(application, *, actor, comment=""):
    """The applicant sends the corrected package: the check resumes with the days it had left."""
    corrected = case_transition(application, "submit_corrections", actor=actor, comment=comment)
    errors = details_errors(corrected)
    if errors:
        raise ValidationError(errors)
    _require_documents(corrected)
    deadline_complete(corrected, DEADLINE_CORRECTIONS)
    deadline_resume(corrected)
    return corrected


@entry_point
def license_application_refuse_to_accept(application, *, actor, text: str, reasons=()):
    """A reasoned refusal to accept an incomplete package (issue 4): reasons from the list for
    this stage plus the text; a PDF letter goes to the applicant."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Give the reasons for the refusal to accept.")})
    reasons = _reasons(reasons, RefusalReason.Stage.ACCEPTANCE, required=False)
    refused = case_transition(application, "refuse_to_accept", actor=actor, comment=text)
    refused.not_accepted_reason = text
    refused.decided_at = timezone.now()
    refused.decided_by = actor
    refused.save(update_fields=["not_accepted_reason", "decided_at", "decided_by"])
    refused.refusal_reasons.set(reasons)
    deadline_complete(refused)
    documents.refusal_letter_issue(
        refused, reasons=reasons, text=text, stage=RefusalReason.Stage.ACCEPTANCE
    )
    notify_applicant_side(refused, "licensing_not_accepted")
    return refused


@entry_point
def license_application_withdraw(application, *, actor, comment=""):
    """The applicant withdraws the application, at any point before the decision (seed 002)."""
    withdrawn = case_transition(application, "withdraw", actor=actor, comment=comment)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["withdrawn_at"])
    deadline_cancel(withdrawn)
    withdrawn.council_reviews.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    return withdrawn


# ---------------------------------------------------------------------------------------------
# Decision


@entry_point
def license_application_grant(application, *, actor, comment="") -> LicenseApplication:
    """Grant: the license or appendix is created or changed (numbers allotted by the database),
    its PDF issued, the register updated, the applicant notified. A new license or appendix is
    granted only on the council's decision to grant (seed 002: the council decides)."""
    granted = case_transition(application, "grant", actor=actor, comment=comment)
    if granted.needs_inspection:
        review = granted.council_reviews.order_by("-opened_at", "-id").first()
        if review is None or review.is_open or review.outcome != review.Outcome.GRANT:
            refuse(LicensingRefusal.NO_GRANT_DECISION, case=granted)
    if granted.license_id is not None:
        license_ = locked(License).get(pk=granted.license_id)
        if granted.kind == Kind.NEW_APPENDIX and license_.status != License.Status.ACTIVE:
            refuse(LicensingRefusal.APPENDIX_LICENSE_NOT_IN_FORCE, case=granted)
    granted.decided_at = timezone.now()
    granted.decided_by = actor
    granted.save(update_fields=["decided_at", "decided_by"])
    license_ = license_effects.apply_grant(granted, actor=actor)
    deadline_complete(granted)
    notify_applicant_side(granted, "licensing_granted", {"license_number": license_.number})
    return granted


@entry_point
def license_application_refuse(application, *, actor, reasons, text="") -> LicenseApplication:
    """Refuse with reasons from the list plus text, and a PDF letter (seed 002: a refusal
    states its reasons). A new license or appendix is refused on the council's decision."""
    reasons = _reasons(reasons, RefusalReason.Stage.DECISION, required=True)
    text = (text or "").strip()
    refused = case_transition(application, "refuse", actor=actor, comment=text)
    if refused.needs_inspection:
        review = refused.council_reviews.order_by("-opened_at", "-id").first()
        if review is None or review.is_open or review.outcome != review.Outcome.REFUSE:
            refuse(LicensingRefusal.NO_REFUSAL_DECISION, case=refused)
    refused.refusal_text = text
    refused.decided_at = timezone.now()
    refused.decided_by = actor
    refused.save(update_fields=["refusal_text", "decided_at", "decided_by"])
    refused.refusal_reasons.set(reasons)
    deadline_complete(refused)
    _appeal_period_open(refused)
    documents.refusal_letter_issue(
        refused, reasons=reasons, text=text, stage=RefusalReason.Stage.DECISION
    )
    notify_applicant_side(
        refused, "licensing_refused", {"appeal_days": conf.get("LICENSING_APPEAL_PERIOD_DAYS")}
    )
    return refused


def _reasons(reasons, stage: str, *, required: bool) -> list[RefusalReason]:
    ids = [getattr(r, "pk", r) for r in reasons or ()]
    found = list(RefusalReason.objects.filter(pk__in=ids, stage=stage, is_active=True))
    if len(found) != len(set(ids)):
        raise ValidationError({"reasons": _("Choose reasons from the list for this stage.")})
    if required and not found:
        raise ValidationError({"reasons": _("Choose at least one reason from the list.")})
    return found


# ---------------------------------------------------------------------------------------------
# Appeal


def appeal_deadline(application) -> datetime.date | None:
    """The last day to appeal a refusal: the period in calendar days from the decision, moved
    to the next working day when it ends on a day off."""
    if application.decided_at is None:
        return None
    return appeal_deadline_from(timezone.localdate(application.decided_at))


def appeal_deadline_from(decided_on: datetime.date) -> datetime.date:
    """The last day to appeal a refusal decided on a given day (for the confirmation page)."""
    last = add_calendar_days(decided_on, int(conf.get("LICENSING_APPEAL_PERIOD_DAYS")))
    calendar = calendar_for()
    return last if calendar.is_working_day(last) else calendar.next_working_day(last)


def _appeal_period_open(refused) -> None:
    """The appeal period as a deadline of the case, ending where appeal_deadline says. It is the
    applicant's term, not staff's: casework's scan is kept off it (no next reminder), and
    licensing.services.reminders reminds the applicant and closes it when it runs out."""
    deadline = deadline_open(
        refused,
        DEADLINE_APPEAL_PERIOD,
        calendar_days=int(conf.get("LICENSING_APPEAL_PERIOD_DAYS")),
        start=timezone.localdate(refused.decided_at),
    )
    Deadline.objects.filter(pk=deadline.pk).update(next_reminder_at=None)


@entry_point
def license_application_appeal(application, *, actor, text: str) -> LicenseApplication:
    """The applicant appeals a refusal within the appeal period (seed 002); the appeal is then
    decided within its own term, with reminders and escalation to staff like any term."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("State the grounds of the appeal.")})
    appealed = case_transition(application, "appeal", actor=actor, comment=text)
    last_day = appeal_deadline(appealed)
    if last_day is not None and timezone.localdate() > last_day:
        refuse(
            LicensingRefusal.APPEAL_PERIOD_ENDED,
            case=appealed,
            day=last_day.strftime("%d.%m.%Y"),
        )
    appealed.appeal_text = text
    appealed.appealed_at = timezone.now()
    appealed.save(update_fields=["appeal_text", "appealed_at"])
    deadline_complete(appealed, DEADLINE_APPEAL_PERIOD)
    deadline_open(
        appealed,
        DEADLINE_APPEAL_DECISION,
        working_days=int(conf.get("LICENSING_APPEAL_DECISION_WORKING_DAYS")),
    )
    # The heads decide appeals (licensing.permissions): each is told, with the case to open.
    notify_each(
        staff_of(appealed.authority_id, heads_only=True),
        "licensing_appeal_filed",
        {"case": appealed},
        appealed.get_absolute_url(),
    )
    return appealed


@entry_point
def license_application_appeal_decide(application, *, actor, upheld: bool, comment=""):
    """The head of the handling authority (or of its superior) decides the appeal: upheld, the
    application is considered again from review; dismissed, the refusal stands."""
    decided = case_transition(
        application, "uphold_appeal" if upheld else "dismiss_appeal", actor=actor, comment=comment
    )
    decided.appeal_upheld = upheld
    decided.appeal_decided_at = timezone.now()
    decided.save(update_fields=["appeal_upheld", "appeal_decided_at"])
    deadline_complete(decided, DEADLINE_APPEAL_DECISION)
    if upheld:
        deadline_open(decided, DEADLINE_SERVICE, working_days=conf.term_working_days(decided.kind))
    notify_applicant_side(decided, "licensing_appeal_decided")
    return decided
