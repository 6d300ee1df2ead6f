"""Browser pages of the apostille. Thin: parse, call a service or a selector, render. Rules live
in apostille.services (writes), apostille.selectors (reads) and apostille.permissions (who)."""

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.attachments import attachment_checklist_missing, attachment_page_context
from casework.deadlines import deadline_terms
from casework.document_views import document_download, issued_documents_context
from casework.exceptions import CaseActionError, TransitionRefused
from casework.models import Channel
from casework.service_start import ServiceStart, median_days
from casework.views import case_action_errors, case_page_context
from registry import history
from registry.models import Organization, Procedure, Role

from . import actions, conf, forms, selectors, services
from .models import Apostille, ApostilleRequest, Specimen
from .permissions import acts_for_applicant, handles, is_paper_request, may_keep_specimens
from .steps import request_steps

State = ApostilleRequest.State
PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50
WIZARD_STEPS = ("issuer", "details", "documents", "review")
CHOICE_PAPER = "paper"
CHOICE_SELF = "self"


def _errors_to_form(form, error: ValidationError) -> None:
    for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


def _request_visible(user, pk) -> ApostilleRequest:
    try:
        return selectors.request_visible_to(user).get(pk=pk)
    except ApostilleRequest.DoesNotExist:
        raise Http404 from None


def _apostille_authority(user):
    authority = user.authority
    if authority is None or not authority.handles(Procedure.APOSTILLE):
        return None
    return authority


def _staff_authority(user):
    authority = _apostille_authority(user)
    if authority is None:
        raise PermissionDenied
    return authority


# ---------------------------------------------------------------------------------------------
# The start page


def service_start(request):
    """Who can apply, the documents, the fee, the legal term, how long it usually takes."""
    documents = [str(kind) for kind in selectors.document_type_list()]
    fee = conf.get("APOSTILLE_FEE_AMOUNT")
    service = ServiceStart(
        title=_("Apostille on an education document"),
        summary=_(
            "An apostille certifies the signature and the seal on an education document issued "
            "in the country, so that it is accepted in the states party to the Hague Convention "
            "of 5 October 1961 without further legalisation. You receive an e-Apostille: one "
            "sealed PDF holding the apostille and the scan of your document, which anyone can "
            "check in the e-Register by its number and date."
        ),
        who_can_apply=[
            _("A citizen, for a document issued to them (your account needs your IIN)."),
            _("An education organization, through its representative, on behalf of a graduate."),
            _(
                "On paper: at the authority's counter or through the State Corporation "
                "“Government for Citizens”; staff enter the request."
            ),
        ],
        documents=[
            _("The scan of the document (both sides, every page, legible; PDF, JPEG or PNG)."),
            _("The receipt of the state fee, or its number."),
            _("The kinds of documents accepted: %(kinds)s.") % {"kinds": "; ".join(documents)}
            if documents
            else _("Any education document issued in the country."),
        ],
        fee=_("State fee: %(amount)s tenge, paid before the request is reviewed.")
        % {"amount": fee},
        legal_term=_(
            "%(days)s working days from registration; the clock stands while the request is "
            "back with you for corrections."
        )
        % {"days": conf.get("APOSTILLE_TERM_WORKING_DAYS")},
        start_url=reverse("apostille:wizard_new"),
        start_label=_("Request an apostille"),
        median_days=median_days(
            ApostilleRequest.objects.filter(decided_at__isnull=False),
            "registered_at",
            "decided_at",
        ),
        clauses=[
            _(
                "Convention Abolishing the Requirement of Legalisation for Foreign Public "
                "Documents (The Hague, 5 October 1961)"
            ),
            _(
                "The rules of the public service “Apostille on official documents issued by "
                "education organizations”"
            ),
        ],
        notes=[
            _(
                "The portal checks that the school held a license for the level on the issue "
                "date, that the signer was its head or deputy then, and that the document was "
                "not apostilled before."
            ),
        ],
    )
    return render(request, "casework/service_start.html", {"service": service})


# ---------------------------------------------------------------------------------------------
# The applicant's requests and the wizard: issuer → details → documents → review


@login_required
def my_requests(request):
    user = request.user
    rows = (
        selectors.request_visible_to(user)
        .filter(Q(applicant=user) | Q(organization_id__in=user.represented_organization_ids))
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "apostille/my_requests.html", {"page": page})


