"""Browser pages of attestation. Thin: parse, call a service or a selector, render.

Pages: the role landing (`index`), the head's and staff's schedules and queue, the case page
(each role sees its own panel on it), the commission's test-entry grid and conclusion, and the
PDFs. Every POST goes to one service; a refusal comes back as a message on the case page.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.document_views import issued_documents_context
from casework.documents import document_download_record, document_rendition_ready
from casework.exceptions import CaseActionError
from casework.models import DocumentDownload, DocumentRendition
from casework.service_start import ServiceStart, median_days
from casework.verification import rendition_response
from casework.views import case_page_context
from registry.models import Organization
from registry.predicates import is_head_of, is_staff_of

from . import composition, conf, documents, figures, forms, selectors, services
from .models import (
    Attestation,
    Commission,
    CommissionMember,
    Conclusion,
    PostponementRequest,
    Schedule,
    ScheduleEntry,
    StudyAreaAssignment,
)
from .rules import Grade
from .steps import attestation_steps

CANDIDATES_SHOWN = 12


def _back(request, fallback):
    messages_target = request.POST.get("next", "")
    if messages_target.startswith("/") and not messages_target.startswith("//"):
        return redirect(messages_target)
    return redirect(fallback)


def acting(view):
    """A POST that calls a service: refusals and invalid input become messages, and the user
    goes back to the page they came from."""

    @wraps(view)
    @login_required
    @require_POST
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CaseActionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return _back(request, request.path.rsplit("/", 2)[0] + "/")

    return wrapper


def _visible(request, pk) -> Attestation:
    try:
        return selectors.attestation_get_visible(request.user, pk)
    except Attestation.DoesNotExist:
        raise Http404 from None


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# ---------------------------------------------------------------------------------------------
# Landing, schedules, queue


@login_required
def index(request):
    user = request.user
    authority = user.authority
    return render(
        request,
        "attestation/index.html",
        {
            "authority": authority,
            "is_head": authority is not None and is_head_of(user, authority),
            "schedules": selectors.schedules_of(authority.pk) if authority else [],
            "queue": selectors.attestation_queue(authority.pk)[:100] if authority else [],
            "seats": selectors.commission_seats(user),
            "own": selectors.attestations_of_organizations(user.represented_organization_ids),
            "propose_form": forms.ProposeForm(),
        },
    )


def service_start(request):
    """The state attestation's start page (issue 10): who is attested and when, what to
    prepare, the terms, how long attestations usually take, and the act they follow. Open to
    anyone; an organization files nothing to start it: the authority's schedule does."""
    months = conf.get("ATTESTATION_SELF_ASSESSMENT_MONTHS")
    service = ServiceStart(
        title=_("State attestation of education organizations"),
        summary=_(
            "The authority checks that an education organization meets the state education "
            "standard: it reads the organization's self-assessment, sends a commission for a "
            "visit of at most seven working days, tests a sample of the graduating students "
            "and decides by order whether the organization is attested."
        ),
        who_can_apply=[
            _(
                "Every education organization, once every five years by the authority's yearly "
                "schedule (planned attestation, cl. 4 and 11); the organization is told at "
                "least three months before the start (cl. 12)."
            ),
            _(
                "An organization whose students failed the intermediate state control above "
                "the threshold is attested the next calendar year (extraordinary, cl. 5)."
            ),
            _(
                "The organization files nothing to start: it may ask, with reasons, to move "
                "its start (cl. 13), from its attestation's page."
            ),
        ],
        documents=[
            _(
                "The self-assessment: eleven sections on the organization's activity, filled "
                "in the portal (cl. 15)."
            ),
            _("A copy of the charter (founding documents)."),
            _("A copy of the license for educational activity."),
            _(
                "For the knowledge check: the roster of graduating students with their current "
                "grades, for the commission to draw the sample (cl. 24)."
            ),
        ],
        fee=_("None: state attestation is free of charge."),
        legal_term=_(
            "Self-assessment no later than %(months)s month before the start (cl. 15); "
            "commission approved no later than %(days)s days before it (cl. 17); visit of at "
            "most %(visit)s working days (cl. 19); decision by order within %(decision)s "
            "calendar days of the commission's conclusion (cl. 33)."
        )
        % {
            "months": months,
            "days": conf.get("ATTESTATION_COMMISSION_DAYS"),
            "visit": conf.get("ATTESTATION_VISIT_WORKING_DAYS"),
            "decision": conf.get("ATTESTATION_DECISION_DAYS"),
        },
        start_url=reverse("attestation:index") if request.user.is_authenticated else "",
        start_label=_("Your attestations") if request.user.is_authenticated else "",
        median_days=median_days(
            Attestation.objects.filter(decided_at__isnull=False, visit_started_on__isnull=False),
            "notified_at",
            "decided_at",
        ),
        clauses=[
            _(
                "Instruction on the state attestation of education organizations, approved by "
                "Order No. 109 of 5 March 2008, cl. 4-38"
            ),
            # Formatted, so the message's "%%" (a python-format msgid) reads as one "%".
            _(
                "Cl. 35: “attest” when the activity complies with the standard, at least 95 %% "
                "of the sample took part in the test and at least 70 %% of them got a positive "
                "grade"
            )
            % {},
            _(
                "Cl. 34, 36-38: “not attest” suspends the license for up to six months; a "
                "follow-up commission then finds the deficiencies remedied (resumed) or not "
                "(revoked)"
            ),
        ],
    )
    return render(request, "casework/service_start.html", {"service": service})


