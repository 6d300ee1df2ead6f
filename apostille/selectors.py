"""Reads of the apostille: issuing organizations under the names they had, who sees which
request, the staff queue, the e-Register's answer and the service statistics."""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import translation

from registry.models import Organization, OrganizationEvent, Role

from .models import (
    Apostille,
    ApostilleRequest,
    Decision,
    DocumentType,
    Form,
    RefusalReason,
    Specimen,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# ---------------------------------------------------------------------------------------------
# Issuing organizations under the names they had


def organization_names_on(organization: Organization, day: datetime.date) -> dict[str, str]:
    """The organization's full name in each language on `day`: the name before the first
    rename that took effect after that day, else the current one (registry's rename events)."""
    later = (
        OrganizationEvent.objects.filter(
            organization=organization,
            kind=OrganizationEvent.Kind.RENAME,
            effective_date__gt=day,
        )
        .order_by("effective_date", "id")
        .first()
    )
    current = {code: getattr(organization, f"name_{code}", "") or "" for code in LANGUAGE_CODES}
    if later is None:
        return _filled(current)
    before = (later.before or {}).get("name") or {}
    return _filled({code: before.get(code) or current[code] for code in LANGUAGE_CODES})


def _filled(names: dict[str, str]) -> dict[str, str]:
    """Every language given a name: a missing one falls back to Russian, then to any."""
    fallback = names.get("ru") or next((n for n in names.values() if n), "")
    return {code: name or fallback for code, name in names.items()}


def name_in(names: dict[str, str], language: str | None = None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return names.get(language) or names.get("ru") or next(iter(names.values()), "")


def issuing_organization_search(query: str, *, limit: int = 20) -> QuerySet[Organization]:
    """Organizations that may have issued a document, found by BIN, by their current name or by
    any name they had before a rename — closed and reorganized ones included."""
    query = (query or "").strip()
    if not query:
        return Organization.objects.none()
    if query.isdigit():
        return Organization.objects.filter(bin__startswith=query).order_by("name")[:limit]
    by_name = Q()
    for code in LANGUAGE_CODES:
        by_name |= Q(**{f"name_{code}__icontains": query})
        by_name |= Q(**{f"short_name_{code}__icontains": query})
    renamed = Q()
    for code in LANGUAGE_CODES:
        renamed |= Q(**{f"before__name__{code}__icontains": query})
    former = OrganizationEvent.objects.filter(renamed, kind=OrganizationEvent.Kind.RENAME)
    return (
        Organization.objects.filter(by_name | Q(pk__in=former.values("organization_id")))
        .select_related("region")
        .order_by("name")[:limit]
    )


# ---------------------------------------------------------------------------------------------
# Requests


def request_visible_to(user) -> QuerySet[ApostilleRequest]:
    """The requests a user may see: a citizen their own, a representative those of the
    organizations they represent (and their own), staff their authority's, admins all."""
    rows = ApostilleRequest.objects.select_related(
        "document_type", "issuer", "authority", "applicant"
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return rows.none()
    if user.is_admin:
        return rows
    authority_ids = [
        a.authority_id for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)
    ]
    return rows.filter(
        Q(applicant=user)
        | Q(organization_id__in=user.represented_organization_ids)
        | Q(authority_id__in=authority_ids)
    )


def request_queue(authority, *, states=None) -> QuerySet[ApostilleRequest]:
    """The staff queue of an authority: open requests, nearest legal term first."""
    states = states or [
        ApostilleRequest.State.SUBMITTED,
        ApostilleRequest.State.COMPLETENESS_CHECK,
        ApostilleRequest.State.RETURNED,
        ApostilleRequest.State.REVIEW,
        ApostilleRequest.State.AFFIXED,
    ]
    return (
        ApostilleRequest.objects.filter(authority=authority, state__in=states)
        .select_related("document_type", "issuer", "applicant", "assignee")
        .prefetch_related("checks")
        .order_by("due_date", "submitted_at", "pk")
    )


def specimens_of(organization: Organization) -> QuerySet[Specimen]:
    return Specimen.objects.filter(organization=organization).order_by("-valid_from", "id")


# ---------------------------------------------------------------------------------------------
# The e-Register


@dataclasses.dataclass(frozen=True)
class RegisterEntry:
    """What the e-Register says of an apostille (the HCCH e-APP model): never whose document
    it is, nor the holder's IIN."""

    number: str
    issued_on: datetime.date
    signed_by: str
    capacity: str
    seal_of: str
    issued_by: str
    place: str
    form: str
    form_label: str
    status: str
    status_label: str
    revoked_on: datetime.date | None
    is_duplicate: bool


def normalized_number(number: str) -> str:
    return "".join((number or "").split()).upper()


def register_entry(number: str, issued_on: datetime.date | None) -> RegisterEntry | None:
    """The apostille with this number issued on this day, or None: a number alone, or a wrong
    date, finds nothing."""
    number = normalized_number(number)
    if not number or issued_on is None:
        return None
    apostille = (
        Apostille.objects.filter(number=number, issued_on=issued_on)
        .select_related("authority")
        .first()
    )
    return entry_of(apostille) if apostille is not None else None


def entry_of(apostille: Apostille) -> RegisterEntry:
    return RegisterEntry(
        number=apostille.number,
        issued_on=apostille.issued_on,
        signed_by=apostille.signed_by,
        capacity=apostille.capacity,
        seal_of=apostille.seal_of,
        issued_by=apostille.authority_name,
        place=apostille.place,
        form=apostille.form,
        form_label=str(Form(apostille.form).label),
        status=apostille.status,
        status_label=str(Apostille.Status(apostille.status).label),
        revoked_on=apostille.revoked_on,
        is_duplicate=apostille.duplicate_of_id is not None,
    )


# ---------------------------------------------------------------------------------------------
# Statistics


@dataclasses.dataclass(frozen=True)
class StatisticsRow:
    period: datetime.date
    authority_id: int | None
    channel: str
    affixed: int
    refused: int
    withdrawn: int


def apostille_statistics(
    date_from: datetime.date,
    date_to: datetime.date,
    *,
    period: str = "year",
    authority=None,
) -> list[StatisticsRow]:
    """Requests affixed, refused and withdrawn per period ("year" or "month"), authority and
    channel, counted by the day of the decision (or the withdrawal), both ends included; a
    request delivered since still counts under its decision."""
    trunc = {"year": TruncYear, "month": TruncMonth}[period]
    decided = Q(decided_at__date__gte=date_from, decided_at__date__lte=date_to)
    withdrawn = Q(withdrawn_at__date__gte=date_from, withdrawn_at__date__lte=date_to)
    rows = ApostilleRequest.objects.all()
    if authority is not None:
        rows = rows.filter(authority=authority)
    decisions = (
        rows.filter(decided)
        .annotate(period=trunc("decided_at"))
        .values("period", "authority_id", "channel")
        .annotate(
            affixed=Count("pk", filter=Q(decision=Decision.AFFIXED)),
            refused=Count("pk", filter=Q(decision=Decision.REFUSED)),
        )
        .order_by()
    )
    withdrawals = (
        rows.filter(withdrawn, state=ApostilleRequest.State.WITHDRAWN)
        .annotate(period=trunc("withdrawn_at"))
        .values("period", "authority_id", "channel")
        .annotate(withdrawn=Count("pk"))
        .order_by()
    )
    table: dict[tuple, dict] = {}
    for row in decisions:
        key = (_day(row["period"]), row["authority_id"], row["channel"])
        table.setdefault(key, {"affixed": 0, "refused": 0, "withdrawn": 0})
        table[key]["affixed"] += row["affixed"]
        table[key]["refused"] += row["refused"]
    for row in withdrawals:
        key = (_day(row["period"]), row["authority_id"], row["channel"])
        table.setdefault(key, {"affixed": 0, "refused": 0, "withdrawn": 0})
        table[key]["withdrawn"] += row["withdrawn"]
    return [
        StatisticsRow(period, authority_id, channel, **counts)
        for (period, authority_id, channel), counts in sorted(
            table.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
        )
    ]


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# ---------------------------------------------------------------------------------------------
# Classifiers for forms


def document_type_list() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(is_active=True).prefetch_related("levels")


def refusal_reason_list() -> QuerySet[RefusalReason]:
    return RefusalReason.objects.filter(is_active=True)
