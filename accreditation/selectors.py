"""Reads of accreditation: for its own services, for attestation (issue 11, item 11: organizations
and programmes with a valid accreditation are listed apart in the schedule proposal), and the
public registers (К24), each costing a fixed number of queries however many rows it returns."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import conf
from .models import (
    AccreditationBody,
    AccreditationCase,
    Appeal,
    Certificate,
    CouncilMember,
    CouncilVote,
    ExpertReport,
    ExpertSeat,
    ExpertVisit,
    Kind,
    Recommendation,
)


def certificates_valid_on(day: datetime.date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        status=Certificate.Status.ACTIVE, valid_from__lte=day, valid_until__gte=day
    )


def institutional_certificate_valid(organization_id: int, day: datetime.date) -> bool:
    """К8: the organization holds an institutional (or combined) certificate valid on the day."""
    return (
        certificates_valid_on(day)
        .filter(organization_id=organization_id, kind__in=[Kind.INSTITUTIONAL, Kind.COMBINED])
        .exists()
    )


# ---------------------------------------------------------------------------------------------
# For attestation (attestation → accreditation; accreditation never imports attestation)


def accredited_organization_ids(on_date: datetime.date) -> set[int]:
    """Organizations with an institutional accreditation valid on the day."""
    return set(
        certificates_valid_on(on_date)
        .filter(kind__in=[Kind.INSTITUTIONAL, Kind.COMBINED])
        .values_list("organization_id", flat=True)
    )


def accredited_programmes(on_date: datetime.date) -> set[tuple[int, int]]:
    """(organization id, registry.Specialty id) of every programme with a specialized
    accreditation valid on the day."""
    return set(
        certificates_valid_on(on_date)
        .filter(kind__in=[Kind.SPECIALIZED, Kind.COMBINED])
        .values_list("organization_id", "programmes")
        .exclude(programmes=None)
    )


def accreditation_exempts_from_attestation() -> bool:
    """Whether a valid accreditation exempts from state attestation (a setting, off: the 2008
    attestation Instruction does not exempt it)."""
    return bool(conf.get("ACCREDITATION_EXEMPTS_FROM_ATTESTATION"))


# ---------------------------------------------------------------------------------------------
# Public registers (К24)


def bodies_register() -> QuerySet[AccreditationBody]:
    return AccreditationBody.objects.select_related("authority").order_by("authority__name")


def bodies_certified_on(day: datetime.date) -> QuerySet[AccreditationBody]:
    return bodies_register().filter(certified_from__lte=day, certified_until__gte=day)


def _recommendations_counted(status: str):
    """How many recommendations of the certificate's case are in the status, as a subquery
    (evaluated for the rows of the page only, not for the whole register)."""
    return Coalesce(
        Subquery(
            Recommendation.objects.filter(case_id=OuterRef("case_id"), status=status)
            .order_by()
            .values("case_id")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def register_annotate(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """Whether an appeal is open on the decision and how many recommendations are open, done,
    overdue (К24, item 9)."""
    open_appeal = Appeal.objects.filter(case_id=OuterRef("case_id"), outcome=Appeal.Outcome.OPEN)
    return certificates.annotate(
        under_appeal=Exists(open_appeal),
        recommendations_open=_recommendations_counted(Recommendation.Status.OPEN),
        recommendations_done=_recommendations_counted(Recommendation.Status.DONE),
        recommendations_overdue=_recommendations_counted(Recommendation.Status.OVERDUE),
    )


def certificate_register(
    *,
    query: str = "",
    kind: str = "",
    body=None,
    status: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Certificate]:
    """The register of accredited organizations and programmes: every certificate with its
    organization, body, case (decision, published report), programmes, whether an appeal is open
    and how many recommendations are open, done, overdue. Three queries for any page."""
    qs = register_annotate(
        Certificate.objects.select_related(
            "organization", "body__authority", "case", "document", "previous"
        ).prefetch_related(Prefetch("programmes"))
    )
    if query:
        query = query.strip()
        if query.isdigit():
            qs = qs.filter(organization__bin__startswith=query)
        else:
            condition = Q(number__icontains=query) | Q(programmes__code__istartswith=query)
            for code in settings.MODELTRANSLATION_LANGUAGES:
                condition |= Q(**{f"organization__name_{code}__icontains": query})
            qs = qs.filter(condition).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    if body is not None:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    if updated_since is not None:
        # The change feed: what changed since the mirror's last visit, oldest change first.
        return qs.filter(updated_at__gte=updated_since).order_by("updated_at", "id")
    return qs.order_by("-issued_on", "-id")


def certificate_get_public(number: str) -> Certificate | None:
    return (
        register_annotate(
            Certificate.objects.select_related(
                "organization", "body__authority", "case", "document", "previous", "next_cycle"
            ).prefetch_related("programmes")
        )
        .filter(number=number)
        .first()
    )


ProgrammeRow = Certificate.programmes.through


def programme_register(*, query: str = "", kind: str = "", body=None, status: str = "") -> QuerySet:
    """The register of accredited programmes: one row per programme of a specialized or
    combined certificate, with its certificate (programme_rows_attach adds the appeal and
    follow-up figures to a page of rows)."""
    rows = ProgrammeRow.objects.select_related(
        "specialty",
        "certificate__organization",
        "certificate__body__authority",
        "certificate__case",
        "certificate__document",
    ).filter(certificate__kind__in=[Kind.SPECIALIZED, Kind.COMBINED])
    if query:
        query = query.strip()
        if query.isdigit():
            rows = rows.filter(certificate__organization__bin__startswith=query)
        else:
            condition = (
                Q(certificate__number__icontains=query)
                | Q(specialty__code__istartswith=query)
                | Q(specialty__name__icontains=query)
            )
            for code in settings.MODELTRANSLATION_LANGUAGES:
                condition |= Q(**{f"certificate__organization__name_{code}__icontains": query})
            rows = rows.filter(condition)
    if kind:
        rows = rows.filter(certificate__kind=kind)
    if body is not None:
        rows = rows.filter(certificate__body=body)
    if status:
        rows = rows.filter(certificate__status=status)
    return rows.order_by("-certificate__issued_on", "-certificate_id", "specialty__code")


def programme_rows_attach(rows) -> None:
    """Give each row of a page its certificate's register figures (one query for the page)."""
    names = (
        "under_appeal",
        "recommendations_open",
        "recommendations_done",
        "recommendations_overdue",
    )
    rows = list(rows)
    figures = {
        values["pk"]: values
        for values in register_annotate(
            Certificate.objects.filter(pk__in={r.certificate_id for r in rows})
        ).values("pk", *names)
    }
    for row in rows:
        for name in names:
            setattr(row.certificate, name, figures.get(row.certificate_id, {}).get(name))


