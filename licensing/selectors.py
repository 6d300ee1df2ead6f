"""Reads of licensing for pages and the API: who sees which application, the staff queue, the
public register. Each costs a fixed number of queries however many rows it returns."""

import dataclasses

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Channel, IssuedDocument
from registry.models import Organization, Role

from .models import (
    BulkReissue,
    CommissionMember,
    CommissionReplacement,
    CouncilReview,
    CouncilVote,
    Inspection,
    InspectionFinding,
    InspectionSignature,
    License,
    LicenseAppendix,
    LicenseApplication,
    LicenseEvent,
)

State = LicenseApplication.State
Kind = LicenseApplication.Kind


# ---------------------------------------------------------------------------------------------
# Applications


def application_visible_to(user) -> QuerySet[LicenseApplication]:
    """Applications a user may open: the applicant side sees its organizations' cases, staff
    their authority's submitted ones, experts and council members the cases they sit on.

    The same rule as licensing.permissions.may_view_application, written as a query for lists;
    a change to one is a change to the other (licensing/tests/test_access_table.py compares
    them role by role)."""
    qs = LicenseApplication.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    condition = Q(organization_id__in=user.represented_organization_ids) | Q(applicant=user)
    authorities = [
        a.authority_id for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)
    ]
    if authorities:
        # Drafts are the applicant's, except a paper application staff are entering.
        condition |= Q(authority_id__in=authorities) & (
            ~Q(state=State.DRAFT) | ~Q(channel=Channel.PORTAL)
        )
    expert = getattr(user, "expert_profile", None)
    if expert is not None:
        condition |= Q(pk__in=Inspection.objects.filter(experts=expert).values("application_id"))
    condition |= Q(
        pk__in=CouncilReview.objects.filter(
            council__members__user=user, council__members__is_active=True
        ).values("application_id")
    )
    return qs.filter(condition)


def application_get_visible(user, pk: int) -> LicenseApplication:
    """One application with what its page shows; DoesNotExist for one the user may not see."""
    return (
        application_visible_to(user)
        .select_related(
            "organization__region",
            "authority",
            "applicant",
            "assignee",
            "license",
            "level",
            "resubmission_of",
            "granted_appendix",
            "decided_by",
        )
        .prefetch_related("specialties", "qualifications", "appendices", "refusal_reasons")
        .get(pk=pk)
    )


def application_queue(
    authority,
    *,
    kind: str = "",
    state: str = "",
    assignee=None,
    unassigned: bool = False,
    due_before=None,
    overdue_on=None,
    region=None,
    query: str = "",
) -> QuerySet[LicenseApplication]:
    """The staff queue of an authority: submitted cases, earliest due first. Filters by kind,
    state, assignee, due date and region; `overdue_on` keeps the cases past due on that day."""
    qs = LicenseApplication.objects.filter(authority=authority).exclude(state=State.DRAFT)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=LicenseApplication.OPEN_STATES + (State.UNDER_APPEAL,))
    if unassigned:
        qs = qs.filter(assignee__isnull=True)
    elif assignee is not None:
        qs = qs.filter(assignee=assignee)
    if due_before is not None:
        qs = qs.filter(due_date__lte=due_before)
    if overdue_on is not None:
        qs = qs.filter(due_date__lt=overdue_on)
    if region is not None:
        qs = qs.filter(organization__region__path__startswith=region.path)
    if query:
        query = query.strip()
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(organization__bin__startswith=query)
            | _in_any_language("organization__name", query)
        )
    return qs.select_related("organization__region", "assignee", "license").order_by(
        "due_date", "submitted_at", "id"
    )


def paper_drafts_of(authority) -> QuerySet[LicenseApplication]:
    """Paper applications an authority's staff have started entering and not yet registered."""
    return (
        LicenseApplication.objects.filter(authority=authority, state=State.DRAFT)
        .exclude(channel=Channel.PORTAL)
        .select_related("organization", "applicant")
        .order_by("submitted_at", "id")
    )


def application_list_for_applicant(user) -> QuerySet[LicenseApplication]:
    return (
        LicenseApplication.objects.filter(
            Q(organization_id__in=user.represented_organization_ids) | Q(applicant=user)
        )
        # A paper application staff are still entering is not the representatives' yet.
        .exclude(Q(state=State.DRAFT) & ~Q(channel=Channel.PORTAL) & ~Q(applicant=user))
        # The API's list names each case's assignee.
        .select_related("organization", "license", "assignee")
        .order_by("-created_at", "-id")
    )


# ---------------------------------------------------------------------------------------------
# What an applicant can file


