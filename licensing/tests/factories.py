"""Factories for licensing. A `world()` builds the usual cast: an organization in a region, the
authority handling licensing there, its staff and head, and an applicant for the organization."""

import dataclasses
import datetime

import factory

from licensing.models import (
    ChecklistItem,
    CouncilMember,
    InspectionCriterion,
    License,
    LicenseAppendix,
    LicenseApplication,
    LicensingCouncil,
    RefusalReason,
)
from registry.models import Authority, Organization, Procedure, User
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    RegionFactory,
    SpecialtyFactory,
    UserFactory,
    applicant_for,
    staff_of,
)


class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = License

    organization = factory.SubFactory(OrganizationFactory)
    authority = factory.SubFactory(AuthorityFactory)
    holder_name_ru = factory.LazyAttribute(lambda o: o.organization.name_ru)
    holder_name_kk = factory.LazyAttribute(lambda o: o.organization.name_kk)
    holder_name_en = factory.LazyAttribute(lambda o: o.organization.name_en)
    issued_on = datetime.date(2024, 3, 1)


class LicenseAppendixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenseAppendix

    license = factory.SubFactory(LicenseFactory)
    level = factory.SubFactory(EducationLevelFactory)
    address_ru = "ул. Абая, 1"
    address_kk = "Абай к-сі, 1"
    address_en = "1 Abai St"
    issued_on = datetime.date(2024, 3, 1)


class RefusalReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefusalReason

    code = factory.Sequence(lambda n: f"R{n:03d}")
    text_ru = factory.Sequence(lambda n: f"Несоответствие квалификационным требованиям {n}")
    text_en = factory.Sequence(lambda n: f"Qualification requirements not met {n}")
    stage = RefusalReason.Stage.DECISION


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    kind = LicenseApplication.Kind.NEW_LICENSE
    code = factory.Sequence(lambda n: f"doc-{n}")
    title_ru = factory.Sequence(lambda n: f"Документ {n}")
    title_en = factory.Sequence(lambda n: f"Document {n}")


class InspectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionCriterion

    code = factory.Sequence(lambda n: f"C{n:03d}")
    text_ru = factory.Sequence(lambda n: f"Требование {n}")
    text_en = factory.Sequence(lambda n: f"Requirement {n}")


class LicensingCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicensingCouncil

    authority = factory.SubFactory(AuthorityFactory)
    name_ru = factory.Sequence(lambda n: f"Совет по лицензированию {n}")
    name_en = factory.Sequence(lambda n: f"Licensing council {n}")


@dataclasses.dataclass
class World:
    organization: Organization
    authority: Authority
    applicant: User
    staff: User
    head: User
    level: object
    specialties: list


# Pages follow the reader's language (their account's); the tests read English (test_settings).
READS = "en"


def world(**organization_kwargs) -> World:
    region = RegionFactory()
    authority = AuthorityFactory(jurisdiction=region, procedures=[Procedure.LICENSING])
    organization = OrganizationFactory(region=region, **organization_kwargs)
    level = EducationLevelFactory()
    specialties = [SpecialtyFactory(level=level) for _ in range(2)]
    return World(
        organization=organization,
        authority=authority,
        applicant=applicant_for(organization, language=READS),
        staff=staff_of(authority, language=READS),
        head=staff_of(authority, head=True, language=READS),
        level=level,
        specialties=specialties,
    )


def council_for(authority: Authority, size: int = 5) -> tuple[LicensingCouncil, list[User]]:
    council = LicensingCouncilFactory(authority=authority)
    users = [UserFactory(language=READS) for _ in range(size)]
    for i, user in enumerate(users):
        CouncilMember.objects.create(council=council, user=user, is_chair=i == 0)
    return council, users


def experts_for(specialties, count: int, **kwargs) -> list:
    experts = []
    for _ in range(count):
        expert = ExpertFactory(**kwargs)
        expert.specialties.set(specialties)
        experts.append(expert)
    return experts


# Applications taken through the real services, up to the state a test needs.


def new_license_draft(w: World, **details):
    from licensing import services

    details.setdefault("level", w.level)
    details.setdefault("activity_address", "ул. Абая, 1")
    details.setdefault("specialties", w.specialties)
    return services.license_application_create(
        actor=w.applicant, organization=w.organization, kind="new_license", **details
    )


def draft(w: World, kind: str, **details):
    from licensing import services

    if kind in ("new_license", "new_appendix"):
        details.setdefault("level", w.level)
        details.setdefault("activity_address", "ул. Абая, 1")
        details.setdefault("specialties", w.specialties)
    return services.license_application_create(
        actor=w.applicant, organization=w.organization, kind=kind, **details
    )


def in_review(w: World, kind: str = "new_license", **details):
    from licensing import services

    application = draft(w, kind, **details)
    application = services.license_application_submit(application, actor=w.applicant)
    return services.license_application_check_completeness(application, actor=w.staff)


def licensed(w: World, appendices: int = 1) -> License:
    """An organization's license in the register with its appendices (as if granted earlier)."""
    license_ = LicenseFactory(organization=w.organization, authority=w.authority)
    for _ in range(appendices):
        LicenseAppendixFactory(license=license_, level=w.level)
    return license_


def drawable_experts(w: World, count: int = 4) -> list:
    """Certified experts with portal accounts whose specialties match the world's."""
    return [_with_account(expert) for expert in experts_for(w.specialties, count)]


def _with_account(expert):
    expert.user = UserFactory(language=READS)
    expert.save()
    return expert


def inspected(w: World, kind: str = "new_license", **details):
    """An application whose inspection sheet is filled and signed by the whole commission."""
    from licensing import services
    from licensing.models import InspectionCriterion

    if not InspectionCriterion.objects.filter(is_active=True).exists():
        InspectionCriterionFactory()
    drawable_experts(w)
    application = services.license_application_send_to_inspection(
        in_review(w, kind, **details),
        actor=w.staff,
        visit_date=datetime.date.today() + datetime.timedelta(days=7),
        seed="fixed-seed",
    )
    inspection = application.inspections.get()
    members = list(inspection.members.select_related("expert__user"))
    for finding in inspection.findings.all():
        services.inspection_finding_record(finding, actor=members[0].expert.user, met=True)
    for member in members:
        services.inspection_sheet_sign(
            inspection, actor=member.expert.user, content_sha256=services.sheet_sha256(inspection)
        )
    return application


def before_council(w: World, kind: str = "new_license", council_size: int = 5, **details):
    from licensing import services

    council, members = council_for(w.authority, council_size)
    application = services.license_application_send_to_council(
        inspected(w, kind, **details), actor=w.staff
    )
    return application, members


def council_decided(w: World, outcome: str = "grant", kind: str = "new_license", **details):
    from licensing import services

    application, members = before_council(w, kind, **details)
    review = application.council_reviews.get()
    choice = "for" if outcome == "grant" else "against"
    for member in members:
        services.council_vote_cast(review, actor=member, choice=choice)
    services.council_review_close(review, actor=w.head)
    return application


def refused(w: World, kind: str = "reissue", **details):
    """An application refused after review (a reissue: decided without the council)."""
    from licensing import services

    if kind == "reissue":
        details.setdefault("license", licensed(w))
        details.setdefault("reissue_ground", "name_change")
    return services.license_application_refuse(
        in_review(w, kind, **details),
        actor=w.head,
        reasons=[RefusalReasonFactory()],
        text="Основание не подтверждено",
    )
