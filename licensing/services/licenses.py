"""Changes to licenses and appendices: what a granted application does to the register, and
suspension, resumption and revocation, which staff and other procedures call (attestation:
А34 suspends a license, А37 resumes it, А38 revokes it).

Every status change goes through casework.services.case_transition (the transition's rule, the
row lock, the TransitionLog row), writes a LicenseEvent naming its case, and issues the PDF that
states it. `license_suspend` and its siblings run inside the caller's transaction (another
procedure's service composes them); `license_status_change` is the durable entry point staff's
requests call.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from casework.documents import in_language
from casework.exceptions import refuse
from casework.locks import locked
from casework.notifications import notify, representatives_of
from casework.services import case_transition, entry_point

from .. import documents
from ..models import License, LicenseAppendix, LicenseApplication, LicenseEvent
from ..refusals import LicensingRefusal
from ._common import document_language, event_record, licensee_language

Kind = LicenseApplication.Kind
Ground = LicenseApplication.ReissueGround
Event = LicenseEvent.Kind


# ---------------------------------------------------------------------------------------------
# What a grant does


def apply_grant(application, *, actor) -> License:
    """Carry a granted application into the register; returns the license concerned. Runs in
    the grant's transaction, with the application row locked."""
    today = timezone.localdate()
    language = document_language(application)
    version = f"grant-{application.number}"
    handlers = {
        Kind.NEW_LICENSE: _grant_new_license,
        Kind.NEW_APPENDIX: _grant_new_appendix,
        Kind.REISSUE: _grant_reissue,
        Kind.RETURN: _grant_return,
        Kind.DUPLICATE: _grant_duplicate,
    }
    return handlers[application.kind](application, actor, today, language, version)


def _holder_names(organization) -> dict:
    """The licensee's name in every language, as the registry has it now."""
    names = {}
    for code, _name in settings.LANGUAGES:
        names[f"holder_name_{code}"] = getattr(organization, f"name_{code}", "") or ""
    return names


def _new_appendix(application, license_, today) -> LicenseAppendix:
    appendix = LicenseAppendix(
        license=license_,
        level=application.level,
        address=application.activity_address,
        issued_on=today,
    )
    for code, _name in settings.LANGUAGES:
        setattr(appendix, f"address_{code}", application.activity_address)
    appendix.save()
    appendix.specialties.set(application.specialties.all())
    appendix.qualifications.set(application.qualifications.all())
    application.granted_appendix = appendix
    application.save(update_fields=["granted_appendix"])
    return appendix


def _grant_new_license(application, actor, today, language, version) -> License:
    license_ = License(
        organization=application.organization,
        authority=application.authority,
        issued_on=today,
        **_holder_names(application.organization),
    )
    license_.save()
    application.license = license_
    application.save(update_fields=["license"])
    appendix = _new_appendix(application, license_, today)
    event_record(license_, Event.ISSUED, actor=actor, case=application)
    event_record(license_, Event.APPENDIX_ISSUED, actor=actor, case=application, appendix=appendix)
    documents.appendix_document_issue(appendix, application, language=language, version=version)
    documents.license_document_issue(license_, application, language=language, version=version)
    return license_


def _grant_new_appendix(application, actor, today, language, version) -> License:
    license_ = locked(License).get(pk=application.license_id)
    appendix = _new_appendix(application, license_, today)
    event_record(license_, Event.APPENDIX_ISSUED, actor=actor, case=application, appendix=appendix)
    documents.appendix_document_issue(appendix, application, language=language, version=version)
    # The license lists its appendices, so its PDF is issued again.
    documents.license_document_issue(license_, application, language=language, version=version)
    return license_