@dataclasses.dataclass(frozen=True)
class FilingOption:
    organization: object
    kind: str
    license: object | None

    @property
    def value(self) -> str:
        return f"{self.organization.pk}:{self.kind}:{self.license.pk if self.license else 0}"

    @property
    def label(self) -> str:
        text = str(Kind(self.kind).label)
        if self.license is not None:
            text += " · " + str(_("license No. %(number)s") % {"number": self.license.number})
            if self.license.organization_id != self.organization.pk:
                text += " (" + str(self.license.organization) + ")"
        return text


@dataclasses.dataclass(frozen=True)
class OrganizationOptions:
    organization: object
    options: list
    not_offered: list  # why the kinds missing from `options` cannot be filed now


def filing_options(user, organizations=None) -> list[OrganizationOptions]:
    """Per organization the user represents: the application kinds that can be filed now (one
    license per organization, so a new license only without one; a new appendix only to a
    license in force; reissue, return and duplicate to a license in force or suspended, and a
    successor reissues its predecessor's license, art. 33), with why the others are not. Two
    queries whatever the number of organizations."""
    if organizations is None:
        organizations = Organization.objects.filter(pk__in=user.represented_organization_ids)
    organizations = list(organizations.order_by("name", "pk"))
    held = [License.Status.ACTIVE, License.Status.SUSPENDED]
    licenses = list(
        License.objects.filter(status__in=held)
        .filter(Q(organization__in=organizations) | Q(organization__successor__in=organizations))
        .select_related("organization")
        .order_by("number")
    )
    result = []
    for organization in organizations:
        own = [lic for lic in licenses if lic.organization_id == organization.pk]
        predecessors = [
            lic
            for lic in licenses
            if lic.organization_id != organization.pk
            and lic.organization.successor_id == organization.pk
        ]
        options, not_offered = [], []
        if own:
            not_offered.append(
                _(
                    "No new license: the organization holds license No. %(number)s; apply for "
                    "a new appendix to it."
                )
                % {"number": own[0].number}
            )
        else:
            options.append(FilingOption(organization, Kind.NEW_LICENSE, None))
        for license_ in own:
            if license_.status == License.Status.ACTIVE:
                options.append(FilingOption(organization, Kind.NEW_APPENDIX, license_))
            else:
                not_offered.append(
                    _("No new appendix to license No. %(number)s while it is suspended.")
                    % {"number": license_.number}
                )
            for kind in (Kind.REISSUE, Kind.RETURN, Kind.DUPLICATE):
                options.append(FilingOption(organization, kind, license_))
        for license_ in predecessors:
            options.append(FilingOption(organization, Kind.REISSUE, license_))
        if not own and not predecessors:
            not_offered.append(
                _("Reissue, appendices, return and duplicates need a license in force.")
            )
        result.append(OrganizationOptions(organization, options, not_offered))
    return result


# ---------------------------------------------------------------------------------------------
# Inspections and the council


def inspection_current(application) -> Inspection | None:
    return (
        Inspection.objects.filter(application=application)
        .prefetch_related(
            Prefetch("members", queryset=CommissionMember.objects.select_related("expert")),
            Prefetch("findings", queryset=InspectionFinding.objects.select_related("filled_by")),
            "signatures__expert",
            Prefetch(
                "replacements",
                queryset=CommissionReplacement.objects.select_related("dropped", "replacement"),
            ),
        )
        .order_by("-drawn_at", "-id")
        .first()
    )


def inspections_open_for_expert(expert) -> QuerySet[Inspection]:
    """The inspections an expert sits on whose sheet is still open, soonest visit first, each
    with `has_signed` (a live signature covers the sheet as it stands: any edit voids them).
    One query."""
    live_signature = InspectionSignature.objects.filter(
        inspection=OuterRef("pk"), expert=expert, voided_at__isnull=True
    )
    return (
        Inspection.objects.filter(
            members__expert=expert,
            completed_at__isnull=True,
            application__state=State.INSPECTION,
        )
        .select_related("application__organization")
        .annotate(has_signed=Exists(live_signature))
        .order_by("visit_date", "id")
    )


def council_reviews_awaiting(user) -> QuerySet[CouncilReview]:
    """Open council reviews of the councils a user sits on, each with `has_voted`. One query."""
    return council_reviews_open_for(user).annotate(
        has_voted=Exists(CouncilVote.objects.filter(review=OuterRef("pk"), member=user))
    )