def _filing_choices(user) -> list[tuple[str, str]]:
    """For whom the user may file: themselves (a citizen), a graduate of an organization they
    represent, or a paper request (staff of an authority handling apostilles)."""
    choices = []
    if user.has_role(Role.CITIZEN):
        choices.append((CHOICE_SELF, _("For my own document")))
    for organization in Organization.objects.filter(
        pk__in=user.represented_organization_ids
    ).order_by("name"):
        choices.append(
            (
                str(organization.pk),
                _("On behalf of a graduate, for %(organization)s") % {"organization": organization},
            )
        )
    if _apostille_authority(user) is not None:
        choices.append(
            (
                CHOICE_PAPER,
                _("A paper request received in person or through the State Corporation"),
            )
        )
    return choices


def _issuer_results(form) -> list[tuple[Organization, str]]:
    if not form.is_valid():
        return []
    day = form.cleaned_data["issued_on"]
    return [
        (organization, selectors.name_in(selectors.organization_names_on(organization, day)))
        for organization in selectors.issuing_organization_search(form.cleaned_data["q"])
    ]


@login_required
def wizard_new(request):
    """Step 1 of a new request: for whom, and the issuing organization found in the registry
    under its name on the issue date."""
    choices = _filing_choices(request.user)
    if not choices:
        raise PermissionDenied
    search = forms.IssuerSearchForm(request.GET if "q" in request.GET else None)
    return render(
        request,
        "apostille/wizard.html",
        {
            "step": "issuer",
            "steps": WIZARD_STEPS,
            "search": search,
            "results": _issuer_results(search),
            "choices": choices,
            "chosen": request.GET.get("on_behalf") or choices[0][0],
            "choose_url": reverse("apostille:wizard_new_details"),
        },
    )


@login_required
def wizard_new_details(request):
    """Step 2 of a new request: the document's details; saving creates the draft."""
    user = request.user
    choices = dict(_filing_choices(user))
    source = request.POST if request.method == "POST" else request.GET
    on_behalf = source.get("on_behalf", "")
    if on_behalf not in choices:
        return redirect("apostille:wizard_new")
    try:
        issuer = Organization.objects.get(pk=int(source.get("issuer", "")))
    except (ValueError, Organization.DoesNotExist):
        messages.error(request, _("Choose the issuing organization from the list."))
        return redirect("apostille:wizard_new")
    citizen = on_behalf == CHOICE_SELF
    paper = on_behalf == CHOICE_PAPER
    initial = {"language": user.language, "issued_on": source.get("issued_on") or None}
    form = forms.DetailsForm(
        request.POST if request.method == "POST" else None, citizen=citizen, initial=initial
    )
    paper_form = forms.PaperForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and (not paper or paper_form.is_valid()):
        details = {**form.cleaned_data, "issuer": issuer}
        try:
            if paper:
                created = services.apostille_request_create(
                    actor=user, channel=paper_form.cleaned_data["channel"], **details
                )
            else:
                organization = None if citizen else Organization.objects.get(pk=int(on_behalf))
                created = services.apostille_request_create(
                    actor=user, organization=organization, **details
                )
        except ValidationError as error:
            _errors_to_form(form, error)
        except CaseActionError as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(
                request,
                _("Draft %(number)s is saved with the document's details. Attach the scan next.")
                % {"number": created.number},
            )
            return redirect("apostille:wizard", pk=created.pk, step="documents")
    day = form.data.get("issued_on") if form.is_bound else initial["issued_on"]
    try:
        day = datetime.date.fromisoformat(day) if day else None
    except ValueError:
        day = None
    return render(
        request,
        "apostille/wizard.html",
        {
            "step": "details",
            "steps": WIZARD_STEPS,
            "form": form,
            "paper_form": paper_form if paper else None,
            "issuer": issuer,
            "issuer_name": selectors.name_in(
                selectors.organization_names_on(issuer, day or timezone.localdate())
            ),
            "on_behalf": on_behalf,
            "on_behalf_label": choices[on_behalf],
            "citizen": citizen,
        },
    )


def _draft_for(request, pk):
    draft = _request_visible(request.user, pk)
    if not acts_for_applicant(request.user, draft):
        raise Http404
    if draft.state not in (State.DRAFT, State.RETURNED):
        return None, redirect(draft)
    return draft, None


def _details_initial(draft) -> dict:
    return {
        name: getattr(draft, name)
        for name in (
            "document_type",
            "level",
            "series",
            "document_number",
            "issued_on",
            "holder_name",
            "holder_iin",
            "signer_name",
            "country_of_use",
            "language",
            "form",
            "fee_receipt_number",
        )
    }