@acting
def schedule_propose(request):
    form = forms.ProposeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("attestation:index")
    authority = request.user.authority
    if authority is None:
        raise PermissionDenied
    schedule = services.schedule_propose(authority, form.cleaned_data["year"], actor=request.user)
    return redirect("attestation:schedule", schedule.pk)


def _schedule_for(request, pk) -> Schedule:
    schedule = get_object_or_404(Schedule.objects.select_related("authority"), pk=pk)
    if not is_staff_of(request.user, schedule):
        raise Http404
    return schedule


@login_required
def schedule_detail(request, pk: int):
    schedule = _schedule_for(request, pk)
    return render(
        request,
        "attestation/schedule.html",
        {
            "schedule": schedule,
            **selectors.schedule_entries_apart(schedule),
            "requests": selectors.pending_postponements(schedule),
            "is_head": is_head_of(request.user, schedule),
            "approve_form": forms.ApproveScheduleForm(),
            "change_form": forms.ChangeForm(),
            "add_form": forms.AddEntryForm(),
            "control_form": forms.ControlResultsForm(initial={"year": schedule.year - 1}),
            "decision_form": forms.PostponementDecisionForm(),
        },
    )


@acting
def schedule_approve(request, pk: int):
    schedule = _schedule_for(request, pk)
    form = forms.ApproveScheduleForm(request.POST)
    form.is_valid()
    services.schedule_approve(
        schedule, actor=request.user, order_number=form.cleaned_data.get("order_number", "")
    )
    messages.success(request, _("The schedule is approved and the organizations are told."))
    return redirect("attestation:schedule", schedule.pk)


@acting
def entry_date(request, pk: int):
    entry = get_object_or_404(ScheduleEntry, pk=pk)
    form = forms.EntryDateForm(request.POST)
    if form.is_valid():
        services.schedule_entry_date(entry, form.cleaned_data["start_date"], actor=request.user)
    else:
        _form_errors(request, form)
    return redirect("attestation:schedule", entry.schedule_id)


@acting
def entry_drop(request, pk: int):
    entry = get_object_or_404(ScheduleEntry, pk=pk)
    services.schedule_entry_drop(entry, actor=request.user)
    return redirect("attestation:schedule", entry.schedule_id)