def queue_summary(authority, user, today) -> dict:
    """Counts of an authority's queue for the dashboard: open, overdue, the user's own and
    nobody's. One query."""
    return application_queue(authority).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        mine=Count("id", filter=Q(assignee=user)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
    )


def applicant_summary(user) -> dict:
    """Counts of the applications of the organizations a user represents: drafts, returned for
    corrections, under consideration. One query."""
    considered = [
        s for s in LicenseApplication.OPEN_STATES if s not in (State.DRAFT, State.RETURNED)
    ] + [State.UNDER_APPEAL]
    return (
        LicenseApplication.objects.filter(organization_id__in=user.represented_organization_ids)
        .exclude(state=State.DRAFT, channel__in=[Channel.IN_PERSON, Channel.STATE_CORPORATION])
        .aggregate(
            drafts=Count("id", filter=Q(state=State.DRAFT)),
            returned=Count("id", filter=Q(state=State.RETURNED)),
            considered=Count("id", filter=Q(state__in=considered)),
        )
    )


def inspections_of_expert(expert) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(experts=expert)
        .select_related("application__organization")
        .order_by("-visit_date", "-id")
    )


def council_review_current(application) -> CouncilReview | None:
    return (
        CouncilReview.objects.filter(application=application)
        .select_related("council", "closed_by")
        .prefetch_related(
            Prefetch("votes", queryset=CouncilVote.objects.select_related("member")),
            "council__members__user",
        )
        .order_by("-opened_at", "-id")
        .first()
    )


def council_reviews_open_for(user) -> QuerySet[CouncilReview]:
    return (
        CouncilReview.objects.filter(
            closed_at__isnull=True,
            council__members__user=user,
            council__members__is_active=True,
            application__state=State.COUNCIL,
        )
        .select_related("application__organization", "council")
        .order_by("opened_at", "id")
    )


# ---------------------------------------------------------------------------------------------
# The public register


def _in_any_language(field: str, query: str) -> Q:
    """A translated field containing the query in any stored language (a name is looked for
    as the searcher knows it, whatever language the page is in)."""
    condition = Q()
    for code in settings.MODELTRANSLATION_LANGUAGES:
        condition |= Q(**{f"{field}_{code}__icontains": query})
    return condition


def license_register(
    *, query: str = "", status: str = "", region=None, level=None
) -> QuerySet[License]:
    """The state register of licenses: public, searchable by number, name or BIN."""
    qs = License.objects.select_related("organization__region", "authority")
    if query:
        query = query.strip()
        if query.isdigit():
            qs = qs.filter(organization__bin__startswith=query)
        else:
            qs = qs.filter(Q(number__icontains=query) | _in_any_language("holder_name", query))
    if status:
        qs = qs.filter(status=status)
    if region is not None:
        qs = qs.filter(organization__region__path__startswith=region.path)
    if level is not None:
        qs = qs.filter(appendices__level=level, appendices__status="active").distinct()
    return qs.order_by("-issued_on", "-id")


def license_get_public(number: str) -> License:
    return (
        License.objects.select_related("organization__region", "authority")
        .prefetch_related(
            Prefetch(
                "appendices",
                queryset=LicenseAppendix.objects.select_related("level").prefetch_related(
                    "specialties", "qualifications"
                ),
            ),
            Prefetch(
                "events",
                queryset=LicenseEvent.objects.order_by("at", "id").prefetch_related("case"),
            ),
        )
        .get(number=number)
    )


def document_by_version(version_key: str) -> IssuedDocument | None:
    """An issued document by the key its issuer gave it (licensing.documents)."""
    return IssuedDocument.objects.filter(version_key=version_key).first()


# ---------------------------------------------------------------------------------------------
# Bulk reissue