@login_required
@case_action_errors
def wizard(request, pk: int, step: str):
    if step not in WIZARD_STEPS:
        raise Http404
    draft, done = _draft_for(request, pk)
    if done:
        return done
    user = request.user
    citizen = draft.channel == Channel.PORTAL and draft.organization_id is None
    context = {"application": draft, "step": step, "steps": WIZARD_STEPS, "citizen": citizen}
    if step == "issuer":
        if request.method == "POST":
            try:
                issuer = Organization.objects.get(pk=int(request.POST.get("issuer", "")))
            except (ValueError, Organization.DoesNotExist):
                messages.error(request, _("Choose the issuing organization from the list."))
                return redirect("apostille:wizard", pk=draft.pk, step="issuer")
            services.apostille_request_update(draft, actor=user, issuer=issuer)
            messages.success(
                request, _("Saved: the issuing organization is %(name)s.") % {"name": issuer}
            )
            return redirect("apostille:wizard", pk=draft.pk, step="details")
        search = forms.IssuerSearchForm(
            request.GET if "q" in request.GET else None, initial={"issued_on": draft.issued_on}
        )
        context.update(
            search=search,
            results=_issuer_results(search),
            choose_url=reverse("apostille:wizard", args=[draft.pk, "issuer"]),
            choose_method="post",
        )
    elif step == "details":
        form = forms.DetailsForm(
            request.POST if request.method == "POST" else None,
            citizen=citizen,
            initial=_details_initial(draft),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.apostille_request_update(draft, actor=user, **form.cleaned_data)
            except ValidationError as error:
                _errors_to_form(form, error)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("Saved: the document's details."))
                return redirect("apostille:wizard", pk=draft.pk, step="documents")
        context.update(
            form=form,
            issuer=draft.issuer,
            issuer_name=selectors.name_in(
                selectors.organization_names_on(draft.issuer, draft.issued_on)
            ),
        )
    elif step == "documents":
        context.update(attachment_page_context(draft, user))
    else:
        paper = is_paper_request(user, draft)
        received = forms.ReceivedForm(
            request.POST if request.method == "POST" and paper else None,
            initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
        )
        if request.method == "POST":
            if draft.state == State.RETURNED:
                services.apostille_request_submit_corrections(draft, actor=user)
                messages.success(request, _("The corrections are sent; the term runs again."))
                return redirect(draft)
            if not paper or received.is_valid():
                submitted = services.apostille_request_submit(
                    draft,
                    actor=user,
                    received_at=received.cleaned_data["received_at"] if paper else None,
                )
                messages.success(
                    request,
                    _(
                        "Request %(number)s is registered; the term of the service runs until "
                        "%(due)s."
                    )
                    % {
                        "number": submitted.number,
                        "due": date_format(submitted.due_date, "SHORT_DATE_FORMAT")
                        if submitted.due_date
                        else "—",
                    },
                )
                return redirect(submitted)
        context.update(
            missing_details=services.missing_details(draft),
            missing=attachment_checklist_missing(draft),
            fee_missing=not services._fee_evidenced(draft),
            received_form=received if paper else None,
            issuer_name=selectors.name_in(
                selectors.organization_names_on(draft.issuer, draft.issued_on)
            ),
            **attachment_page_context(draft, user),
        )
    return render(request, "apostille/wizard.html", context)


# ---------------------------------------------------------------------------------------------
# The case page and its actions


@login_required
def request_detail(request, pk: int):
    return _request_page(request, _request_visible(request.user, pk))


def _request_page(request, case, bound=None, status=200):
    """The case page; `bound` is an action's form as the user filled it, shown with its errors
    when the action was refused, so nothing typed is lost."""
    user = request.user
    offered = []
    for action in actions.available_actions(case, user):
        if bound is not None and bound.prefix == action.name:
            form = bound
        else:
            form = action.form(prefix=action.name) if action.form else None
        if action.name == "confirm_check" and form is not None:
            kinds = actions.checks_to_confirm(case)
            form.fields["kind"].choices = [
                (value, label) for value, label in form.fields["kind"].choices if value in kinds
            ]
        offered.append((action, form))
    if bound is not None and not any(action.name == bound.prefix for action, _f in offered):
        for error in bound.non_field_errors():
            messages.error(request, error)
    terms = deadline_terms(case, services.DEADLINE_SERVICE)
    apostilles = list(case.apostilles.select_related("duplicate_of").order_by("pk"))
    staff = handles(user, case) or user.is_admin
    context = {
        **case_page_context(case),
        "application": case,
        "actions": offered,
        "terms": terms,
        "steps": request_steps(case, terms=terms),
        "checks": list(case.checks.select_related("confirmed_by").order_by("kind")),
        "issuer_name": selectors.name_in(
            selectors.organization_names_on(case.issuer, case.issued_on)
        ),
        "apostilles": apostilles,
        "is_staff": staff,
        "is_applicant": acts_for_applicant(user, case),
        "may_edit": acts_for_applicant(user, case) and case.state in (State.DRAFT, State.RETURNED),
        **attachment_page_context(case, user),
        **issued_documents_context(case),
    }
    context["attachment_can_upload"] = False
    return render(request, "apostille/request_detail.html", context, status=status)


