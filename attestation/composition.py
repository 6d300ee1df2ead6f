"""Who may sit on an organization's attestation commission (А17, А18), and whom the portal
proposes for it.

А17: the chair is a staff member of the authority. А18: the members represent the authority, the
state body the organization is under (when it is a state organization), other education
organizations and their associations, or are leading teachers; they are chosen "by the
organization's profile, fields of training and specialties"; and, as the services read it,
nobody from the organization itself sits on it. `exclusion` gives the reason a person may not
sit (the services refuse with it); `candidates` proposes people with the same exclusions applied.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from registry.models import (
    Authority,
    EducationLevel,
    Expert,
    ExpertAffiliation,
    Organization,
    Role,
    Specialty,
    User,
)

from .models import Attestation, Commission, CommissionMember
from .refusals import AttestationRefusal


@dataclass(frozen=True)
class Profile:
    """What the organization teaches (А18's "profile"): its levels, and the specialties it is
    licensed for (or, in an extraordinary attestation of some specialties, those: А5)."""

    level_ids: frozenset[int]
    specialty_ids: frozenset[int]


@dataclass(frozen=True)
class Candidate:
    user: User
    role: str  # the seat proposed: a CommissionMember.Role
    expert: Expert | None = None
    levels: tuple[str, ...] = ()  # the organization's levels the person covers
    specialties: tuple[str, ...] = ()  # the organization's specialties the person covers
    employer: Organization | None = None  # where the person works now (expert register)
    employer_authority: Authority | None = None

    @property
    def role_label(self) -> str:
        return CommissionMember.Role(self.role).label

    @property
    def profile_on_record(self) -> bool:
        return self.expert is not None

    @property
    def profile(self) -> str:
        """The match in words, for the member's `profile`."""
        return "; ".join([*self.levels, *self.specialties])


def related_organization_ids(organization: Organization) -> set[int]:
    """The organization, its parent and its branches: one employer for А18's purpose."""
    ids = {organization.pk}
    if organization.parent_id:
        ids.add(organization.parent_id)
    ids |= set(Organization.objects.filter(parent=organization).values_list("pk", flat=True))
    return ids


def _licensed_specialty_ids(organization_id: int) -> set[int]:
    """The specialties of the organization's license appendices in force.

    Licensing offers no selector for this; attestation only reads the register here (the same
    public data the register pages show) and changes a license through licensing.services."""
    from licensing.models import License, LicenseAppendix

    return set(
        Specialty.objects.filter(
            license_appendices__status=LicenseAppendix.Status.ACTIVE,
            license_appendices__license__organization_id=organization_id,
            license_appendices__license__status__in=[
                License.Status.ACTIVE,
                License.Status.SUSPENDED,
            ],
        ).values_list("pk", flat=True)
    )


def organization_profile(attestation: Attestation) -> Profile:
    specialty_ids = set(attestation.schedule_entry.specialties.values_list("pk", flat=True))
    if not specialty_ids:
        specialty_ids = _licensed_specialty_ids(attestation.organization_id)
    level_ids = set(attestation.organization.levels.values_list("pk", flat=True))
    level_ids |= set(
        Specialty.objects.filter(pk__in=specialty_ids).values_list("level_id", flat=True)
    )
    return Profile(frozenset(level_ids), frozenset(specialty_ids))


@dataclass(frozen=True)
class Exclusion:
    """Why a person may not sit on the commission: the refusal's code and its message."""

    code: AttestationRefusal
    message: str

    def __str__(self):
        return self.message


def _excluded(code: AttestationRefusal, **params) -> Exclusion:
    return Exclusion(code, code.label % params)


def exclusion(user: User, organization: Organization, *, employer=None) -> Exclusion | None:
    """А18: why `user` may not sit on the commission attesting `organization`, or None. Nobody
    who represents it (or its parent or a branch) in the portal, works there by the caller's
    word, or works or has worked there by the expert register."""
    related = related_organization_ids(organization)
    represented = (
        Organization.objects.filter(
            pk__in=related,
            representatives__user=user,
            representatives__role=Role.APPLICANT,
        )
        .order_by("pk")
        .first()
    )
    if represented is not None:
        return _excluded(
            AttestationRefusal.A18_REPRESENTS_ORGANIZATION, person=user, organization=represented
        )
    if employer is not None and employer.pk in related:
        return _excluded(
            AttestationRefusal.A18_WORKS_AT_ORGANIZATION, person=user, organization=employer
        )
    affiliation = (
        ExpertAffiliation.objects.filter(expert__user=user, organization_id__in=related)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if affiliation is not None:
        return _excluded(
            AttestationRefusal.A18_EXPERT_REGISTER,
            person=user,
            organization=affiliation.organization,
        )
    return None


def excluded_user_ids(organization: Organization) -> set[int]:
    """Everyone `exclusion` turns away (by the portal's records), in two queries."""
    related = related_organization_ids(organization)
    representatives = User.objects.filter(
        roles__role=Role.APPLICANT, roles__organization_id__in=related
    ).values_list("pk", flat=True)
    affiliated = ExpertAffiliation.objects.filter(
        organization_id__in=related, expert__user__isnull=False
    ).values_list("expert__user_id", flat=True)
    return set(representatives) | set(affiliated)


def supervising_body_sits(attestation: Attestation, members) -> bool:
    """А18(2): a state organization's commission includes a representative of the state body it
    is under. When that body is the attesting authority itself, its representatives are there."""
    organization = attestation.organization
    state = organization.ownership == Organization.Ownership.STATE
    if not state or not organization.supervising_body_id:
        return True
    roles = {m.role for m in members}
    if CommissionMember.Role.SUPERVISING_BODY in roles:
        return True
    return organization.supervising_body_id == attestation.authority_id and bool(
        roles & {CommissionMember.Role.CHAIR, CommissionMember.Role.AUTHORITY}
    )


def _staff(authority_id: int) -> list[User]:
    """The authority's staff, then its heads (who approve the commission, А17)."""
    people = []
    for role in (Role.STAFF, Role.HEAD):
        people += User.objects.filter(
            is_active=True, roles__role=role, roles__authority_id=authority_id
        ).order_by("full_name", "pk")
    return people


def candidates(attestation: Attestation, commission: Commission | None = None) -> list[Candidate]:
    """The people the portal proposes for the commission, seat by seat: staff of the authority
    (the chair, А17, then its representatives), staff of the supervising state body of a state
    organization, then commission members whose expert profile covers the organization's
    specialties or levels (most specialties first), and last those with no profile on record,
    for the authority to judge. Nobody `exclusion` turns away, nobody already seated."""
    organization = attestation.organization
    seated = set(commission.members.values_list("user_id", flat=True)) if commission else set()
    has_chair = (
        bool(commission) and commission.members.filter(role=CommissionMember.Role.CHAIR).exists()
    )
    skip = excluded_user_ids(organization) | seated
    proposed: list[Candidate] = []
    taken: set[int] = set(skip)

    def add(candidate: Candidate) -> None:
        if candidate.user.pk not in taken:
            taken.add(candidate.user.pk)
            proposed.append(candidate)

    authority = attestation.authority
    for user in _staff(authority.pk):
        role = CommissionMember.Role.AUTHORITY if has_chair else CommissionMember.Role.CHAIR
        add(Candidate(user=user, role=role, employer_authority=authority))
    body = organization.supervising_body
    if (
        organization.ownership == Organization.Ownership.STATE
        and body is not None
        and body.pk != authority.pk
    ):
        for user in _staff(body.pk):
            add(
                Candidate(
                    user=user, role=CommissionMember.Role.SUPERVISING_BODY, employer_authority=body
                )
            )

    profile = organization_profile(attestation)
    members = list(
        User.objects.filter(is_active=True, roles__role=Role.COMMISSION_MEMBER)
        .exclude(pk__in=skip)
        .select_related("expert_profile")
        .prefetch_related("expert_profile__levels", "expert_profile__specialties")
        .distinct()
        .order_by("full_name", "pk")
    )
    expert_ids = [u.expert_profile.pk for u in members if _expert(u) is not None]
    employers = {
        a.expert_id: a.organization
        for a in ExpertAffiliation.objects.filter(expert_id__in=expert_ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
        .select_related("organization")
        .order_by("pk")
    }
    matched, unknown = [], []
    for user in members:
        expert = _expert(user)
        if expert is None:
            unknown.append(Candidate(user=user, role=CommissionMember.Role.LEADING_TEACHER))
            continue
        levels = [lv for lv in expert.levels.all() if lv.pk in profile.level_ids]
        specialties = [s for s in expert.specialties.all() if s.pk in profile.specialty_ids]
        if not levels and not specialties:
            continue
        employer = employers.get(expert.pk)
        matched.append(
            Candidate(
                user=user,
                role=(
                    CommissionMember.Role.ORGANIZATION
                    if employer is not None
                    else CommissionMember.Role.LEADING_TEACHER
                ),
                expert=expert,
                levels=tuple(str(lv) for lv in sorted(levels, key=_level_order)),
                specialties=tuple(s.code for s in sorted(specialties, key=lambda s: s.code)),
                employer=employer,
            )
        )
    matched.sort(key=lambda c: (-len(c.specialties), -len(c.levels)))
    for candidate in [*matched, *unknown]:
        add(candidate)
    return proposed


def _expert(user: User) -> Expert | None:
    try:
        return user.expert_profile
    except Expert.DoesNotExist:
        return None


def _level_order(level: EducationLevel):
    return (level.order, level.code)
