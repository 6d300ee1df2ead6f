"""Reads of the registry, and the one place that says which rows a user may see.

Public data (names, BIN, region, levels, status, address) is open to anyone. An organization's
dossier — contacts, representatives, history — is visible to admins, to the staff of authorities
whose jurisdiction covers it, and to the people who represent it. Every page and API endpoint
asks these functions, so the rule lives here only.
"""

import re

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from .models import (
    Authority,
    EducationLevel,
    Expert,
    ExpertAffiliation,
    Organization,
    OrganizationEvent,
    Qualification,
    Region,
    Role,
    Specialty,
    User,
)


def organization_list_public(
    *,
    query: str = "",
    region: Region | None = None,
    level: EducationLevel | None = None,
    status: str = "",
) -> QuerySet[Organization]:
    """The public registry: every organization, searchable by name or BIN, region and level."""
    qs = Organization.objects.select_related("region").prefetch_related("levels")
    if query:
        qs = qs.filter(organization_matching(query))
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    if level is not None:
        qs = qs.filter(levels=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def organization_matching(query: str) -> Q:
    """The registry search rule: digits are the beginning of a BIN, anything else a part of the
    full or short name in any of the languages, whatever the letter case."""
    query = query.strip()
    if query.isdigit():
        return Q(bin__startswith=query)
    condition = Q()
    for language in ("kk", "ru", "en"):
        condition |= _contains_ignoring_case(f"name_{language}", query)
        condition |= _contains_ignoring_case(f"short_name_{language}", query)
    return condition


def _contains_ignoring_case(field: str, value: str) -> Q:
    # SQLite (the embedded demo) folds the case of Latin letters only, so "гимназия" would not
    # find "Гимназия"; its REGEXP runs Python's re, which folds every alphabet. PostgreSQL's
    # UPPER does.
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__iregex": re.escape(value)})
    return Q(**{f"{field}__icontains": value})


def organization_get_public(bin_: str) -> Organization:
    return (
        Organization.objects.select_related(
            "region__parent", "supervising_body", "parent", "successor"
        )
        .prefetch_related("levels", "branches")
        .get(bin=bin_)
    )


def organization_dossier_visible_to(user: User) -> QuerySet[Organization]:
    """Organizations whose non-public data the user may see."""
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    if user.is_admin:
        return Organization.objects.all()
    condition = Q(pk__in=user.represented_organization_ids)
    authority = user.authority
    if authority is not None:
        condition |= Q(region__path__startswith=authority.jurisdiction.path)
    return Organization.objects.filter(condition)


def organization_get_dossier(user: User, bin_: str) -> Organization:
    """One organization's dossier; DoesNotExist for one the user may not see (a 404, not a 403,
    so nobody learns which BINs exist in other jurisdictions)."""
    return (
        organization_dossier_visible_to(user)
        .select_related("region", "supervising_body", "parent", "successor")
        .prefetch_related(
            "levels",
            Prefetch("representatives", queryset=_applicant_roles()),
            Prefetch("events", queryset=OrganizationEvent.objects.select_related("recorded_by")),
        )
        .get(bin=bin_)
    )


def _applicant_roles():
    from .models import RoleAssignment

    return RoleAssignment.objects.filter(role=Role.APPLICANT).select_related("user")


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent")


def authority_list() -> QuerySet[Authority]:
    return Authority.objects.select_related("jurisdiction", "parent")


def authority_for(region: Region, procedure: str) -> Authority | None:
    """The authority that handles a procedure for an organization in this region: the one with
    the narrowest jurisdiction that covers it."""
    ancestors = [p + "/" for p in _path_prefixes(region.path)]
    candidates = Authority.objects.filter(jurisdiction__path__in=ancestors).select_related(
        "jurisdiction"
    )
    handling = [a for a in candidates if a.handles(procedure)]
    return max(handling, key=lambda a: len(a.jurisdiction.path), default=None)


def _path_prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def education_level_list() -> QuerySet[EducationLevel]:
    return EducationLevel.objects.all()


def specialty_list() -> QuerySet[Specialty]:
    return Specialty.objects.select_related("level")


def qualification_list() -> QuerySet[Qualification]:
    return Qualification.objects.select_related("specialty__level")


def expert_list_public() -> QuerySet[Expert]:
    return Expert.objects.prefetch_related("levels", "specialties").select_related("region")


def expert_affiliations_visible_to(user: User) -> bool:
    """Affiliations (used for conflict-of-interest checks) are for staff and admins only."""
    return user.is_authenticated and (user.is_admin or user.authority is not None)


def expert_list_for(user: User) -> QuerySet[Expert]:
    """The expert registry as this user may see it: with affiliations for staff and admins."""
    experts = expert_list_public()
    if expert_affiliations_visible_to(user):
        experts = experts.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=ExpertAffiliation.objects.select_related("organization").order_by(
                    "-started_on", "id"
                ),
            )
        )
    return experts