@login_required
@require_POST
def request_action(request, pk: int, action: str):
    case = _request_visible(request.user, pk)
    chosen = actions.ACTIONS.get(action)
    if chosen is None:
        raise Http404
    form = chosen.form(request.POST, prefix=chosen.name) if chosen.form else None
    if form is not None and not form.is_valid():
        return _request_page(request, case, bound=form, status=400)
    if chosen.confirm and "back" in request.POST:
        return _request_page(request, case, bound=form)
    if chosen.confirm and request.POST.get("confirmed") != "1":
        # Nothing happens before the person has read what the decision does.
        return render(
            request,
            "apostille/confirm_action.html",
            {
                "application": case,
                "action": chosen,
                "consequences": _consequences(case, chosen, form),
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
        result = chosen.call(case, request.user, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect(case)
        _errors_to_form(form, error)
        return _request_page(request, case, bound=form, status=400)
    except CaseActionError as refusal:
        # Refused (a rule, or the case moved on): the page shows why and keeps what was typed.
        if form is None:
            messages.error(request, refusal.message)
            return redirect(case)
        form.add_error(None, str(refusal.message))
        return _request_page(request, _request_visible(request.user, pk), bound=form, status=409)
    if isinstance(result, Apostille):
        messages.success(
            request,
            _("Apostille № %(number)s is affixed on %(date)s; its PDF is being sealed.")
            % {"number": result.number, "date": date_format(result.issued_on, "SHORT_DATE_FORMAT")},
        )
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
    return redirect(case)


def _consequences(case, action, form) -> list[str]:
    """What a decision with legal consequences does, in sentences."""
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    data = form.cleaned_data if form is not None else {}
    if action.name == "affix":
        lines = [
            _(
                "An apostille is affixed on %(today)s to the %(kind)s № %(number)s of "
                "%(holder)s, under a number the register allots, and entered in the public "
                "e-Register."
            )
            % {
                "today": today,
                "kind": case.document_type,
                "number": f"{case.series} {case.document_number}".strip(),
                "holder": case.holder_name,
            },
            _(
                "Its certificate is issued in %(form)s form, its fields in %(language)s, sealed "
                "by the authority; the applicant downloads it from the case page."
            )
            % {"form": case.get_form_display().lower(), "language": case.get_language_display()},
        ]
        if data.get("duplicate"):
            lines.append(_("It is a duplicate of the earlier apostille of the same document."))
        lines.append(
            _("An apostille issued in error can only be revoked afterwards, with the reason.")
        )
        return lines
    if action.name == "refuse":
        reasons = [str(r) for r in data.get("reasons", [])]
        text = data.get("text", "")
        return [
            _(
                "Request %(number)s is refused on %(today)s: no apostille is affixed, and its "
                "term ends."
            )
            % {"number": case.number, "today": today},
            _("A letter stating the reasons is issued and the applicant is told."),
            _("Reasons: %(reasons)s")
            % {"reasons": "; ".join([*reasons, text] if text else reasons)},
        ]
    return [
        _(
            "Request %(number)s is withdrawn on %(today)s: it is not considered further and its "
            "term ends. The state fee paid is not part of the request any more."
        )
        % {"number": case.number, "today": today},
    ]


@login_required
def request_download(request, pk: int, document: int, language: str):
    """The applicant downloads the e-Apostille (or the letter): the request is then
    delivered."""
    case = _request_visible(request.user, pk)
    if not any(d.pk == document for d in issued_documents_context(case)["issued_documents"]):
        raise Http404
    if (
        case.state in (State.AFFIXED, State.REFUSED)
        and acts_for_applicant(request.user, case)
        and not is_paper_request(request.user, case)
    ):
        # Delivered meanwhile (another tab): the download goes on.
        with contextlib.suppress(CaseActionError):
            services.apostille_request_deliver(case, actor=request.user)
    return document_download(request, document, language)


@login_required
@case_action_errors
def apostille_revoke(request, pk: int):
    """Revoke an apostille issued in error, with the reason, through a confirmation page."""
    apostille = get_object_or_404(Apostille.objects.select_related("request"), pk=pk)
    case = _request_visible(request.user, apostille.request_id)
    if not handles(request.user, case):
        raise Http404
    form = forms.RevokeForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if "back" not in request.POST and request.POST.get("confirmed") == "1":
            services.apostille_revoke(
                apostille, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Apostille № %(number)s is revoked; the e-Register says so from today.")
                % {"number": apostille.number},
            )
            return redirect(case)
        confirming = "back" not in request.POST
    return render(
        request,
        "apostille/revoke.html",
        {"apostille": apostille, "application": case, "form": form, "confirming": confirming},
    )


# ---------------------------------------------------------------------------------------------
# Staff: the queue


@login_required
def queue(request):
    authority = _staff_authority(request.user)
    form = forms.QueueFilterForm(request.GET or None)
    rows = selectors.request_queue(authority)
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            rows = rows.filter(state=data["state"])
        if data["channel"]:
            rows = rows.filter(channel=data["channel"])
        if data["q"]:
            query = data["q"].strip()
            rows = rows.filter(
                Q(number__icontains=query)
                | Q(holder_name__icontains=query)
                | Q(document_number__icontains=query)
            )
        if data["overdue"]:
            rows = rows.filter(due_date__lt=timezone.localdate())
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "apostille/queue.html",
        {"form": form, "page": page, "today": timezone.localdate()},
    )


# ---------------------------------------------------------------------------------------------
# Staff: the specimen register


def _specimen_keeper(user):
    if not (user.is_admin or _apostille_authority(user) is not None):
        raise PermissionDenied


@login_required
def specimens(request):
    _specimen_keeper(request.user)
    form = forms.SpecimenOrganizationForm(request.GET or None)
    found = (
        list(selectors.issuing_organization_search(form.cleaned_data["q"]))
        if form.is_valid()
        else []
    )
    return render(request, "apostille/specimens.html", {"form": form, "found": found})


@login_required
def specimen_list(request, organization: int):
    _specimen_keeper(request.user)
    organization = get_object_or_404(Organization, pk=organization)
    may_keep = may_keep_specimens(request.user, organization)
    form = forms.SpecimenForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_keep:
            raise PermissionDenied
        if form.is_valid():
            try:
                specimen = services.specimen_create(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Saved: %(signer)s signs for %(organization)s from %(from)s.")
                    % {
                        "signer": specimen,
                        "organization": organization,
                        "from": date_format(specimen.valid_from, "SHORT_DATE_FORMAT"),
                    },
                )
                return redirect("apostille:specimen_list", organization=organization.pk)
    return render(
        request,
        "apostille/specimen_list.html",
        {
            "organization": organization,
            "specimens": list(selectors.specimens_of(organization).select_related("recorded_by")),
            "form": form if may_keep else None,
        },
    )


@login_required
def specimen_edit(request, pk: int):
    _specimen_keeper(request.user)
    specimen = get_object_or_404(Specimen.objects.select_related("organization"), pk=pk)
    if not may_keep_specimens(request.user, specimen.organization):
        raise PermissionDenied
    form = forms.SpecimenForm(request.POST or None, request.FILES or None, instance=specimen)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.specimen_update(
                Specimen.objects.get(pk=specimen.pk), actor=request.user, **fields
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
            messages.success(
                request,
                _("Saved: %(what)s.") % {"what": changed}
                if changed
                else _("Nothing changed: the specimen is as it was."),
            )
            return redirect("apostille:specimen_list", organization=specimen.organization_id)
    return render(
        request,
        "apostille/specimen_form.html",
        {"specimen": specimen, "form": form, "entries": history.object_history(specimen)},
    )


# ---------------------------------------------------------------------------------------------
# The public e-Register


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - an address, not a bind


def register(request):
    """Find an apostille by its number AND its date of issue; never the holder."""
    form = forms.RegisterLookupForm(request.GET if request.GET else None)
    entry = None
    searched = False
    refusal = ""
    if form.is_valid():
        searched = True
        try:
            entry = services.register_lookup_or_refuse(
                address=_client_address(request),
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["date"],
            )
        except TransitionRefused as refused:
            refusal = str(refused.message)
    return render(
        request,
        "apostille/register.html",
        {"form": form, "entry": entry, "searched": searched, "refusal": refusal},
        status=429 if refusal else 200,
    )
