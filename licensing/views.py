"""Browser pages of licensing. Thin: parse, call a service or a selector, render. Rules live in
licensing.services (writes) and licensing.selectors (who sees what)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casework.attachments import attachment_checklist, attachment_checklist_missing
from casework.document_views import issued_documents_context
from casework.exceptions import CaseActionError, TransitionRefused
from casework.models import DocumentKind
from casework.service_start import ServiceStart, median_days
from casework.views import case_action_errors, case_page_context
from registry.models import Organization, Role, RoleAssignment, User

from . import actions, conf, forms, selectors, services
from .documents import current_document
from .models import (
    BulkReissue,
    ChecklistItem,
    CouncilReview,
    Inspection,
    License,
    LicenseApplication,
)
from .permissions import (
    acts_for_applicant,
    is_paper_application,
    is_staff_of,
    may_edit_package,
    may_see_votes,
    may_view_application,
)
from .refusals import LicensingRefusal
from .services.applications import appeal_deadline, appeal_deadline_from, corrections_due
from .services.council import council_entitled_members
from .services.inspections import inspection_unsigned_members, sheet_sha256
from .steps import application_steps
from .terms import application_terms

PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50
WIZARD_STEPS = ("kind", "details", "documents", "review")


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------------------------
# Public register


def register(request):
    form = forms.RegisterSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(selectors.license_register(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "licensing/register.html", {"form": form, "page": page})


def license_detail(request, number: str):
    try:
        license_ = selectors.license_get_public(number)
    except License.DoesNotExist:
        raise Http404 from None
    appendices = list(license_.appendices.all())
    for appendix in appendices:
        appendix.document = current_document(DocumentKind.LICENSE_APPENDIX, appendix.number)
    return render(
        request,
        "licensing/license_detail.html",
        {
            "may_change_status": request.user.is_authenticated
            and any(
                t.name in forms.LicenseStatusForm.LABELS
                for t in license_.get_available_user_status_transitions(request.user)
            ),
            "license": license_,
            "appendices": appendices,
            "document": current_document(DocumentKind.LICENSE, license_.number),
        },
    )


@login_required
def license_status(request, number: str):
    """A head's decision on a license in force (suspension, resumption, revocation,
    termination), behind a confirmation page stating its consequence and dates."""
    license_ = get_object_or_404(License.objects.select_related("organization"), number=number)
    changes = [
        t.name
        for t in license_.get_available_user_status_transitions(request.user)
        if t.name in forms.LicenseStatusForm.LABELS
    ]
    if not changes:
        raise PermissionDenied
    form = forms.LicenseStatusForm(request.POST or None, changes=changes)
    if request.method == "POST" and form.is_valid() and "back" not in request.POST:
        data = form.cleaned_data
        if request.POST.get("confirmed") != "1":
            return render(
                request,
                "licensing/license_status_confirm.html",
                {
                    "license": license_,
                    "label": form.LABELS[data["change"]],
                    "consequences": _license_consequences(license_, data),
                    "carried": [
                        (name, value)
                        for name in ("change", "until", "reason")
                        for value in request.POST.getlist(name)
                    ],
                },
            )
        try:
            services.license_status_change(
                license_,
                data["change"],
                actor=request.user,
                reason=data["reason"],
                until=data["until"],
            )
        except CaseActionError as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": form.LABELS[data["change"]]}
            )
            return redirect("licensing:license_detail", number=license_.number)
    return render(request, "licensing/license_status.html", {"license": license_, "form": form})


def _license_consequences(license_, data) -> list[str]:
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    params = {"number": license_.number, "today": today, "holder": license_.organization}
    change = data["change"]
    if change == "suspend":
        params["until"] = date_format(data["until"], "SHORT_DATE_FORMAT")
        lines = [
            _("License No. %(number)s is suspended from %(today)s to %(until)s.") % params,
            _(
                "Until then the register shows it as suspended, verification of its documents "
                "says so, and no new appendix is granted to it."
            ),
        ]
    elif change == "resume":
        lines = [
            _("License No. %(number)s is in force again from %(today)s.") % params,
        ]
    elif change == "revoke":
        lines = [
            _(
                "License No. %(number)s of %(holder)s is revoked on %(today)s, with every "
                "appendix; the register and the verification of its documents say so."
            )
            % params,
        ]
    else:
        lines = [
            _("License No. %(number)s is terminated on %(today)s, with every appendix.") % params,
        ]
    lines.append(
        _(
            "A decision stating the reason is issued, and the holder's representatives are "
            "told with a link to it."
        )
    )
    lines.append(_("Reason: %(reason)s") % {"reason": data["reason"]})
    return lines


# ---------------------------------------------------------------------------------------------
# The case page and its actions


@login_required
def application_detail(request, pk: int):
    try:
        application = selectors.application_get_visible(request.user, pk)
    except LicenseApplication.DoesNotExist:
        raise Http404 from None
    return _application_page(request, application)


def _application_page(request, application, bound=None, status=200):
    """The case page; `bound` is an action's form as the user filled it, shown with its errors
    when the action was refused, so nothing typed is lost."""
    user = request.user
    offered = [
        (
            action,
            bound
            if bound is not None and bound.prefix == action.name
            else (action.form(prefix=action.name) if action.form else None),
        )
        for action in actions.available_actions(application, user)
    ]
    if bound is not None and not any(action.name == bound.prefix for action, _form in offered):
        for error in bound.non_field_errors():
            messages.error(request, error)
    inspection = selectors.inspection_current(application)
    review = selectors.council_review_current(application)
    expert = getattr(user, "expert_profile", None)
    context = {
        **case_page_context(application),
        "application": application,
        "actions": offered,
        "may_resubmit": actions.may_resubmit(application, user),
        "is_applicant": acts_for_applicant(user, application),
        "may_edit": may_edit_package(user, application),
        "is_staff": is_staff_of(user, application) or user.is_admin,
        "checklist": attachment_checklist(application),
        "terms": application_terms(application),
        **issued_documents_context(application),
        "inspection": inspection,
        "draw_check": services.inspection_draw_verify(inspection) if inspection else None,
        "replace_form": forms.ReplaceExpertForm(prefix="replace", inspection=inspection)
        if inspection
        and inspection.completed_at is None
        and application.state == LicenseApplication.State.INSPECTION
        and is_staff_of(user, application)
        else None,
        "is_commission_member": bool(
            inspection
            and expert
            and any(m.expert_id == expert.pk for m in inspection.members.all())
        ),
        "review": review,
        "is_council_member": bool(
            review and any(m.user_id == user.pk for m in review.council.members.all())
        ),
        "appeal_until": appeal_deadline(application)
        if application.state == LicenseApplication.State.REFUSED
        else None,
    }
    if application.state == LicenseApplication.State.RETURNED:
        context["corrections_due"] = corrections_due(application)
        # A suspension after the return: sending the corrections cannot succeed now; say why
        # and what the applicant can do instead of offering it.
        context["license_blocks"] = not application._license_allows_kind()
    context["steps"] = application_steps(
        application,
        terms=context["terms"],
        inspection=inspection,
        review=review,
        corrections_due=context.get("corrections_due"),
        appeal_until=context["appeal_until"],
    )
    return render(request, "licensing/application_detail.html", context, status=status)


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    try:
        application = selectors.application_get_visible(request.user, pk)
    except LicenseApplication.DoesNotExist:
        raise Http404 from None
    chosen = actions.ACTIONS.get(action)
    if chosen is None:
        raise Http404
    form = chosen.form(request.POST, prefix=chosen.name) if chosen.form else None
    if form is not None and not form.is_valid():
        return _application_page(request, application, bound=form, status=400)
    if chosen.confirm and "back" in request.POST:
        return _application_page(request, application, bound=form)
    if chosen.confirm and request.POST.get("confirmed") != "1":
        # Nothing happens before the person has read what the decision does, and when.
        return render(
            request,
            "licensing/confirm_action.html",
            {
                "application": application,
                "action": chosen,
                "form": form,
                "consequences": _consequences(application, chosen, form),
                # What was typed goes along unchanged, to be acted on or brought back.
                "carried": [
                    (name, value)
                    for name in request.POST
                    if name.startswith(f"{chosen.name}-")
                    for value in request.POST.getlist(name)
                ],
            },
        )
    try:
        chosen.call(application, request.user, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            _errors_to_messages(request, error)
            return redirect(application)
        for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
            form.add_error(field if field in form.fields else None, errors)
        return _application_page(request, application, bound=form, status=400)
    except CaseActionError as refusal:
        # Refused (a rule, or the case moved on): the page shows why and keeps what was typed.
        if form is None:
            messages.error(request, refusal.message)
            return redirect(application)
        form.add_error(None, str(refusal.message))
        application = selectors.application_get_visible(request.user, pk)
        return _application_page(request, application, bound=form, status=409)
    messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
    return redirect(application)


def _consequences(application, action, form) -> list[str]:
    """What a decision with legal consequences does, with its dates, in sentences."""
    today = timezone.localdate()
    number = application.number
    if action.name == "refuse":
        appeal_until = appeal_deadline_from(today)
        lines = [
            _(
                "Application No. %(number)s is refused on %(today)s: no license or appendix is "
                "granted on it, and its terms end."
            )
            % {"number": number, "today": date_format(today, "SHORT_DATE_FORMAT")},
            _("A refusal letter stating the reasons below is issued and sent to %(organization)s.")
            % {"organization": application.organization},
            _(
                "The applicant may appeal within %(days)s days, until %(until)s, or file a "
                "corrected application."
            )
            % {
                "days": conf.get("LICENSING_APPEAL_PERIOD_DAYS"),
                "until": date_format(appeal_until, "SHORT_DATE_FORMAT"),
            },
        ]
    elif action.name == "grant":
        what = (
            _("License for educational activity")
            if application.kind == LicenseApplication.Kind.NEW_LICENSE
            else application.get_kind_display()
        )
        lines = [
            _(
                "%(what)s is granted on %(today)s to %(organization)s on application "
                "No. %(number)s, and entered in the state register of licenses."
            )
            % {
                "what": what,
                "today": date_format(today, "SHORT_DATE_FORMAT"),
                "organization": application.organization,
                "number": number,
            },
            _(
                "The document is issued with its own number and verification code, sealed by "
                "the authority, and the applicant can download it from the case page."
            ),
        ]
    else:  # refuse_to_accept
        lines = [
            _(
                "Application No. %(number)s is not accepted on %(today)s: it is not considered, "
                "and its terms end."
            )
            % {"number": number, "today": date_format(today, "SHORT_DATE_FORMAT")},
            _(
                "A letter stating the reasons below is issued and sent to %(organization)s, who "
                "may file a corrected application."
            )
            % {"organization": application.organization},
        ]
    reasons = [str(r) for r in form.cleaned_data.get("reasons", [])]
    text = form.cleaned_data.get("text", "")
    if reasons or text:
        lines.append(
            _("Reasons: %(reasons)s")
            % {"reasons": "; ".join([*reasons, text] if text else reasons)}
        )
    return lines


@login_required
@require_POST
@case_action_errors
def application_resubmit(request, pk: int):
    try:
        refused = selectors.application_get_visible(request.user, pk)
    except LicenseApplication.DoesNotExist:
        raise Http404 from None
    corrected = services.license_application_resubmit(refused, actor=request.user)
    messages.success(request, _("A corrected application is drafted. Check it and submit it."))
    return redirect("licensing:wizard", pk=corrected.pk, step="details")


# ---------------------------------------------------------------------------------------------
# The applicant's wizard: kind → organization → details → documents → review → submit


def service_start(request):
    """The licensing service's start page, before the wizard (issue 10): who can apply, the
    documents, fee, legal term, how long it usually takes, the legal basis."""
    State = LicenseApplication.State
    documents = [
        f"{row.title}" + ("" if row.is_required else f" ({_('if applicable')})")
        for row in ChecklistItem.objects.filter(kind="new_license", is_active=True).order_by(
            "order", "id"
        )
    ]
    fee = conf.get("LICENSING_FEE") or _(
        "A license fee set by the Tax Code of the Republic of Kazakhstan (in monthly "
        "calculation indices); the proof of payment is among the documents."
    )
    new_days = conf.term_working_days("new_license")
    service = ServiceStart(
        title=_("License for educational activity"),
        summary=_(
            "Apply for a license for educational activity, a new appendix to it, its reissue, "
            "the return of appendices or a duplicate. Everything is done in the portal: the "
            "package, the pre-license inspection, the council's decision and the license."
        ),
        who_can_apply=[
            _(
                "An education organization (a legal entity with a BIN), through its "
                "representative with an account in the portal."
            ),
            _(
                "A new license only if the organization holds none; further levels and "
                "specialties come as appendices to it."
            ),
            _("A successor after a merger or accession reissues its predecessor's license."),
        ],
        documents=documents,
        fee=fee,
        legal_term=_(
            "%(new)s working days for a new license or appendix, %(reissue)s for a reissue, "
            "%(duplicate)s for a duplicate, from registration; the clock stands while the "
            "application is back with you for corrections."
        )
        % {
            "new": new_days,
            "reissue": conf.term_working_days("reissue"),
            "duplicate": conf.term_working_days("duplicate"),
        },
        start_url=reverse("licensing:wizard_start"),
        start_label=_("Start the application"),
        median_days=median_days(
            LicenseApplication.objects.filter(
                state__in=[State.GRANTED, State.REFUSED, State.NOT_ACCEPTED]
            ),
            "registered_at",
            "decided_at",
        ),
        clauses=[
            _(
                "Law of the Republic of Kazakhstan “On permits and notifications”, art. 33 "
                "(reissue)"
            ),
            _(
                "The licensing procedure: a pre-license inspection by certified experts chosen "
                "by the system, an inspection sheet and a collegial decision of the licensing "
                "council, with reasons for a refusal that the applicant may appeal within "
                "%(days)s days"
            )
            % {"days": conf.get("LICENSING_APPEAL_PERIOD_DAYS")},
        ],
    )
    return render(request, "casework/service_start.html", {"service": service})


@login_required
def my_applications(request):
    # Grouped by organization: a person representing two sees whose each case is.
    applications = selectors.application_list_for_applicant(request.user).order_by(
        "organization__name", "organization_id", "-created_at", "-id"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "licensing/my_applications.html", {"page": page})


@login_required
def wizard_start(request):
    if not request.user.represented_organization_ids:
        raise PermissionDenied
    form = forms.StartForm(request.POST or None, groups=selectors.filing_options(request.user))
    if request.method == "POST" and form.is_valid():
        option = form.option()
        try:
            application = services.license_application_create(
                actor=request.user,
                organization=option.organization,
                kind=option.kind,
                license=option.license,
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            return redirect("licensing:wizard", pk=application.pk, step="details")
    return render(request, "licensing/wizard_start.html", {"form": form, "steps": WIZARD_STEPS})


def _draft_for(request, pk):
    try:
        application = selectors.application_get_visible(request.user, pk)
    except LicenseApplication.DoesNotExist:
        raise Http404 from None
    if not may_edit_package(request.user, application):
        raise Http404
    if application.state not in (LicenseApplication.State.DRAFT, LicenseApplication.State.RETURNED):
        return None, redirect(application)
    return application, None


@login_required
@case_action_errors
def wizard(request, pk: int, step: str):
    if step not in WIZARD_STEPS:
        raise Http404
    application, done = _draft_for(request, pk)
    if done:
        return done
    context = {"application": application, "step": step, "steps": WIZARD_STEPS}
    if step == "kind":
        # Step 1 reopened: until the draft is sent, what it applies for can change.
        if application.state != LicenseApplication.State.DRAFT:
            return redirect("licensing:wizard", pk=application.pk, step="details")
        groups = selectors.filing_options(
            request.user,
            organizations=Organization.objects.filter(pk=application.organization_id),
        )
        current = f"{application.organization_id}:{application.kind}:{application.license_id or 0}"
        form = forms.StartForm(request.POST or None, groups=groups, initial={"choice": current})
        if request.method == "POST" and form.is_valid():
            option = form.option()
            try:
                services.license_application_rechoose(
                    application, actor=request.user, kind=option.kind, license=option.license
                )
            except ValidationError as error:
                _errors_to_messages(request, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("licensing:wizard", pk=application.pk, step="details")
        context["form"] = form
        return render(request, "licensing/wizard_start.html", context)
    if step == "details":
        initial = {
            "level": application.level,
            "specialties": list(application.specialties.all()),
            "qualifications": list(application.qualifications.all()),
            "activity_address": application.activity_address,
            "reissue_ground": application.reissue_ground,
            "appendices": list(application.appendices.all()),
            "grounds_details": application.grounds_details,
        }
        form = forms.DetailsForm(request.POST or None, application=application, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.license_application_update(
                    application, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("licensing:wizard", pk=application.pk, step="documents")
        context["form"] = form
    elif step == "documents":
        context["checklist"] = attachment_checklist(application)
    else:
        context["errors"] = services.details_errors(application)
        context["missing"] = attachment_checklist_missing(application)
        context["checklist"] = attachment_checklist(application)
        if request.method == "POST":
            if application.state == LicenseApplication.State.RETURNED:
                services.license_application_submit_corrections(application, actor=request.user)
                messages.success(request, _("The corrections are sent."))
                return redirect(application)
            submit = (
                services.license_application_register
                if is_paper_application(request.user, application)
                else services.license_application_submit
            )
            try:
                submit(application, actor=request.user)
            except ValidationError as error:
                _errors_to_messages(request, error)
                return redirect("licensing:wizard", pk=application.pk, step="review")
            if is_paper_application(request.user, application):
                messages.success(request, _("The paper application is registered."))
            else:
                messages.success(request, _("The application is sent."))
            return redirect(application)
    return render(request, "licensing/wizard.html", context)


# ---------------------------------------------------------------------------------------------
# Staff


def _staff_authority(user):
    authority = user.authority
    if authority is None:
        raise PermissionDenied
    return authority


def _staff_of(authority):
    return (
        RoleAssignment.objects.filter(
            authority=authority, role__in=[Role.STAFF, Role.HEAD], user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name")
    )


@login_required
def queue(request):
    authority = _staff_authority(request.user)
    form = forms.QueueFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "kind": data["kind"],
            "state": data["state"],
            "due_before": data["due_before"],
            "region": data["region"],
            "query": data["q"],
            "overdue_on": timezone.localdate() if data["overdue"] else None,
            "assignee": request.user if data["assignee"] == "me" else None,
            "unassigned": data["assignee"] == "none",
        }
    page = Paginator(selectors.application_queue(authority, **filters), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    staff = [a.user for a in _staff_of(authority)]
    return render(
        request,
        "licensing/queue.html",
        {
            "form": form,
            "page": page,
            "staff": staff,
            "today": timezone.localdate(),
            "is_head": request.user.has_role(Role.HEAD),
        },
    )


@login_required
@require_POST
def queue_assign(request):
    authority = _staff_authority(request.user)
    staff_users = User.objects.filter(pk__in=_staff_of(authority).values("user_id"))
    form = forms.AssignForm(request.POST, authority=authority, staff=staff_users)
    if form.is_valid():
        count = services.license_application_assign(
            form.cleaned_data["applications"],
            actor=request.user,
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(request, _("%(count)s applications assigned.") % {"count": count})
    else:
        messages.error(request, _("Choose applications and a staff member."))
    return redirect(request.POST.get("next") or "licensing:queue")


@login_required
@case_action_errors
def paper_new(request):
    """Staff enter an application received in person or through the State Corporation; the
    details, the documents and the registration follow in the same steps as the wizard."""
    authority = _staff_authority(request.user)
    form = forms.PaperStartForm(
        request.POST or None, initial={"received_at": timezone.now(), "channel": "in_person"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.license_application_create_on_paper(
                actor=request.user,
                organization=data["bin"],
                kind=data["kind"],
                channel=data["channel"],
                received_at=data["received_at"],
                license=data["license_number"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                target = {"license": "license_number", "organization": "bin"}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            return redirect("licensing:wizard", pk=application.pk, step="details")
    return render(
        request,
        "licensing/paper_new.html",
        {"form": form, "drafts": selectors.paper_drafts_of(authority), "steps": WIZARD_STEPS},
    )


# ---------------------------------------------------------------------------------------------
# The expert's inspection sheet


@login_required
@case_action_errors
def inspection_sheet(request, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.select_related("application__organization"), pk=pk
    )
    application = inspection.application
    if not may_view_application(request.user, application):
        raise Http404
    expert = getattr(request.user, "expert_profile", None)
    is_member = bool(expert and inspection.members.filter(expert=expert).exists())
    editable = (
        is_member
        and inspection.completed_at is None
        and application.state == LicenseApplication.State.INSPECTION
    )
    findings = list(inspection.findings.select_related("filled_by"))
    live_signatures = list(
        inspection.signatures.filter(voided_at__isnull=True).select_related("expert")
    )
    signed_by = [signature.expert for signature in live_signatures]
    sheet_form = forms.SheetForm(findings=findings, signed_by=signed_by)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if "save_sheet" in request.POST:
            sheet_form = forms.SheetForm(request.POST, findings=findings, signed_by=signed_by)
            if sheet_form.is_valid():
                try:
                    saved = services.inspection_sheet_record(
                        inspection,
                        actor=request.user,
                        entries=sheet_form.entries(),
                        void_signatures=sheet_form.cleaned_data.get("void_signatures", False),
                    )
                except TransitionRefused as refusal:
                    # Nothing was saved: the page keeps every value typed, with the reason.
                    field = (
                        "void_signatures"
                        if refusal.code == LicensingRefusal.SHEET_VOIDS_SIGNATURES
                        else None
                    )
                    sheet_form.add_error(field, str(refusal.message))
                else:
                    messages.success(request, _sheet_saved_message(saved))
                    return redirect("licensing:inspection_sheet", pk=inspection.pk)
        else:
            form = forms.SignForm(request.POST)
            if form.is_valid():
                services.inspection_sheet_sign(
                    inspection,
                    actor=request.user,
                    content_sha256=form.cleaned_data["content_sha256"],
                )
                messages.success(request, _("You have signed the inspection sheet."))
            return redirect("licensing:inspection_sheet", pk=inspection.pk)
    digest = sheet_sha256(inspection)
    return render(
        request,
        "licensing/inspection_sheet.html",
        {
            "inspection": inspection,
            "application": application,
            "findings": findings,
            "sheet_form": sheet_form,
            "editable": editable,
            "signed_by": signed_by,
            "sha256": digest,
            "sign_form": forms.SignForm(initial={"content_sha256": digest}),
            "complete": all(f.met is not None for f in findings),
            "signatures": inspection.signatures.select_related("expert", "signer"),
            "sheet_document": selectors.document_by_version(f"inspection-sheet:{inspection.pk}"),
            "unsigned": inspection_unsigned_members(inspection),
            "has_signed": bool(
                expert
                and inspection.signatures.filter(
                    expert=expert, voided_at__isnull=True, content_sha256=digest
                ).exists()
            ),
        },
    )


def _sheet_saved_message(saved) -> str:
    if not saved.requirements and not saved.comments:
        return str(_("Nothing changed: the sheet is as it was."))
    parts = []
    if saved.requirements:
        parts.append(
            ngettext("%(n)d requirement", "%(n)d requirements", saved.requirements)
            % {"n": saved.requirements}
        )
    if saved.comments:
        parts.append(
            ngettext("%(n)d comment", "%(n)d comments", saved.comments) % {"n": saved.comments}
        )
    text = _("Saved: %(what)s.") % {"what": _(" and ").join(parts)}
    if saved.voided:
        text += " " + _("The signatures of %(names)s were voided; they must sign again.") % {
            "names": ", ".join(str(expert) for expert in saved.voided)
        }
    return text


@login_required
@require_POST
@case_action_errors
def inspection_replace(request, pk: int):
    """Staff record that an expert drops out of the commission (recusal, illness)."""
    inspection = get_object_or_404(Inspection.objects.select_related("application"), pk=pk)
    application = inspection.application
    if not is_staff_of(request.user, application):
        raise Http404
    form = forms.ReplaceExpertForm(request.POST, prefix="replace", inspection=inspection)
    if form.is_valid():
        replacement = services.inspection_member_replace(
            inspection,
            actor=request.user,
            expert=form.cleaned_data["expert"],
            ground=form.cleaned_data["ground"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request,
            _("%(dropped)s dropped out; %(replacement)s, next in the draw, takes the seat.")
            % {"dropped": replacement.dropped, "replacement": replacement.replacement},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(application)


# ---------------------------------------------------------------------------------------------
# The council's voting page


@login_required
@case_action_errors
def council_review(request, pk: int):
    review = get_object_or_404(
        CouncilReview.objects.select_related("application__organization", "council"), pk=pk
    )
    application = review.application
    if not may_view_application(request.user, application):
        raise Http404
    if request.method == "POST":
        if "close" in request.POST:
            services.council_review_close(review, actor=request.user)
            messages.success(request, _("The vote is closed."))
        else:
            form = forms.VoteForm(request.POST)
            if form.is_valid():
                services.council_vote_cast(
                    review,
                    actor=request.user,
                    choice=form.cleaned_data["choice"],
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("Your vote is recorded."))
        return redirect("licensing:council_review", pk=review.pk)
    entitled, recused = council_entitled_members(review)
    votes = list(review.votes.select_related("member"))
    votes_visible = may_see_votes(request.user, review)
    my_seat = next((m for m in entitled + recused if m.user_id == request.user.pk), None)
    return render(
        request,
        "licensing/council_review.html",
        {
            "review": review,
            "application": application,
            "entitled": entitled,
            "recused": recused,
            "votes": votes if votes_visible else [],
            "votes_visible": votes_visible,
            "votes_cast": len(votes),
            "my_seat": my_seat,
            "conflicted": my_seat in recused,
            "has_voted": any(v.member_id == request.user.pk for v in votes),
            "vote_form": forms.VoteForm(),
            "inspection": selectors.inspection_current(application),
            "decision_document": selectors.document_by_version(f"council-decision:{review.pk}"),
        },
    )


@login_required
def council_inbox(request):
    return render(
        request,
        "licensing/council_inbox.html",
        {"reviews": selectors.council_reviews_open_for(request.user)},
    )


@login_required
def expert_inspections(request):
    expert = getattr(request.user, "expert_profile", None)
    if expert is None:
        raise PermissionDenied
    return render(
        request,
        "licensing/expert_inspections.html",
        {"inspections": selectors.inspections_of_expert(expert)},
    )


# ---------------------------------------------------------------------------------------------
# Bulk reissue


@login_required
def bulk_reissue_new(request):
    _staff_authority(request.user)
    form = forms.BulkReissueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["csv_file"]
        try:
            run = services.bulk_reissue_start(
                actor=request.user,
                effective_date=form.cleaned_data["effective_date"],
                csv_file=upload.read() if upload else None,
                renamed_on=upload is None,
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        except CaseActionError as error:
            messages.error(request, error.message)
        else:
            return redirect("licensing:bulk_reissue_detail", pk=run.pk)
    runs = BulkReissue.objects.filter(authority=request.user.authority)[:20]
    return render(request, "licensing/bulk_reissue_new.html", {"form": form, "runs": runs})


@login_required
def bulk_reissue_detail(request, pk: int):
    authority = _staff_authority(request.user)
    run = get_object_or_404(BulkReissue, pk=pk, authority=authority)
    if request.method == "POST":
        count = services.bulk_reissue_retry_failed(run, actor=request.user)
        messages.success(request, _("%(count)s organizations queued again.") % {"count": count})
        return redirect("licensing:bulk_reissue_detail", pk=run.pk)
    progress = selectors.bulk_reissue_progress(run)
    return render(
        request,
        "licensing/bulk_reissue_detail.html",
        {
            "run": run,
            "progress": progress,
            "failed": run.items.filter(status="failed").select_related("organization"),
            "refresh": not progress["finished"],
        },
    )