def case_history_of_cycle(certificate: Certificate) -> list[AccreditationCase]:
    """К21: the cases of a certificate's line, the earliest cycle first (a renewal carries the
    previous cycle's history)."""
    cases = []
    current = certificate
    seen = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        cases.append(current.case)
        current = current.previous
    return list(reversed(cases))


# ---------------------------------------------------------------------------------------------
# Cases, for the pages of each role


def case_visible_to(user) -> QuerySet[AccreditationCase]:
    """The cases a user may open: permissions.may_view_case as a query (the organization's
    side, the body's staff except drafts, the commission's experts, the council's members,
    admins)."""
    cases = AccreditationCase.objects.select_related("organization", "body__authority")
    if not (user.is_authenticated and user.is_active):
        return cases.none()
    if user.is_admin:
        return cases
    body_authorities = [
        a.authority_id for a in user.role_assignments if a.role in ("staff", "head")
    ]
    return cases.filter(
        Q(organization_id__in=user.represented_organization_ids)
        | Q(applicant=user)
        | (Q(authority_id__in=body_authorities) & ~Q(state=AccreditationCase.State.DRAFT))
        | Q(pk__in=ExpertSeat.objects.filter(expert__user=user).values("visit__case_id"))
        | Q(
            council_id__in=CouncilMember.objects.filter(user=user, is_active=True).values(
                "council_id"
            )
        )
    )


def case_get_visible(user, pk: int) -> AccreditationCase:
    return case_visible_to(user).get(pk=pk)


def body_queue(authority_id: int, *, state: str = "") -> QuerySet[AccreditationCase]:
    """The body's open cases, the earliest term first."""
    cases = AccreditationCase.objects.filter(
        authority_id=authority_id, state__in=AccreditationCase.OPEN_STATES
    ).exclude(state=AccreditationCase.State.DRAFT)
    if state:
        cases = cases.filter(state=state)
    return cases.select_related("organization", "body__authority", "assignee").order_by(
        "due_date", "submitted_at", "id"
    )


def visits_of_expert(user) -> QuerySet:
    """The expert's seats on visits, the coming ones first (the expert workspace)."""
    return (
        ExpertSeat.objects.filter(expert__user=user)
        .select_related("visit__case__organization", "visit__case__body__authority")
        .order_by("-visit__start_on", "id")
    )


def council_cases_awaiting(user) -> QuerySet[AccreditationCase]:
    """Cases before a council the user sits on whose vote is open and where they have not voted
    in the current round (the council's voting page)."""
    seats = CouncilMember.objects.filter(user=user, is_active=True)
    voted = CouncilVote.objects.filter(
        case_id=OuterRef("pk"), member__user=user, round=OuterRef("council_round")
    )
    return (
        AccreditationCase.objects.filter(
            state=AccreditationCase.State.COUNCIL,
            council_closed_at__isnull=True,
            council_id__in=seats.values("council_id"),
        )
        .exclude(Exists(voted))
        .select_related("organization", "body__authority")
        .order_by("submitted_at", "id")
    )


def case_detail(pk: int) -> AccreditationCase:
    """One case with everything its page shows, in a fixed number of queries."""
    return (
        AccreditationCase.objects.select_related(
            "organization", "body__authority", "council", "renewal_of", "license"
        )
        .prefetch_related(
            "programmes",
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("due_on", "id")),
            Prefetch("appeals", queryset=Appeal.objects.order_by("filed_at")),
            Prefetch(
                "visit",
                queryset=ExpertVisit.objects.prefetch_related(
                    Prefetch("seats", queryset=ExpertSeat.objects.select_related("expert"))
                ),
            ),
            Prefetch(
                "expert_report",
                queryset=ExpertReport.objects.prefetch_related("findings__standard"),
            ),
            "certificates",
        )
        .get(pk=pk)
    )