def _grant_reissue(application, actor, today, language, version) -> License:
    """Art. 33: the license (and the appendices concerned) are issued again with the new name,
    holder or address; each new PDF supersedes the old one."""
    license_ = locked(License).get(pk=application.license_id)
    before = {"holder_name": license_.holder_name, "organization": license_.organization_id}
    for field, value in _holder_names(application.organization).items():
        setattr(license_, field, value)
    license_.organization = application.organization
    license_.reissued_on = today
    license_.save()
    active = license_.appendices.filter(status=LicenseAppendix.Status.ACTIVE)
    chosen = application.appendices.filter(status=LicenseAppendix.Status.ACTIVE)
    if application.reissue_ground == Ground.ADDRESS_CHANGE:
        appendices = list(chosen)
        for appendix in appendices:
            for code, _name in settings.LANGUAGES:
                setattr(appendix, f"address_{code}", application.activity_address)
    else:
        # The licensee's name is printed on every appendix: all are reissued unless the
        # applicant chose some.
        appendices = list(chosen if chosen.exists() else active)
    for appendix in appendices:
        appendix.reissued_on = today
        appendix.save()
        event_record(
            license_, Event.APPENDIX_REISSUED, actor=actor, case=application, appendix=appendix
        )
        documents.appendix_document_issue(appendix, application, language=language, version=version)
    event_record(
        license_,
        Event.REISSUED,
        actor=actor,
        case=application,
        ground=application.reissue_ground,
        before=before,
        after={"holder_name": license_.holder_name, "organization": license_.organization_id},
    )
    documents.license_document_issue(license_, application, language=language, version=version)
    return license_


def _grant_return(application, actor, today, language, version) -> License:
    """Voluntary return of appendices (seed 000: colleges returning specialties)."""
    license_ = locked(License).get(pk=application.license_id)
    for appendix in application.appendices.order_by("pk"):
        if appendix.status != LicenseAppendix.Status.ACTIVE:
            refuse(
                LicensingRefusal.RETURN_APPENDIX_NOT_IN_FORCE,
                case=application,
                number=appendix.number,
            )
        appendix = case_transition(
            appendix,
            "return_voluntarily",
            actor=actor,
            comment=str(application.number),
        )
        appendix.status_changed_on = today
        appendix.save(update_fields=["status_changed_on"])
        event_record(
            license_,
            Event.APPENDIX_RETURNED,
            actor=actor,
            case=application,
            appendix=appendix,
            reason=application.grounds_details,
        )
    documents.license_document_issue(license_, application, language=language, version=version)
    return license_


def _grant_duplicate(application, actor, today, language, version) -> License:
    """A duplicate of a lost license: the same content marked as a duplicate; the lost copy's
    PDF is superseded by it."""
    license_ = locked(License).get(pk=application.license_id)
    event_record(
        license_,
        Event.DUPLICATE_ISSUED,
        actor=actor,
        case=application,
        reason=application.grounds_details,
    )
    documents.license_document_issue(
        license_, application, language=language, version=version, duplicate=True
    )
    for appendix in license_.appendices.filter(status=LicenseAppendix.Status.ACTIVE):
        documents.appendix_document_issue(
            appendix, application, language=language, version=version, duplicate=True
        )
    return license_


# ---------------------------------------------------------------------------------------------
# Suspension, resumption, revocation


@entry_point
def license_status_change(
    license_, change: str, *, actor, reason: str, until: datetime.date | None = None
) -> License:
    """Staff suspend (until a date), resume, revoke or terminate a license (the API's and the
    page's call); other procedures call license_suspend and the others inside their own case."""
    if change == "suspend":
        return license_suspend(license_, until, reason, actor)
    changes = {"resume": license_resume, "revoke": license_revoke, "terminate": license_terminate}
    return changes[change](license_, reason, actor)


def license_suspend(license, until: datetime.date, reason: str, actor, *, case=None) -> License:  # noqa: A002
    """Suspend a license in force until a date (attestation, А34: up to 6 months)."""
    if until is None or until <= timezone.localdate():
        refuse(LicensingRefusal.SUSPENSION_END_NOT_FUTURE)
    with transaction.atomic():
        changed = _status_change(license, actor, case, "suspend", reason, until=until)
        decision = _decision(
            changed,
            case,
            _("Decision to suspend a license"),
            _("The license is suspended until %(until)s. Reason: %(reason)s"),
            {"until": until.strftime("%d.%m.%Y"), "reason": reason},
        )
        _record(changed, actor, case, Event.SUSPENDED, reason, decision, until=until.isoformat())
        _tell(changed, "suspended", reason, decision)
    return changed