def bulk_reissue_progress(run: BulkReissue) -> dict:
    """Organizations processed and PDFs rendered so far: three queries."""
    counts = dict(run.items.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(counts.values())
    processed = counts.get("done", 0) + counts.get("failed", 0)
    documents = IssuedDocument.objects.filter(
        case_type=ContentType.objects.get_for_model(LicenseApplication),
        case_id__in=LicenseApplication.objects.filter(batch_key=run.key).values("pk"),
    ).aggregate(
        issued=Count("id", distinct=True),
        # Rendered in its issuing language (the task's part; the others wait for a reader).
        rendered=Count(
            "id",
            filter=Q(renditions__language=F("language")) & ~Q(renditions__sha256=""),
            distinct=True,
        ),
    )
    steps = total + documents["issued"]
    done_steps = processed + documents["rendered"]
    return {
        "total": total,
        "done": counts.get("done", 0),
        "failed": counts.get("failed", 0),
        "pending": counts.get("pending", 0),
        "documents_issued": documents["issued"],
        "documents_rendered": documents["rendered"],
        "percent": round(100 * done_steps / steps) if steps else 100,
        "finished": run.finished_at is not None and documents["issued"] == documents["rendered"],
    }


# ---------------------------------------------------------------------------------------------
# For other procedures (accreditation's К2, К8)


def license_in_force_covering(organization, level_codes) -> License | None:
    """The organization's license in force with an appendix in force at one of the levels (by
    EducationLevel code), its appendices prefetched with their levels and specialties; None when
    it holds none."""
    appendices = (
        LicenseAppendix.objects.filter(status=LicenseAppendix.Status.ACTIVE)
        .select_related("level")
        .prefetch_related("specialties")
    )
    return (
        License.objects.filter(
            organization=organization,
            status=License.Status.ACTIVE,
            appendices__status=LicenseAppendix.Status.ACTIVE,
            appendices__level__code__in=list(level_codes),
        )
        .prefetch_related(Prefetch("appendices", queryset=appendices))
        .order_by("-issued_on", "-id")
        .distinct()
        .first()
    )


# ---------------------------------------------------------------------------------------------
# The register as it stood on a past day (other procedures ask: an apostille checks that the
# school that issued a diploma was licensed for that level on the issue date)


@dataclasses.dataclass(frozen=True)
class LicenseCoverage:
    """Whether an organization held a license covering a level of education on a day, and why:
    `reason` is "covered", "no_license", "level_not_covered", "suspended", "revoked",
    "terminated" or "appendix_returned"; the license and appendix found, by number."""

    covered: bool
    reason: str
    license_number: str = ""
    appendix_number: str = ""


_STATUS_EVENTS = {
    LicenseEvent.Kind.SUSPENDED: License.Status.SUSPENDED,
    LicenseEvent.Kind.RESUMED: License.Status.ACTIVE,
    LicenseEvent.Kind.REVOKED: License.Status.REVOKED,
    LicenseEvent.Kind.TERMINATED: License.Status.TERMINATED,
}


def _license_status_on(license_: License, day) -> str:
    """The license's status on a day: its status events up to that day replayed, or, for a
    license whose changes were entered without events, its status once it changed."""
    events = [
        e for e in license_.events.all() if e.kind in _STATUS_EVENTS and e.appendix_id is None
    ]
    if events:
        status = License.Status.ACTIVE
        for event in events:  # ordered by time (LicenseEvent.Meta.ordering)
            if timezone.localdate(event.at) <= day:
                status = _STATUS_EVENTS[event.kind]
        return status
    changed = license_.status_changed_on
    if license_.status != License.Status.ACTIVE and changed is not None and changed <= day:
        return license_.status
    return License.Status.ACTIVE


def _appendix_returned_on(appendix: LicenseAppendix, day) -> bool:
    returned = [
        timezone.localdate(e.at)
        for e in appendix.license.events.all()
        if e.kind == LicenseEvent.Kind.APPENDIX_RETURNED and e.appendix_id == appendix.pk
    ]
    if not returned and appendix.status == LicenseAppendix.Status.RETURNED:
        returned = [appendix.status_changed_on] if appendix.status_changed_on else []
    return any(on <= day for on in returned)


def license_coverage_on(organization_id: int, level_id: int, day) -> LicenseCoverage:
    """Did the organization hold a license covering the level on `day`? Reads the register's
    licenses, appendices and their dated events (three queries)."""
    licenses = list(
        License.objects.filter(organization_id=organization_id, issued_on__lte=day)
        .prefetch_related("events", "appendices")
        .order_by("issued_on", "pk")
    )
    if not licenses:
        return LicenseCoverage(False, "no_license")
    best = None
    for license_ in licenses:
        status = _license_status_on(license_, day)
        appendices = [
            a for a in license_.appendices.all() if a.level_id == level_id and a.issued_on <= day
        ]
        for appendix in appendices:
            appendix.license = license_
            if _appendix_returned_on(appendix, day):
                best = best or LicenseCoverage(
                    False, "appendix_returned", license_.number, appendix.number
                )
            elif status == License.Status.ACTIVE:
                return LicenseCoverage(True, "covered", license_.number, appendix.number)
            else:
                best = LicenseCoverage(False, status, license_.number, appendix.number)
    return best or LicenseCoverage(False, "level_not_covered", licenses[-1].number)


def license_register_earliest():
    """The earliest issue date the license register holds (None when it is empty)."""
    return License.objects.aggregate(first=models.Min("issued_on"))["first"]
