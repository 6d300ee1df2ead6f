"""Browser pages of the registry: the public search, organization pages, the dossier and the
dashboard. Each view parses the request, asks a selector and renders; who may see what is
decided in `registry.selectors`."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .dossier import dossier_sections
from .forms import RegistrySearchForm
from .models import Organization, Region, Role
from .predicates import may_see_dossier

REGISTRY_PAGE_SIZE = 25
AUTHORITY_PAGE_SIZE = 50

# Roles whose work (visits, votes, expert opinions) arrives as tasks from the procedures.
TASK_ROLES = (Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER, Role.EXPERT)


def home(request):
    form = RegistrySearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    organizations = selectors.organization_list_public(**filters)
    page = Paginator(organizations, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/home.html",
        {"form": form, "page": page, "searched": form.is_bound and form.is_valid()},
    )


def organization_detail(request, bin):
    try:
        organization = selectors.organization_get_public(bin)
    except Organization.DoesNotExist:
        raise Http404 from None
    dossier_visible = may_see_dossier(request.user, organization)
    return render(
        request,
        "registry/organization_detail.html",
        {
            "organization": organization,
            "region_chain": _region_chain(organization.region),
            "dossier_visible": dossier_visible,
        },
    )


@login_required
def organization_dossier(request, bin):
    try:
        organization = selectors.organization_get_dossier(request.user, bin)
    except Organization.DoesNotExist:
        # 404, not 403: nobody learns which BINs exist in another jurisdiction.
        raise Http404 from None
    return render(
        request,
        "registry/organization_dossier.html",
        {
            "organization": organization,
            "region_chain": _region_chain(organization.region),
            "sections": dossier_sections(organization, request),
        },
    )


def authority_list(request):
    page = Paginator(selectors.authority_list(), AUTHORITY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "registry/authority_list.html", {"page": page})


def region_list(request):
    return render(request, "registry/region_list.html", {"regions": selectors.region_list()})


@login_required
def dashboard(request):
    """One page for every role: each section shows only for the roles the user holds."""
    user = request.user
    assignments = user.role_assignments
    authority = user.authority
    authority_assignment = next((a for a in assignments if a.role in (Role.STAFF, Role.HEAD)), None)
    return render(
        request,
        "registry/dashboard.html",
        {
            "represented": [a.organization for a in assignments if a.role == Role.APPLICANT],
            "authority": authority,
            "authority_role": authority_assignment.get_role_display()
            if authority_assignment
            else "",
            "jurisdiction_count": (
                selectors.organization_list_public(region=authority.jurisdiction).count()
                if authority
                else None
            ),
            "task_roles": [a.get_role_display() for a in assignments if a.role in TASK_ROLES],
            "is_admin": user.is_admin,
            "has_role": bool(assignments) or user.is_superuser,
        },
    )


def _region_chain(region: Region) -> list[Region]:
    """The region and its ancestors, from the country down, in one query (the KATO path holds
    the chain of codes)."""
    codes = [code for code in region.path.split("/") if code]
    by_code = {r.kato: r for r in Region.objects.filter(kato__in=codes)}
    return [by_code[code] for code in codes if code in by_code]