def license_resume(license, reason: str, actor, *, case=None) -> License:  # noqa: A002
    """Resume a suspended license (attestation, А37: the shortcomings were remedied)."""
    with transaction.atomic():
        changed = _status_change(license, actor, case, "resume", reason)
        decision = _decision(
            changed,
            case,
            _("Decision to resume a license"),
            _("The license is resumed. Reason: %(reason)s"),
            {"reason": reason},
        )
        _record(changed, actor, case, Event.RESUMED, reason, decision)
        _tell(changed, "resumed", reason, decision)
    return changed


def license_revoke(license, reason: str, actor, *, case=None) -> License:  # noqa: A002
    """Revoke a license (attestation, А38: not remedied within the suspension). The
    verification pages of its PDFs and of its appendices' then say it is revoked, since when
    and by which decision (licensing.documents.license_act_status)."""
    with transaction.atomic():
        changed = _status_change(license, actor, case, "revoke", reason)
        decision = _decision(
            changed,
            case,
            _("Decision to revoke a license"),
            _("The license is revoked. Reason: %(reason)s"),
            {"reason": reason},
        )
        _record(changed, actor, case, Event.REVOKED, reason, decision)
        _tell(changed, "revoked", reason, decision)
    return changed


def license_terminate(license, reason: str, actor, *, case=None) -> License:  # noqa: A002
    """End a license whose holder stopped the activity or was liquidated."""
    with transaction.atomic():
        changed = _status_change(license, actor, case, "terminate", reason)
        decision = _decision(
            changed,
            case,
            _("Decision to terminate a license"),
            _("The license is terminated. Reason: %(reason)s"),
            {"reason": reason},
        )
        _record(changed, actor, case, Event.TERMINATED, reason, decision)
        _tell(changed, "terminated", reason, decision)
    return changed


def _status_change(license_, actor, case, transition: str, reason: str, **kwargs) -> License:
    """Check the reason and that the license's status allows the change, then make it through
    case_transition: the row lock, the transition's rule (the head of the issuing authority
    or of one whose jurisdiction covers the licensee, licensing.permissions), the log row."""
    reason = (reason or "").strip()
    if not reason:
        refuse(LicensingRefusal.LICENSE_REASON_REQUIRED)
    current = locked(License).get(pk=license_.pk)
    if not can_proceed(getattr(current, transition)):
        refuse(
            LicensingRefusal.LICENSE_STATUS,
            status=current.get_status_display().lower(),
        )
    comment = f"{case.number}: {reason}" if getattr(case, "number", "") else reason
    # By its key: the status just checked under the lock is what the change starts from, and
    # a caller (another procedure) may hold a copy read before an earlier change of its own.
    changed = case_transition(
        (License, license_.pk), transition, actor=actor, comment=comment, **kwargs
    )
    changed.status_changed_on = timezone.localdate()
    changed.status_reason = reason
    changed.save(update_fields=["status_changed_on", "status_reason"])
    return changed


def _record(license_, actor, case, kind, reason, decision, **details):
    event_record(
        license_, kind, actor=actor, case=case, reason=reason, decision=decision.number, **details
    )


def _decision(license_, case, title, text, params):
    """The PDF decision in the licensee's language, each rendition worded in its own; its
    document belongs to the case that caused it, or to the license itself when staff acted on
    their own motion."""
    return documents.decision_issue(
        license_,
        case if case is not None else license_,
        title=title,
        text=in_language(lambda: str(text) % params),
        version=f"{license_.status}-{license_.events.count()}",
        language=licensee_language(license_),
    )


def _tell(license_, change: str, reason: str, decision):
    """Each representative hears of the change in their language, with a link to the decision's
    PDF in that language."""
    for user in representatives_of(license_.organization_id):
        language = user.language or settings.LANGUAGE_CODE
        notify(
            user,
            "licensing_license_status",
            {"license": license_, "change": change, "reason": reason},
            reverse("document_download", args=[decision.pk, language]),
        )