@acting
def entry_change(request, pk: int, kind: str):
    entry = get_object_or_404(ScheduleEntry, pk=pk)
    form = forms.ChangeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif kind == "move":
        if not form.cleaned_data["new_start"]:
            messages.error(request, _("Give the new start date."))
        else:
            services.schedule_change_move(
                entry,
                form.cleaned_data["new_start"],
                actor=request.user,
                basis=form.cleaned_data["basis"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The attestation is moved and the organization told."))
    else:
        services.schedule_change_remove(
            entry,
            actor=request.user,
            basis=form.cleaned_data["basis"],
            reason=form.cleaned_data["reason"],
        )
    return redirect("attestation:schedule", entry.schedule_id)


@acting
def entry_add(request, pk: int):
    schedule = _schedule_for(request, pk)
    form = forms.AddEntryForm(request.POST)
    if form.is_valid():
        organization = Organization.objects.filter(bin=form.cleaned_data["bin"]).first()
        if organization is None:
            messages.error(request, _("No organization with this BIN."))
        else:
            services.schedule_change_add(
                schedule,
                organization,
                form.cleaned_data["start_date"],
                actor=request.user,
                kind=form.cleaned_data["kind"],
                basis=form.cleaned_data["basis"],
                reason=form.cleaned_data["reason"],
            )
    else:
        _form_errors(request, form)
    return redirect("attestation:schedule", schedule.pk)


@acting
def control_results(request, pk: int):
    schedule = _schedule_for(request, pk)
    form = forms.ControlResultsForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        source = services.control_results_import(
            schedule.authority,
            form.cleaned_data["year"],
            upload.read(),
            upload.name,
            actor=request.user,
        )
        messages.success(request, _("%(rows)s results loaded.") % {"rows": source.rows})
    else:
        _form_errors(request, form)
    return redirect("attestation:schedule", schedule.pk)


@acting
def postponement_decide(request, pk: int):
    postponement = get_object_or_404(PostponementRequest, pk=pk)
    form = forms.PostponementDecisionForm(request.POST)
    if form.is_valid():
        services.postponement_request_decide(
            postponement,
            actor=request.user,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
    else:
        _form_errors(request, form)
    return redirect("attestation:schedule", postponement.entry.schedule_id)


# ---------------------------------------------------------------------------------------------
# The case page


@login_required
def attestation_detail(request, pk: int):
    attestation = _visible(request, pk)
    page = selectors.attestation_page(attestation, request.user)
    # А18: while staff compose a commission, the portal proposes people by the organization's
    # profile (the first few; the API lists them all).
    composing = next(
        (
            c
            for c in (page["commission"], page["follow_up_commission"])
            if c is not None and not c.is_approved
        ),
        None,
    )
    candidates = (
        composition.candidates(attestation, composing)
        if composing is not None and page["is_staff"]
        else []
    )
    return render(
        request,
        "attestation/detail.html",
        {
            **case_page_context(attestation),
            **issued_documents_context(attestation),
            **page,
            "attestation": attestation,
            "steps": attestation_steps(
                attestation,
                self_assessment=page["self_assessment"],
                commission=page["commission"],
                conclusion=page["conclusion"],
            ),
            "candidates": candidates[:CANDIDATES_SHOWN],
            "supervising_body_needed": (
                composing is not None
                and not composition.supervising_body_sits(attestation, composing.members.all())
                and attestation.organization.supervising_body
            ),
            "candidates_more": max(0, len(candidates) - CANDIDATES_SHOWN),
            "composing": composing,
            "role_choices": CommissionMember.Role.choices,
            "forms": {
                "postpone": forms.PostponementForm(),
                "member": forms.MemberForm(
                    initial={
                        "role": CommissionMember.Role.LEADING_TEACHER
                        if composing is not None and composing.chair is not None
                        else CommissionMember.Role.CHAIR
                    }
                ),
                "order": forms.OrderForm(),
                "csv": forms.CsvForm(),
                "test_form": forms.KnowledgeCheckForm(initial={"test_form": attestation.test_form}),
                "decision": forms.DecisionForm(),
                "follow_up": forms.FollowUpForm(),
                "report": forms.ReportForm(),
                "panel": forms.WrittenWorkPanelForm(),
            },
        },
    )


@acting
def postpone(request, pk: int):
    attestation = _visible(request, pk)
    form = forms.PostponementForm(request.POST)
    if form.is_valid():
        services.postponement_request_submit(
            attestation.schedule_entry, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Your request has been sent to the head of department."))
    else:
        _form_errors(request, form)
    return redirect(attestation)


@login_required
def self_assessment(request, pk: int):
    """One form for the sections and the files: saved together or not at all, and a refusal
    shows the page again with everything typed still in it."""
    attestation = _visible(request, pk)
    instance = getattr(attestation, "self_assessment", None)
    form = forms.SelfAssessmentForm(request.POST or None, instance=instance)
    entries = selectors.files_of(attestation, "self")["files"]
    chosen = {
        entry.item.code: request.FILES[f"file_{entry.item.code}"]
        for entry in entries
        if f"file_{entry.item.code}" in request.FILES
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _assessment, attached = services.self_assessment_update(
                    attestation,
                    actor=request.user,
                    fields=form.cleaned_data,
                    files=chosen,
                    submit="submit" in request.POST,
                )
            except (CaseActionError, ValidationError) as exc:
                for message in getattr(exc, "messages", None) or [exc.message]:
                    messages.error(request, message)
            else:
                titles = {entry.item.code: str(entry.item.title) for entry in entries}
                saved = _("The sections are saved.")
                if attached:
                    saved += " " + _("Attached: %(files)s.") % {
                        "files": "; ".join(
                            f"{titles[a.item_code]} ({a.original_name})" for a in attached
                        )
                    }
                if "submit" in request.POST:
                    messages.success(request, saved + " " + _("The self-assessment is submitted."))
                    return redirect(attestation)
                messages.success(request, saved)
                return redirect("attestation:self_assessment", attestation.pk)
        status = 400
        messages.error(
            request,
            _("Nothing was saved; what you typed is still here.")
            + (" " + _("Choose the files again.") if chosen else ""),
        )
    return render(
        request,
        "attestation/self_assessment.html",
        {"attestation": attestation, "form": form, "files": entries},
        status=status,
    )


@acting
def file_upload(request, pk: int, item: str):
    attestation = _visible(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        services.attestation_file_upload(
            attestation,
            item,
            upload,
            actor=request.user,
            void_signatures=request.POST.get("void_signatures") == "1",
        )
        messages.success(request, _("The file is attached: %(name)s.") % {"name": upload.name})
    return redirect(request.POST.get("next") or attestation.get_absolute_url())


@acting
def commission_form(request, pk: int, purpose: str):
    attestation = _visible(request, pk)
    services.commission_form(attestation, actor=request.user, purpose=Commission.Purpose(purpose))
    return redirect(attestation)


@acting
def member_add(request, pk: int):
    commission = get_object_or_404(Commission, pk=pk)
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        bin_ = form.cleaned_data["employer_bin"]
        services.commission_member_add(
            commission,
            actor=request.user,
            user=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            employer=Organization.objects.filter(bin=bin_).first() if bin_ else None,
            position=form.cleaned_data["position"],
            profile=form.cleaned_data["profile"],
        )
    else:
        _form_errors(request, form)
    return redirect(commission.attestation)


@acting
def member_remove(request, pk: int):
    member = get_object_or_404(CommissionMember.objects.select_related("commission"), pk=pk)
    services.commission_member_remove(member, actor=request.user)
    return redirect(member.commission.attestation)


@acting
def commission_approve(request, pk: int):
    commission = get_object_or_404(Commission, pk=pk)
    form = forms.OrderForm(request.POST)
    form.is_valid()
    services.commission_approve(
        commission, actor=request.user, order_number=form.cleaned_data.get("order_number", "")
    )
    messages.success(request, _("The commission is approved."))
    return redirect(commission.attestation)


@acting
def area_assign(request, pk: int):
    commission = get_object_or_404(Commission, pk=pk)
    form = forms.AreaForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(CommissionMember, pk=form.cleaned_data["member"])
        services.study_area_assign(
            commission, form.cleaned_data["area"], member, actor=request.user
        )
    else:
        _form_errors(request, form)
    return redirect(commission.attestation)


@acting
def area_report(request, pk: int):
    assignment = get_object_or_404(StudyAreaAssignment.objects.select_related("commission"), pk=pk)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        services.study_area_report(assignment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your findings are saved."))
    else:
        _form_errors(request, form)
    return redirect(assignment.commission.attestation)


@acting
def written_work_panel(request, pk: int):
    commission = get_object_or_404(Commission, pk=pk)
    form = forms.WrittenWorkPanelForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(CommissionMember, pk=form.cleaned_data["member"])
        services.written_work_panel_set(
            commission, member, form.cleaned_data["teacher"], actor=request.user
        )
    else:
        _form_errors(request, form)
    return redirect(commission.attestation)


@acting
def visit_start(request, pk: int):
    attestation = services.visit_start(_visible(request, pk), actor=request.user)
    return redirect(attestation)


@acting
def test_form_set(request, pk: int):
    attestation = _visible(request, pk)
    form = forms.KnowledgeCheckForm(request.POST)
    if form.is_valid():
        services.test_form_set(attestation, form.cleaned_data["test_form"], actor=request.user)
    return redirect(attestation)


@acting
def roster(request, pk: int):
    attestation = _visible(request, pk)
    form = forms.CsvForm(request.POST, request.FILES)
    if form.is_valid():
        cohorts = services.roster_import(
            attestation, form.cleaned_data["file"].read(), actor=request.user
        )
        messages.success(request, _("%(count)s groups loaded.") % {"count": len(cohorts)})
    else:
        _form_errors(request, form)
    return redirect(attestation)


@acting
def sample(request, pk: int):
    attestation = _visible(request, pk)
    services.sample_draw(attestation, actor=request.user)
    messages.success(request, _("The sample is drawn."))
    return redirect(attestation)


@login_required
def grid(request, pk: int):
    """The test-entry grid: keyboard only, autosaved cell by cell through the API."""
    attestation = _visible(request, pk)
    commission = selectors.commission_of(attestation)
    if commission is None or not any(
        m.user_id == request.user.pk for m in commission.members.all()
    ):
        raise Http404
    editable = attestation.state == Attestation.State.VISIT
    return render(
        request,
        "attestation/grid.html",
        {
            "attestation": attestation,
            "columns": figures.FORM_COLUMNS[attestation.test_form],
            "cohorts": selectors.grid_rows(
                attestation, figures.FORM_COLUMNS[attestation.test_form]
            ),
            "report": figures.figures(attestation),
            "editable": editable,
            "locked_reason": "" if editable else _grid_locked_reason(attestation),
            # А31: whose signatures the first change would void, said before it is made.
            "to_void": services.signers_to_void(attestation) if editable else [],
            "grade_bands": [
                (conf.get(f"ATTESTATION_{grade.name}_PERCENT"), grade.value, grade.label)
                for grade in (Grade.EXCELLENT, Grade.GOOD, Grade.SATISFACTORY)
            ],
            "decimal_separator": formats.get_format("DECIMAL_SEPARATOR"),
        },
    )


def _grid_locked_reason(attestation: Attestation) -> str:
    """Why the grid takes no values now, in the words of the step the case is at."""
    if attestation.state in Attestation.BEFORE_VISIT:
        return _("Results are entered during the visit, which has not started yet.")
    if attestation.conclusion_signed_on:
        return _(
            "The conclusion was signed on %(date)s by every member: the results it reports "
            "can no longer change."
        ) % {"date": formats.date_format(attestation.conclusion_signed_on, "d.m.Y")}
    return _("The attestation is no longer at the visit: the results can no longer change.")


@login_required
def conclusion(request, pk: int):
    attestation = _visible(request, pk)
    commission = selectors.commission_of(attestation)
    seat = (
        next((m for m in commission.members.all() if m.user_id == request.user.pk), None)
        if commission
        else None
    )
    if seat is None and not is_staff_of(request.user, attestation):
        raise Http404
    current = Conclusion.objects.filter(commission=commission).first() if commission else None
    form = None
    if request.method == "POST" and seat is not None and seat.is_chair:
        form = forms.ConclusionForm(request.POST)
        void = request.POST.get("void_signatures") == "1"
        try:
            if "draft" in request.POST:
                services.conclusion_draft(attestation, actor=request.user, void_signatures=void)
                messages.success(request, _("The empty sections are filled from the findings."))
                return redirect("attestation:conclusion", attestation.pk)
            if form.is_valid() and current is not None:
                voided = services.signers_to_void(attestation)
                services.conclusion_edit(
                    current,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    sections=form.sections(),
                    compliant=form.cleaned_data["compliant"],
                    recommendation=form.cleaned_data["recommendation"],
                    void_signatures=void,
                )
                saved = _("Saved: the sections, the compliance finding and the recommendation.")
                if voided:
                    saved += " " + _("Signatures voided: %(names)s; they sign again.") % {
                        "names": ", ".join(voided)
                    }
                messages.success(request, saved)
                return redirect("attestation:conclusion", attestation.pk)
        except CaseActionError as exc:
            # Nothing changed; the page comes back with what the chair typed.
            messages.error(request, exc.message)
            if "draft" in request.POST:
                form = None
        if current is None or (form is None and "draft" in request.POST):
            return redirect("attestation:conclusion", attestation.pk)
    context = selectors.conclusion_page(attestation, commission, current, request.user)
    if current is not None:
        context["form"] = form or forms.ConclusionForm(
            initial={
                "version": current.version,
                "compliant": current.compliant,
                "recommendation": current.recommendation,
                **{f"section_{k}": v for k, v in current.sections.items()},
            }
        )
        report = figures.figures(attestation, current.compliant)
        context["report"] = report
        context["following"] = services.recommendation_following(report)
        context["to_void"] = services.signers_to_void(attestation)
    return render(
        request,
        "attestation/conclusion.html",
        {"attestation": attestation, **context},
        status=400 if form is not None else 200,
    )


@acting
def conclusion_sign(request, pk: int):
    attestation = _visible(request, pk)
    form = forms.SignForm(request.POST)
    current = get_object_or_404(
        Conclusion, commission__attestation=attestation, commission__purpose="attestation"
    )
    if form.is_valid():
        services.conclusion_sign(current, actor=request.user, sha256=form.cleaned_data["sha256"])
        messages.success(request, _("You have signed the conclusion."))
    return redirect("attestation:conclusion", attestation.pk)


@acting
def acknowledge(request, pk: int):
    attestation = _visible(request, pk)
    services.conclusion_acknowledge(attestation, actor=request.user)
    messages.success(request, _("Receipt of the conclusion is confirmed."))
    return redirect(attestation)


@login_required
def decide(request, pk: int):
    """А33-А35: the head's decision page. Every decision is an order with legal consequences,
    so it first shows a confirmation page stating them: for "not attest" the license suspended
    and its dates (А34), and a warning when the organization has not acknowledged the
    conclusion (А31). A refusal shows the form again with every value the head typed."""
    attestation = _visible(request, pk)
    if not is_head_of(request.user, attestation):
        raise Http404
    form = forms.DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and "edit" not in request.POST:
        if form.is_valid():
            facts = selectors.decision_facts(attestation, form.cleaned_data)
            if "confirmed" not in request.POST:
                return render(
                    request,
                    "attestation/decide_confirm.html",
                    {"attestation": attestation, "form": form, **facts},
                )
            try:
                attestation = services.attestation_decide(
                    attestation,
                    form.cleaned_data["decision"],
                    actor=request.user,
                    order_number=form.cleaned_data["order_number"],
                    suspension_months=form.cleaned_data["suspension_months"],
                    fine_amount=form.cleaned_data["fine_amount"],
                    fine_note=form.cleaned_data["fine_note"],
                )
            except CaseActionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(attestation)
        status = 400
    return render(
        request,
        "attestation/decide.html",
        {
            "attestation": attestation,
            "form": form,
            **selectors.decision_page(attestation),
        },
        status=status,
    )


@acting
def suspend_license(request, pk: int):
    """А34: suspend the license after "not attest" when it could not be done at the decision
    (no license in the register then)."""
    attestation = services.license_suspension_apply(_visible(request, pk), actor=request.user)
    if attestation.state == Attestation.State.NOT_ATTESTED:
        messages.error(request, _("The organization has no license in force in the register."))
    return redirect(attestation)


@acting
def follow_up(request, pk: int):
    attestation = _visible(request, pk)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        attestation = services.follow_up_conclude(
            attestation, actor=request.user, **form.cleaned_data
        )
    else:
        _form_errors(request, form)
    return redirect(attestation)


@login_required
def document_pdf(request, pk: int, kind: str):
    """The conclusion or the decision as a PDF in the reader's language (their account's, else
    the page's): the one act's rendition in that language, made on first request, with the
    download recorded."""
    attestation = _visible(request, pk)
    try:
        document = documents.document_for(attestation, kind)
    except LookupError:
        raise Http404 from None
    offered = {code for code, _name in settings.PORTAL_LANGUAGES}
    language = getattr(request.user, "language", "")
    if language not in offered:
        language = get_language() if get_language() in offered else document.language
    try:
        rendition = document_rendition_ready(document, language)
    except DocumentRendition.DoesNotExist:
        raise Http404 from None
    document_download_record(rendition, user=request.user, via=DocumentDownload.Via.CASE)
    response = rendition_response(document, rendition)
    response["Cache-Control"] = "private, no-store"
    return response
