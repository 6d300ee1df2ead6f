"""Browser pages of accreditation. Thin: parse, call a service or a selector, render. The rules
live in accreditation.services (writes, each with its clause) and accreditation.selectors and
accreditation.permissions (who sees what)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.attachments import attachment_checklist, attachment_page_context
from casework.deadlines import deadline_terms
from casework.document_views import issued_documents_context
from casework.exceptions import CaseActionError
from casework.service_start import ServiceStart, median_days
from casework.views import case_action_errors, case_page_context
from licensing.selectors import license_in_force_covering
from registry.models import Organization, Specialty

from . import actions, conf, forms, selectors, services
from .checklist import REPORT_ITEM, evidence_item_code
from .models import (
    AccreditationBody,
    AccreditationCase,
    Certificate,
    CouncilMember,
    CouncilVote,
    Criterion,
    DuplicateRequest,
    Recommendation,
    SelfAssessmentEntry,
    Standard,
)
from .pagination import KeysFirstPaginator
from .permissions import (
    is_appeal_authority_of,
    is_body_staff_of,
    is_commission_expert_of,
    represents,
    sits_on_council_of,
)
from .services._common import add_months, add_years
from .services.appeals import appeal_period_end
from .services.council import entitled_members
from .services.self_assessment import self_assessment_missing
from .services.visits import expert_report_due
from .steps import case_steps

State = AccreditationCase.State
PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50
WIZARD_STEPS = ("start", "programmes", "review")


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form, error: ValidationError) -> None:
    for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def case_for(user, pk: int) -> AccreditationCase:
    """The case if the user may open it (as permissions.may_view_case, and the appeal authority
    while an appeal is open), else Http404: a stranger cannot tell it from a missing one."""
    try:
        return selectors.case_get_visible(user, pk)
    except AccreditationCase.DoesNotExist:
        pass
    case = (
        AccreditationCase.objects.select_related("organization__region", "body__authority")
        .filter(pk=pk, state=State.UNDER_APPEAL)
        .first()
    )
    if case is not None and user.is_authenticated and is_appeal_authority_of(user, case):
        return case
    raise Http404


# ---------------------------------------------------------------------------------------------
# Public registers (К24)


def register(request):
    """Accredited organizations and programmes: every certificate, newest first."""
    form = forms.RegisterSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page = KeysFirstPaginator(
        selectors.certificate_register(**filters, figures=False), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    selectors.certificates_attach_figures(page.object_list)
    return render(request, "accreditation/register.html", {"form": form, "page": page})


def programme_register(request):
    """Accredited programmes: one row per programme of a specialized or combined certificate."""
    form = forms.RegisterSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page = KeysFirstPaginator(selectors.programme_register(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.programme_rows_attach(page.object_list)
    return render(request, "accreditation/programme_register.html", {"form": form, "page": page})


def bodies_register(request):
    today = timezone.localdate()
    bodies = list(selectors.bodies_register())
    for body in bodies:
        body.certified_today = body.is_certified_on(today)
    return render(request, "accreditation/bodies.html", {"bodies": bodies})


def certificate_detail(request, number: str):
    certificate = selectors.certificate_get_public(number)
    if certificate is None:
        raise Http404
    return render(
        request,
        "accreditation/certificate_detail.html",
        {
            "certificate": certificate,
            "history": selectors.case_history_of_cycle(certificate),
            "recommendations": list(certificate.case.recommendations.all()),
        },
    )


# ---------------------------------------------------------------------------------------------
# Start page and the application wizard


def service_start(request):
    years = conf.get("ACCREDITATION_CERTIFICATE_YEARS")
    service = ServiceStart(
        title=_("Accreditation of a higher-education organization or its programmes"),
        summary=_(
            "Apply to a certified accreditation body for institutional or specialized "
            "accreditation, or both at once. The contract, the self-assessment, the external "
            "expert visit, the council's vote and the certificate all happen in the portal."
        ),
        who_can_apply=[
            _(
                "An organization holding a license in force for higher or postgraduate "
                "education (clause 2), through its representative with an account in the portal."
            ),
            _(
                "Specialized accreditation of programmes needs a valid institutional "
                "certificate, or both kinds combined in one application (clause 8)."
            ),
            _(
                "After a refusal, a new application for the same scope is accepted one year "
                "after the first application at the earliest (clause 22)."
            ),
        ],
        documents=[
            _(
                "None to upload at the application: the license and its appendices are taken "
                "from the state register (clause 8)."
            ),
            _("Later: the signed self-assessment report (PDF) and evidence per criterion."),
        ],
        fee=_("Under the contract with the accreditation body (clause 9)."),
        legal_term=_(
            "One to three years from the application to the decision (clause 11); the "
            "certificate is valid %(years)s years (clause 20)."
        )
        % {"years": years},
        start_url=reverse("accreditation:wizard_start"),
        start_label=_("Start the application"),
        median_days=median_days(
            AccreditationCase.objects.exclude(decided_at=None), "submitted_at", "decided_at"
        ),
        clauses=[
            _("Rules of accreditation of education organizations, clauses 1–28"),
        ],
        notes=[
            _("Registers: accreditation bodies, accredited organizations and programmes."),
        ],
    )
    return render(request, "casework/service_start.html", {"service": service})


@login_required
def my_cases(request):
    cases = (
        selectors.case_visible_to(request.user)
        .filter(Q(organization_id__in=request.user.represented_organization_ids))
        .order_by("organization__name", "organization_id", "-created_at", "-id")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    certificates = Certificate.objects.filter(
        organization_id__in=request.user.represented_organization_ids
    ).select_related("organization", "body__authority")
    return render(
        request,
        "accreditation/my_cases.html",
        {"page": page, "certificates": certificates},
    )


def _start_form(request, data=None, initial=None):
    organizations = Organization.objects.filter(pk__in=request.user.represented_organization_ids)
    return forms.StartForm(
        data,
        initial=initial,
        organizations=organizations,
        bodies=selectors.bodies_certified_on(timezone.localdate()),
        certificates=Certificate.objects.filter(
            organization__in=organizations, status=Certificate.Status.ACTIVE
        ).select_related("organization"),
    )


@login_required
def wizard_start(request):
    if not request.user.represented_organization_ids:
        raise PermissionDenied
    form = _start_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.accreditation_case_create(
                actor=request.user,
                organization=data["organization"],
                body=data["body"],
                kind=data["kind"],
                renewal_of=data["renewal_of"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("The draft is saved: %(number)s.") % {"number": case.number}
            )
            nxt = "programmes" if case.includes_programmes else "review"
            return redirect("accreditation:wizard", pk=case.pk, step=nxt)
    return render(
        request,
        "accreditation/wizard.html",
        {"form": form, "step": "start", "steps": WIZARD_STEPS},
    )


def programme_choices(case):
    """The programmes the organization may have accredited: the specialties of its license's
    appendices at the levels of clause 2 (all of those levels when the appendices name none)."""
    levels = conf.get("ACCREDITATION_LEVEL_CODES")
    license_ = license_in_force_covering(case.organization, levels)
    specialties = Specialty.objects.filter(level__code__in=levels)
    if license_ is not None:
        listed = specialties.filter(license_appendices__license=license_)
        if listed.exists():
            specialties = listed
    return specialties.order_by("code").distinct()


@login_required
@case_action_errors
def wizard(request, pk: int, step: str):
    if step not in WIZARD_STEPS:
        raise Http404
    case = case_for(request.user, pk)
    if not represents(request.user, case):
        raise Http404
    if case.state != State.DRAFT:
        return redirect(case)
    context = {"case": case, "step": step, "steps": WIZARD_STEPS}
    if step == "start":
        return redirect("accreditation:wizard", pk=case.pk, step="programmes")
    if step == "programmes":
        choices = programme_choices(case)
        filter_form = forms.ProgrammeFilterForm(request.GET or None)
        needle = filter_form.cleaned_data["filter"] if filter_form.is_valid() else ""
        chosen = set(case.programmes.values_list("pk", flat=True))
        shown = choices
        if needle:
            shown = choices.filter(
                Q(code__istartswith=needle) | Q(name__icontains=needle) | Q(pk__in=chosen)
            )
        form = forms.ProgrammesForm(
            request.POST or None, choices=shown, initial={"programmes": list(chosen)}
        )
        if request.method == "POST" and form.is_valid():
            kept = [p for p in case.programmes.all() if p not in shown]
            case.programmes.set([*kept, *form.cleaned_data["programmes"]])
            messages.success(
                request,
                _("Saved: %(count)s programmes chosen.") % {"count": case.programmes.count()},
            )
            return redirect("accreditation:wizard", pk=case.pk, step="review")
        context.update(form=form, filter_form=filter_form, needle=needle)
        return render(request, "accreditation/wizard.html", context)
    # review: what will be filed, then submit
    if request.method == "POST":
        try:
            case = services.accreditation_case_submit(case, actor=request.user)
        except CaseActionError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Application %(number)s is filed with %(body)s.")
                % {"number": case.number, "body": case.body},
            )
            return redirect(case)
    context["license"] = license_in_force_covering(
        case.organization, conf.get("ACCREDITATION_LEVEL_CODES")
    )
    context["programmes"] = list(case.programmes.all())
    return render(request, "accreditation/wizard.html", context)


# ---------------------------------------------------------------------------------------------
# The case page and its actions


@login_required
def case_detail(request, pk: int):
    case_for(request.user, pk)
    return _case_page(request, selectors.case_detail(pk))


def _case_page(request, case, bound=None, status=200):
    user = request.user
    offered = [
        (
            action,
            bound
            if bound is not None and bound.prefix == action.name
            else action.make_form(case, prefix=action.name),
        )
        for action in actions.available_actions(case, user)
    ]
    is_org = represents(user, case)
    is_staff = is_body_staff_of(user, case) or user.is_admin
    terms = deadline_terms(case, "total_term")
    certificates = list(case.certificates.all())
    duplicates = list(
        DuplicateRequest.objects.filter(certificate__case=case).select_related("certificate")
    )
    context = {
        **case_page_context(case),
        "actions": offered,
        "is_org": is_org,
        "is_staff": is_staff,
        "is_expert": is_commission_expert_of(user, case),
        "is_council": sits_on_council_of(user, case),
        "terms": terms,
        # К11: past the total term and still open: flagged.
        "overdue": bool(
            case.term_until and case.is_open and case.term_until < timezone.localdate()
        ),
        "steps": case_steps(case, step_due=terms.step_due),
        "certificates": certificates,
        "duplicates": duplicates,
        "duplicate_form": forms.DuplicateRequestForm(prefix="duplicate")
        if is_org and any(c.status == Certificate.Status.ACTIVE for c in certificates)
        else None,
        "evidence_form": forms.EvidenceForm(prefix="evidence") if is_org else None,
        "appeal_until": appeal_period_end(case) if case.decided_at else None,
        **issued_documents_context(case),
    }
    if is_org or is_staff:
        context.update(attachment_page_context(case, user))
        context["attachment_can_upload"] = False  # files are added on the self-assessment page
    return render(request, "accreditation/case_detail.html", context, status=status)


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = case_for(request.user, pk)
    chosen = actions.ACTIONS.get(action)
    if chosen is None or not chosen.offered(case, request.user):
        raise Http404
    form = chosen.make_form(case, request.POST, prefix=chosen.name)
    if form is not None and not form.is_valid():
        return _case_page(request, selectors.case_detail(pk), bound=form, status=400)
    if chosen.confirm and "back" in request.POST:
        return _case_page(request, selectors.case_detail(pk), bound=form)
    if chosen.confirm and request.POST.get("confirmed") != "1":
        # Nothing happens before the person has read what the decision does, and when.
        return render(
            request,
            "accreditation/confirm_action.html",
            {
                "case": case,
                "action": chosen,
                "form": form,
                "consequences": consequences(case, chosen, form.cleaned_data if form else {}),
                "carried": [
                    (name, value)
                    for name in request.POST
                    if name.startswith(f"{chosen.name}-")
                    for value in request.POST.getlist(name)
                ],
            },
        )
    try:
        chosen.call(case, request.user, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            _errors_to_messages(request, error)
            return redirect(case)
        _form_errors(form, error)
        return _case_page(request, selectors.case_detail(pk), bound=form, status=400)
    except CaseActionError as refusal:
        if form is None:
            messages.error(request, refusal.message)
            return redirect(case)
        form.add_error(None, str(refusal.message))
        return _case_page(request, selectors.case_detail(pk), bound=form, status=409)
    messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
    return redirect(case)


def consequences(case, action, data) -> list[str]:
    """What a decision with legal consequences does, with its dates, in sentences."""
    today = timezone.localdate()
    if action.name == "withdraw":
        return [
            _(
                "Application %(number)s is withdrawn on %(today)s: the body stops its work on "
                "it and its terms end. This cannot be undone; a new application starts again "
                "from the contract."
            )
            % {"number": case.number, "today": _short(today)}
        ]
    if action.name == "decide_appeal":
        if data.get("upheld"):
            return [
                _(
                    "The appeal is upheld on %(today)s: the council of %(body)s votes on the "
                    "case again, and the body takes a new decision."
                )
                % {"today": _short(today), "body": case.body}
            ]
        return [
            _(
                "The appeal is dismissed on %(today)s: the decision of %(body)s stands and the "
                "register no longer shows it as under appeal."
            )
            % {"today": _short(today), "body": case.body}
        ]
    # decide: the council's result becomes the body's decision
    if case.council_result == AccreditationCase.Decision.ACCREDIT:
        until = add_years(today, int(conf.get("ACCREDITATION_CERTIFICATE_YEARS"))) - (
            datetime.timedelta(days=1)
        )
        return [
            _("%(organization)s is accredited on %(today)s (%(kind)s), as the council voted.")
            % {
                "organization": case.organization,
                "today": _short(today),
                "kind": case.get_kind_display().lower(),
            },
            _(
                "A certificate is issued with its own number, valid from %(start)s until "
                "%(until)s, sealed in every portal language, and entered in the public register."
            )
            % {"start": _short(today), "until": _short(until)},
            _("Renewal must be applied for by %(day)s (clause 21).")
            % {
                "day": _short(
                    add_months(until, -int(conf.get("ACCREDITATION_RENEWAL_DEADLINE_MONTHS")))
                )
            },
        ]
    lines = [
        _(
            "Accreditation of %(organization)s is refused on %(today)s, as the council voted: "
            "no certificate is issued."
        )
        % {"organization": case.organization, "today": _short(today)},
        _("A written notice stating the reasons below is issued (clause 22)."),
        _(
            "The organization may appeal within %(days)s days, until %(until)s (clause 27), and "
            "may apply again for the same scope from %(again)s (clause 22)."
        )
        % {
            "days": conf.get("ACCREDITATION_APPEAL_PERIOD_DAYS"),
            "until": _short(
                today + datetime.timedelta(days=int(conf.get("ACCREDITATION_APPEAL_PERIOD_DAYS")))
            ),
            "again": _short(
                add_years(
                    timezone.localdate(case.submitted_at) if case.submitted_at else today,
                    int(conf.get("ACCREDITATION_REAPPLY_AFTER_YEARS")),
                )
            ),
        },
    ]
    if data.get("reasons"):
        lines.append(_("Reasons: %(reasons)s") % {"reasons": data["reasons"]})
    return lines


# ---------------------------------------------------------------------------------------------
# The organization's self-assessment (К9.2, К13)


@login_required
@case_action_errors
def self_assessment(request, pk: int):
    case = case_for(request.user, pk)
    if not (represents(request.user, case) or is_body_staff_of(request.user, case)):
        raise Http404
    editable = case.state == State.SELF_ASSESSMENT and represents(request.user, case)
    criteria = list(
        Criterion.objects.filter(
            standard__body_id=case.body_id, standard__is_active=True, is_active=True
        ).select_related("standard")
    )
    entries = {e.criterion_id: e for e in SelfAssessmentEntry.objects.filter(case=case)}
    bound_id, bound = None, None
    if request.method == "POST" and editable:
        if "submit" in request.POST:
            services.accreditation_self_assessment_submit(case, actor=request.user)
            messages.success(request, _("The self-assessment report is sent to the body."))
            return redirect(case)
        try:
            criterion = next(c for c in criteria if str(c.pk) == request.POST.get("criterion"))
        except StopIteration:
            raise Http404 from None
        bound_id = criterion.pk
        bound = forms.SelfAssessmentForm(request.POST, prefix=f"c{criterion.pk}")
        if bound.is_valid():
            try:
                services.accreditation_self_assessment_save(
                    case, actor=request.user, criterion=criterion, **bound.cleaned_data
                )
            except ValidationError as error:
                _form_errors(bound, error)
            else:
                messages.success(
                    request,
                    _("Saved: the assessment of criterion %(code)s.")
                    % {"code": f"{criterion.standard.code}.{criterion.code}"},
                )
                return redirect(
                    f"{reverse('accreditation:self_assessment', args=[case.pk])}#c{criterion.pk}"
                )
    files = {entry.item.code: entry for entry in attachment_checklist(case)}
    rows = []
    for criterion in criteria:
        entry = entries.get(criterion.pk)
        form = (
            bound
            if criterion.pk == bound_id
            else forms.SelfAssessmentForm(
                prefix=f"c{criterion.pk}",
                initial={"rating": entry.rating, "text": entry.text} if entry else None,
            )
        )
        rows.append(
            {
                "criterion": criterion,
                "entry": entry,
                "form": form,
                "file": files.get(evidence_item_code(criterion.pk)),
            }
        )
    return render(
        request,
        "accreditation/self_assessment.html",
        {
            "case": case,
            "rows": rows,
            "editable": editable,
            "report": files.get(REPORT_ITEM),
            "missing": self_assessment_missing(case) if editable else [],
            "report_item": REPORT_ITEM,
            "attachment_case_label": case._meta.label_lower,
        },
        status=400 if bound is not None else 200,
    )


# ---------------------------------------------------------------------------------------------
# The body's queue


@login_required
def queue(request):
    authority_ids = [
        a.authority_id for a in request.user.role_assignments if a.role in ("staff", "head")
    ]
    bodies = AccreditationBody.objects.filter(authority_id__in=authority_ids).select_related(
        "authority"
    )
    body = bodies.first()
    if body is None:
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    page = Paginator(
        selectors.body_queue(body.authority_id, state=state), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    duplicates = DuplicateRequest.objects.filter(
        certificate__body=body, issued_on__isnull=True
    ).select_related("certificate__organization")
    today = timezone.localdate()
    return render(
        request,
        "accreditation/queue.html",
        {
            "body": body,
            "page": page,
            "state": state,
            "states": [
                (value, label)
                for value, label in State.choices
                if value in AccreditationCase.OPEN_STATES and value != State.DRAFT
            ],
            "duplicates": duplicates,
            "today": today,
        },
    )


# ---------------------------------------------------------------------------------------------
# The expert workspace (К14–К17)


@login_required
def expert_visits(request):
    seats = list(selectors.visits_of_expert(request.user))
    return render(request, "accreditation/expert_visits.html", {"seats": seats})


@login_required
def self_assessment_report(request, pk: int):
    """The self-assessment report for the commission: its first opening is recorded (К16)."""
    case = case_for(request.user, pk)
    if is_commission_expert_of(request.user, case):
        services.accreditation_report_open(case, actor=request.user)
    elif not (represents(request.user, case) or is_body_staff_of(request.user, case)):
        raise Http404
    report = next(
        (e.current for e in attachment_checklist(case) if e.item.code == REPORT_ITEM), None
    )
    if report is None:
        raise Http404
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"{case.number}-self-assessment.pdf",
        content_type=report.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@case_action_errors
def expert_report(request, pk: int):
    case = case_for(request.user, pk)
    if not is_commission_expert_of(request.user, case):
        raise Http404
    standards = Standard.objects.filter(body_id=case.body_id, is_active=True)
    form = forms.ExpertReportForm(request.POST or None, standards=standards)
    open_ = case.state == State.EXPERT_REPORT
    status = 200
    if request.method == "POST" and open_:
        if form.is_valid():
            try:
                services.accreditation_expert_report_submit(
                    case,
                    actor=request.user,
                    summary=form.cleaned_data["summary"],
                    findings=form.findings(),
                    recommendations=form.recommendations(),
                )
            except ValidationError as error:
                _form_errors(form, error)
                status = 400
            except CaseActionError as refusal:
                form.add_error(None, str(refusal.message))
                status = 409
            else:
                messages.success(request, _("The expert report is submitted."))
                return redirect(case)
        else:
            status = 400
    visit = getattr(case, "visit", None)
    return render(
        request,
        "accreditation/expert_report.html",
        {
            "case": case,
            "form": form,
            "visit": visit,
            "due_on": expert_report_due(visit) if visit else None,
            "open": case.state == State.EXPERT_REPORT,
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# The council's vote (К19)


@login_required
def council_inbox(request):
    seats = CouncilMember.objects.filter(user=request.user, is_active=True)
    awaiting = list(selectors.council_cases_awaiting(request.user))
    recent = (
        AccreditationCase.objects.filter(council_id__in=seats.values("council_id"))
        .exclude(state__in=[State.COUNCIL])
        .exclude(council_closed_at=None)
        .select_related("organization", "body__authority")
        .order_by("-council_closed_at")[:20]
    )
    return render(
        request, "accreditation/council_inbox.html", {"awaiting": awaiting, "recent": recent}
    )


@login_required
def council_vote(request, pk: int):
    case = case_for(request.user, pk)
    if not (sits_on_council_of(request.user, case) or is_body_staff_of(request.user, case)):
        raise Http404
    member = CouncilMember.objects.filter(
        council_id=case.council_id, user=request.user, is_active=True
    ).first()
    votes = list(
        CouncilVote.objects.filter(case=case, round=case.council_round).select_related(
            "member__user"
        )
    )
    mine = next((v for v in votes if member and v.member_id == member.pk), None)
    vote_open = case.state == State.COUNCIL and case.council_closed_at is None
    form = forms.VoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if member is None or not vote_open or mine is not None:
            raise Http404
        if form.is_valid():
            try:
                services.accreditation_council_vote(
                    case, actor=request.user, choice=form.cleaned_data["choice"]
                )
            except CaseActionError as refusal:
                form.add_error(None, str(refusal.message))
                status = 409
            else:
                messages.success(request, _("Your vote is recorded."))
                return redirect("accreditation:council_vote", pk=case.pk)
        else:
            status = 400
    entitled = entitled_members(case, timezone.localdate()) if case.council_id else []
    return render(
        request,
        "accreditation/council_vote.html",
        {
            "case": case,
            "form": form,
            "member": member,
            "mine": mine,
            "vote_open": vote_open,
            # Votes stay hidden until the member has voted or the vote is closed.
            "show_votes": not vote_open or mine is not None,
            "votes": votes,
            "cast": len(votes),
            "entitled": len(entitled),
            "conflicted": member is not None and member not in entitled,
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Appeals (К27): the education authority's list


@login_required
def appeals(request):
    cases = [
        case
        for case in AccreditationCase.objects.filter(state=State.UNDER_APPEAL)
        .select_related("organization__region", "body__authority")
        .prefetch_related("appeals")
        .order_by("due_date", "id")
        if is_appeal_authority_of(request.user, case)
    ]
    return render(request, "accreditation/appeals.html", {"cases": cases})


# ---------------------------------------------------------------------------------------------
# Follow-up of recommendations (issue 11, item 9) and duplicates (К28)


def _recommendation_for(user, pk: int) -> Recommendation:
    try:
        recommendation = Recommendation.objects.select_related("case").get(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    case_for(user, recommendation.case_id)
    return recommendation


@login_required
@require_POST
@case_action_errors
def recommendation_evidence(request, pk: int):
    recommendation = _recommendation_for(request.user, pk)
    form = forms.EvidenceForm(request.POST, prefix="evidence")
    if not form.is_valid():
        messages.error(request, _("Describe what the organization has done."))
    else:
        services.accreditation_recommendation_evidence(
            recommendation, actor=request.user, evidence=form.cleaned_data["evidence"]
        )
        messages.success(request, _("The evidence is sent to the body."))
    return redirect(f"{recommendation.case.get_absolute_url()}#rec-{recommendation.pk}")


@login_required
@require_POST
@case_action_errors
def recommendation_close(request, pk: int):
    recommendation = _recommendation_for(request.user, pk)
    services.accreditation_recommendation_close(recommendation, actor=request.user)
    messages.success(request, _("The recommendation is closed as done."))
    return redirect(f"{recommendation.case.get_absolute_url()}#rec-{recommendation.pk}")


@login_required
@require_POST
@case_action_errors
def duplicate_request(request, pk: int):
    try:
        certificate = Certificate.objects.select_related("case").get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
    case_for(request.user, certificate.case_id)
    form = forms.DuplicateRequestForm(request.POST, prefix="duplicate")
    if not form.is_valid():
        messages.error(request, _("Say how the certificate was lost or damaged."))
    else:
        dup = services.accreditation_duplicate_request(
            certificate, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The application for a duplicate is filed; the body issues it by %(day)s.")
            % {"day": _short(dup.due_on)},
        )
    return redirect(certificate.case)


@login_required
@require_POST
@case_action_errors
def duplicate_issue(request, pk: int):
    try:
        dup = DuplicateRequest.objects.select_related("certificate__case").get(pk=pk)
    except DuplicateRequest.DoesNotExist:
        raise Http404 from None
    case_for(request.user, dup.certificate.case_id)
    services.accreditation_duplicate_issue(dup, actor=request.user)
    messages.success(request, _("The duplicate is issued; the original is marked as replaced."))
    return redirect(dup.certificate.case)
