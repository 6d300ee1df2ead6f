"""Factories for accreditation. `world()` builds the usual cast: a university licensed for higher
education, a certified accreditation body (a registry.Authority with its staff and head) with two
standards and a council of every group, a pool of experts, and the head of the regional education
authority who decides appeals. The helpers below take a case through the real services, each
step on the day the test names."""

import dataclasses
import datetime
from contextlib import contextmanager

import factory
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accreditation import services
from accreditation.checklist import REPORT_ITEM
from accreditation.models import (
    AccreditationBody,
    AccreditationCase,
    Certificate,
    CouncilMember,
    Criterion,
    Decision,
    Kind,
    SelfAssessmentEntry,
    Standard,
)
from casework.attachments import attachment_upload
from licensing.tests.factories import LicenseAppendixFactory, LicenseFactory
from registry.models import Authority, Procedure, User
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    RegionFactory,
    SpecialtyFactory,
    UserFactory,
    applicant_for,
    next_bin,
    staff_of,
)

READS = "en"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def on(day: datetime.date, hour: int = 10):
    """Run the block at `hour` o'clock local time of `day`."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(hour)), tick=False):
        yield


class BodyAuthorityFactory(AuthorityFactory):
    kind = Authority.Kind.ACCREDITATION_BODY
    name_ru = factory.Sequence(lambda n: f"Аккредитационное агентство {n}")
    name_kk = factory.Sequence(lambda n: f"{n} аккредиттеу агенттігі")
    name_en = factory.Sequence(lambda n: f"Accreditation agency {n}")
    procedures = factory.LazyFunction(lambda: [Procedure.ACCREDITATION])
    register_entry_number = factory.Sequence(lambda n: f"KZ-AO-{n:03d}")
    register_entry_valid_until = datetime.date(2035, 12, 31)


class AccreditationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationBody

    authority = factory.SubFactory(BodyAuthorityFactory)
    bin = factory.LazyFunction(next_bin)
    certification_number = factory.Sequence(lambda n: f"KZ-AO-{n:03d}")
    certified_from = datetime.date(2020, 1, 1)
    certified_until = datetime.date(2035, 12, 31)


@dataclasses.dataclass
class World:
    organization: object
    applicant: User
    body: AccreditationBody
    staff: User
    head: User
    standards: list
    criteria: list
    council_users: list
    experts: list
    appeal_head: User
    higher: object
    programmes: list
    license: object


def licensed_university(region, level, **kwargs):
    organization = OrganizationFactory(
        region=region,
        name_ru="Университет",
        name_en="University",
        name_kk="Университеті",
        **kwargs,
    )
    license_ = LicenseFactory(organization=organization)
    LicenseAppendixFactory(license=license_, level=level)
    return organization, license_


def world(*, council_groups=None, experts: int = 4) -> World:
    region = RegionFactory()
    higher = EducationLevelFactory(code="higher")
    organization, license_ = licensed_university(region, higher)
    body = AccreditationBodyFactory()
    standards, criteria = [], []
    for i in (1, 2):
        standard = Standard.objects.create(
            body=body, code=f"S{i}", title_en=f"Standard {i}", title_ru=f"Стандарт {i}", order=i
        )
        standards.append(standard)
        criteria.append(
            Criterion.objects.create(
                standard=standard, code="1", text_en=f"Criterion {i}.1", text_ru=f"Критерий {i}.1"
            )
        )
    groups = council_groups or CouncilMember.Group.values
    council_users = [UserFactory(language=READS) for _ in groups]
    head = staff_of(body.authority, head=True, language=READS)
    services.accreditation_council_form(
        actor=head,
        body=body,
        name="Council",
        members=[
            {"user": user, "group": group}
            for user, group in zip(council_users, groups, strict=True)
        ],
    )
    pool = []
    for _ in range(experts):
        expert = ExpertFactory(
            user=UserFactory(language=READS),
            certificate_valid_from=datetime.date(2020, 1, 1),
            certificate_valid_until=datetime.date(2035, 12, 31),
        )
        expert.levels.add(higher)
        pool.append(expert)
    education_authority = AuthorityFactory(jurisdiction=region)
    return World(
        organization=organization,
        applicant=applicant_for(organization, language=READS),
        body=body,
        staff=staff_of(body.authority, language=READS),
        head=head,
        standards=standards,
        criteria=criteria,
        council_users=council_users,
        experts=pool,
        appeal_head=staff_of(education_authority, head=True, language=READS),
        higher=higher,
        programmes=[SpecialtyFactory(level=higher) for _ in range(2)],
        license=license_,
    )


# ---------------------------------------------------------------------------------------------
# A case through the real services


def draft(w: World, *, kind=Kind.INSTITUTIONAL, programmes=(), renewal_of=None, day=None):
    with on(day or datetime.date(2027, 2, 1)):
        return services.accreditation_case_create(
            actor=w.applicant,
            organization=w.organization,
            body=w.body,
            kind=kind,
            programmes=programmes,
            renewal_of=renewal_of,
        )


def applied(w: World, day: datetime.date, **kwargs) -> AccreditationCase:
    case = draft(w, day=day, **kwargs)
    with on(day):
        return services.accreditation_case_submit(case, actor=w.applicant)


def contracted(w: World, case, day: datetime.date) -> AccreditationCase:
    with on(day):
        services.accreditation_contract_sign(case, actor=w.applicant)
        return services.accreditation_contract_sign(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff
        )


def self_assessed(w: World, case, day: datetime.date) -> AccreditationCase:
    with on(day):
        for criterion in w.criteria:
            services.accreditation_self_assessment_save(
                case,
                actor=w.applicant,
                criterion=criterion,
                rating=SelfAssessmentEntry.Rating.MET,
                text="Met in full.",
            )
        attachment_upload(
            case=case,
            item_code=REPORT_ITEM,
            upload=SimpleUploadedFile("report.pdf", PDF_BYTES, "application/pdf"),
            uploaded_by=w.applicant,
        )
        return services.accreditation_self_assessment_submit(
            AccreditationCase.objects.get(pk=case.pk), actor=w.applicant
        )


def reviewed(w: World, case, day: datetime.date) -> AccreditationCase:
    with on(day):
        reviewed_case = services.accreditation_review(case, actor=w.staff, text="Reviewed.")
        services.accreditation_recommendation_add(
            reviewed_case,
            actor=w.staff,
            text="Publish the graduates' employment figures.",
            due_on=day + datetime.timedelta(days=365),
        )
        return reviewed_case


def at_recommendations(w: World, day: datetime.date, **kwargs) -> AccreditationCase:
    case = applied(w, day, **kwargs)
    case = contracted(w, case, day)
    case = self_assessed(w, case, day)
    return reviewed(w, case, day)


def visit_scheduled(w, case, notice_on, start_on, end_on, seed="seed"):
    with on(notice_on):
        return services.accreditation_visit_schedule(
            case, actor=w.staff, start_on=start_on, end_on=end_on, seed=seed
        )


def visit_completed(w, case, visit) -> AccreditationCase:
    with on(visit.start_on - datetime.timedelta(days=7)):
        for seat in visit.seats.select_related("expert__user"):
            services.accreditation_report_open(case, actor=seat.expert.user)
    with on(visit.end_on, hour=18):
        return services.accreditation_visit_complete(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff
        )


def chair_of(visit) -> User:
    return visit.seats.get(is_chair=True).expert.user


def report_submitted(w, case, visit, day):
    with on(day):
        return services.accreditation_expert_report_submit(
            AccreditationCase.objects.get(pk=case.pk),
            actor=chair_of(visit),
            summary="The university meets the standards.",
            findings={s.pk: ("compliant", "") for s in w.standards},
            recommendations=[("Update the library.", day + datetime.timedelta(days=180), None)],
        )


def at_council(w: World, applied_on: datetime.date, **kwargs) -> AccreditationCase:
    """A case before the council: applied on `applied_on`, visited four months later."""
    case = at_recommendations(w, applied_on, **kwargs)
    start = next_monday(applied_on + datetime.timedelta(days=120))
    visit = visit_scheduled(w, case, applied_on, start, start + datetime.timedelta(days=2))
    case = visit_completed(w, case, visit)
    report_submitted(w, case, visit, visit.end_on)
    with on(visit.end_on + datetime.timedelta(days=7)):
        return services.accreditation_council_refer(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff, materials="Materials."
        )


def council_voted(w: World, case, day, choice=Decision.ACCREDIT) -> AccreditationCase:
    with on(day):
        for user in w.council_users:
            services.accreditation_council_vote(case, actor=user, choice=choice)
    return AccreditationCase.objects.get(pk=case.pk)


def next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def decided(w: World, case, day, choice=Decision.ACCREDIT) -> AccreditationCase:
    case = council_voted(w, case, day, choice=choice)
    with on(day):
        return services.accreditation_decide(
            case, actor=w.head, reasons="" if choice == Decision.ACCREDIT else "Not met."
        )


def accredited(w: World, applied_on: datetime.date, decision_day: datetime.date, **kwargs):
    """The certificate of a case taken through every stage."""
    case = decided(w, at_council(w, applied_on, **kwargs), decision_day)
    return case.certificates.get()


def case_on_record(w: World, submitted_on: datetime.date, **fields) -> AccreditationCase:
    """A case as an earlier cycle left it (written directly: what it went through is not the
    test's subject)."""
    with on(submitted_on):
        return AccreditationCase.objects.create(
            applicant=w.applicant,
            organization=w.organization,
            body=w.body,
            authority=w.body.authority,
            kind=fields.pop("kind", Kind.INSTITUTIONAL),
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
            **fields,
        )


def certificate_on_record(w: World, *, valid_until: datetime.date, **fields) -> Certificate:
    """A certificate in force of an earlier cycle."""
    case = case_on_record(
        w,
        datetime.date(2019, 1, 10),
        state=AccreditationCase.State.REPORT_PUBLISHED,
        decision=Decision.ACCREDIT,
    )
    return Certificate.objects.create(
        number=fields.pop("number", f"CRT-T-{case.pk}"),
        case=case,
        organization=w.organization,
        body=w.body,
        kind=fields.pop("kind", Kind.INSTITUTIONAL),
        issued_on=datetime.date(2025, 1, 1),
        valid_from=datetime.date(2025, 1, 1),
        valid_until=valid_until,
        **fields,
    )
