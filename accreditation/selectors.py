"""Reads of accreditation: for its own services, for attestation (issue 11, item 11: organizations
and programmes with a valid accreditation are listed apart in the schedule proposal), and the
public registers (К24), each costing a fixed number of queries however many rows it returns."""

import datetime

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from registry.models import Specialty

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


ProgrammeRow = Certificate.programmes.through


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
    figures: bool = True,
) -> QuerySet[Certificate]:
    """The register of accredited organizations and programmes: every certificate with its
    organization, body, case (decision, published report), programmes, whether an appeal is open
    and how many recommendations are open, done, overdue (`figures`; a page adds them to its
    rows with certificates_attach_figures instead)."""
    qs = Certificate.objects.select_related(
        "organization", "body__authority", "case", "document"
    ).prefetch_related(Prefetch("programmes"))
    if figures:
        qs = register_annotate(qs)
    if query:
        qs = qs.filter(_register_search(query))
        # Few rows match a search: PostgreSQL is to find them first and sort them, not walk
        # the register's index in its order hoping to meet them (an expression, not a column,
        # keeps it from that plan).
        qs = qs.annotate(_newest=Coalesce("issued_on", "valid_from"))
        order = ("-_newest", "-id")
    else:
        order = ("-issued_on", "-id")
    if kind:
        qs = qs.filter(kind=kind)
    if body is not None:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    if updated_since is not None:
        # The change feed: what changed since the mirror's last visit, oldest change first.
        return qs.filter(updated_at__gte=updated_since).order_by("updated_at", "id")
    return qs.order_by(*order)


def _register_search(query: str, prefix: str = "") -> Q:
    """What a search of the register matches: a BIN (digits), a programme code or a certificate
    number (a code starts with a digit, as 6B01101), else a certificate number or an
    organization's name in any portal language."""
    query = query.strip()
    if query.isdigit():
        return Q(**{f"{prefix}organization__bin__startswith": query})
    number = Q(**{f"{prefix}number__icontains": query})
    if query[:1].isdigit():
        specialties = Specialty.objects.filter(code__istartswith=query).values("pk")
        return number | Q(
            **{
                f"{prefix}pk__in": ProgrammeRow.objects.filter(specialty_id__in=specialties).values(
                    "certificate_id"
                )
            }
        )
    condition = number
    for code in settings.MODELTRANSLATION_LANGUAGES:
        condition |= Q(**{f"{prefix}organization__name_{code}__icontains": query})
    return condition


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


def programme_register(*, query: str = "", kind: str = "", body=None, status: str = "") -> QuerySet:
    """The register of accredited programmes: one row per programme of a certificate (only
    specialized and combined accreditations name programmes), with its certificate
    (programme_rows_attach adds the appeal and follow-up figures to a page of rows)."""
    rows = ProgrammeRow.objects.select_related(
        "specialty",
        "certificate__organization",
        "certificate__body__authority",
        "certificate__case",
        "certificate__document",
    )
    order = ("-certificate_id", "-specialty_id")
    if query:
        # Through sets of keys (hashed by PostgreSQL), not a join of 100,000 rows.
        certificates = Certificate.objects.filter(_register_search(query)).values("pk")
        condition = Q(certificate_id__in=certificates)
        query = query.strip()
        if query[:1].isdigit() and not query.isdigit():
            specialties = Specialty.objects.filter(code__istartswith=query)
            condition = Q(specialty_id__in=specialties.values("pk")) | Q(
                certificate_id__in=Certificate.objects.filter(number__icontains=query).values("pk")
            )
        elif not query.isdigit():
            specialties = Specialty.objects.filter(name__icontains=query)
            condition |= Q(specialty_id__in=specialties.values("pk"))
        # As certificate_register: the matches found first, then sorted.
        rows = rows.filter(condition).annotate(_newest=F("certificate_id") + 0)
        order = ("-_newest", "-specialty_id")
    if kind:
        rows = rows.filter(certificate__kind=kind)
    if body is not None:
        rows = rows.filter(certificate__body=body)
    if status:
        rows = rows.filter(certificate__status=status)
    # Newest certificate first, in the order of the (certificate, specialty) unique index, so a
    # page is read from the index rather than sorted out of 100,000 rows.
    return rows.order_by(*order)


def certificates_attach_figures(certificates) -> None:
    """Give each certificate of a page its register figures, as register_annotate does, in one
    query for the page: a search sorts the bare rows, and the subqueries run for 25 rows, not
    for every match (certificate_register(figures=False) for pages)."""
    names = (
        "under_appeal",
        "recommendations_open",
        "recommendations_done",
        "recommendations_overdue",
    )
    certificates = list(certificates)
    figures = {
        values["pk"]: values
        for values in register_annotate(
            Certificate.objects.filter(pk__in={c.pk for c in certificates})
        ).values("pk", *names)
    }
    for certificate in certificates:
        for name in names:
            setattr(certificate, name, figures.get(certificate.pk, {}).get(name))


def programme_rows_attach(rows) -> None:
    """Give each row of a page its certificate's register figures (one query for the page)."""
    certificates_attach_figures([row.certificate for row in rows])


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
