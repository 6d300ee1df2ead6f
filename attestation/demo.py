"""Sample attestations for `manage.py seed_demo` (registry/demo): the demo department's approved
schedule, one attestation decided, one at the knowledge test with the demo commission member
entering results, and a few notified for the months ahead.

What lies in the past is written as it would stand after the services had run on those days
(the services check today's date against the law's terms, so they cannot replay the past); what
happens today goes through the services: drawing the sample and entering results. Everything
random comes from the demo's seeded generator, so the same seed gives the same attestations.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.deadlines import deadline_open
from casework.models import IssuedDocument, TransitionLog
from registry.demo import DemoContext, demo_step
from registry.demo import names as N
from registry.models import Organization, Role

from . import documents, figures, rules, services
from .models import (
    Attestation,
    AttestationKind,
    Cohort,
    Column,
    Commission,
    CommissionMember,
    Conclusion,
    ConclusionSection,
    ConclusionSignature,
    PriorAttestation,
    ResultCell,
    Schedule,
    ScheduleEntry,
    SelfAssessment,
    Student,
    StudyArea,
    StudyAreaAssignment,
)
from .services.schedules import default_test_form

DEMO_REGION = "35"  # the demo department's region (registry/demo/build.py)
DAY = datetime.timedelta(days=1)
GRADES = [rules.Grade.EXCELLENT, rules.Grade.GOOD, rules.Grade.GOOD, rules.Grade.SATISFACTORY]


@demo_step(order=30)
def attestation_samples(ctx: DemoContext) -> None:
    authority = ctx.authorities[f"regional:{DEMO_REGION}"]
    staff, head = ctx.users[Role.STAFF], ctx.users[Role.HEAD]
    member = ctx.users[Role.COMMISSION_MEMBER]
    applicant = ctx.users[Role.APPLICANT]
    today = ctx.today

    # The test is at the applicant's college (so the organization sees it too), another
    # organization is decided, and three more, the applicant's school among them, are told of
    # their attestation in the months ahead. The two with a commission are ones the demo's people
    # can form it for: private, or under the department itself (А18(2): a state organization
    # under another state body needs one of its staff, and the demo has none) whenever the
    # generated registry has such organizations.
    in_region = [
        o
        for o in ctx.organizations
        if o.status == Organization.Status.ACTIVE
        and o.parent_id is None
        and o.region.path.startswith(authority.jurisdiction.path)
    ]
    represented = set(applicant.represented_organization_ids)

    def rank(o):
        formable = o.ownership == Organization.Ownership.PRIVATE or o.supervising_body_id in (
            None,
            authority.pk,
        )
        return (not formable, o.pk not in represented, o.pk)

    tested = [o for o in in_region if {"tvet", "general_secondary"} & ctx.organization_levels[o.pk]]
    testing_org, decided_org = sorted(tested, key=rank)[:2]
    rest = [o for o in in_region if o.pk not in (testing_org.pk, decided_org.pk)]
    mine = [o for o in rest if o.pk in represented][:1]
    later = mine + ctx.rng.sample([o for o in rest if o not in mine], 3 - len(mine))
    _link_expert_profile(ctx, member, avoid={testing_org.pk, decided_org.pk})

    visit_start = today - 2 * DAY
    decided_start = today - 45 * DAY
    starts = [today + (100 + 30 * i) * DAY for i in range(len(later))]
    schedules = _schedules(
        authority, head, {d.year for d in [visit_start, decided_start, *starts]}, today
    )

    decided = _attestation(schedules, decided_org, decided_start, head, last_attested=True)
    _through_decision(ctx, decided, staff, head, member)
    testing = _attestation(schedules, testing_org, visit_start, head, last_attested=False)
    _at_the_test(ctx, testing, staff, head, member)
    for organization, start in zip(later, starts, strict=True):
        attestation = _attestation(schedules, organization, start, head, last_attested=True)
        for kind, due in (
            ("self_assessment", rules.self_assessment_deadline(start)),
            ("commission", rules.commission_deadline(start)),
        ):
            deadline_open(attestation, kind, calendar_days=(due - today).days, start=today)
    ctx.out(
        f"Attestation: {testing.number} at the knowledge test ({testing_org.short_name_ru}), "
        f"{decided.number} decided, {len(later)} notified."
    )


def _link_expert_profile(ctx: DemoContext, user, avoid: set[int]) -> None:
    """The commission member's expert profile (levels, specialties), from the register: one who
    covers technical and vocational education and never worked at the organizations attested."""
    from registry.models import ExpertAffiliation

    tvet = ctx.levels["tvet"]
    affiliated = set(
        ExpertAffiliation.objects.filter(organization_id__in=avoid).values_list(
            "expert_id", flat=True
        )
    )
    expert = next(
        e
        for e in ctx.experts
        if e.user_id is None
        and e.pk not in affiliated
        and e.levels.filter(pk=tvet.pk).exists()
        and e.is_certified_on(ctx.today)
    )
    expert.user = user
    expert.full_name = user.full_name
    expert.save(update_fields=["user", "full_name"])


def _schedules(authority, head, years, today) -> dict[int, Schedule]:
    """А11: the department's schedule of each year, approved (by the head, with an order)."""
    schedules = {}
    for year in sorted(years):
        approved = min(datetime.datetime(year - 1, 12, 20, 10, tzinfo=datetime.UTC), timezone.now())
        schedule = Schedule.objects.create(
            authority=authority,
            year=year,
            proposed_at=approved - datetime.timedelta(days=14),
        )
        schedule.approve()
        schedule.approved_at = approved
        schedule.approved_by = head
        schedule.order_number = f"{year - 2000}-ОД/{(year * 7) % 300 + 1}"
        schedule.save()
        _log(schedule, "approve", Schedule.State.DRAFT, head, approved, schedule.order_number)
        schedules[year] = schedule
    return schedules


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _log(obj, transition: str, source: str, actor, at, comment: str = "") -> None:
    """The log row of a step (of an attestation or a schedule), with the time the step stands
    for. Demo data only: the portal itself logs through casework.services at the moment of the
    change."""
    TransitionLog.objects.create(
        case_type=ContentType.objects.get_for_model(obj),
        case_id=obj.pk,
        transition=transition,
        source=source,
        target=obj.state,
        actor=actor,
        comment=comment,
        at=at,
    )


def _step(attestation, transition: str, actor, at: datetime.datetime, comment: str = ""):
    """A transition as the service made it on that day."""
    source = attestation.state
    getattr(attestation, transition)()
    attestation.save()
    _log(attestation, transition, source, actor, at, comment)
    return attestation


def _attestation(schedules, organization, start, head, *, last_attested: bool) -> Attestation:
    """А4, А12: the organization in its year's schedule (attested five years before, or
    never), with its case, told of it at least three months ahead."""
    schedule = schedules[start.year]
    notified = min(max(schedule.approved_at, _at(start - 120 * DAY, 11)), timezone.now())
    if last_attested:
        attested_on = start - datetime.timedelta(days=5 * 365 + 40)
        PriorAttestation.objects.create(
            organization=organization, attested_on=attested_on, order_number="118-ОД"
        )
        basis = _("Last attested on %(date)s") % {"date": formats.date_format(attested_on, "d.m.Y")}
    else:
        attested_on = None
        basis = _("Never attested")
    entry = ScheduleEntry.objects.create(
        schedule=schedule,
        organization=organization,
        kind=AttestationKind.PLANNED,
        start_date=start,
        basis=basis,
        last_attested_on=attested_on,
        notified_at=notified,
    )
    attestation = Attestation(
        organization=organization,
        authority=schedule.authority,
        applicant=head,
        schedule_entry=entry,
        kind=entry.kind,
        start_date=start,
        test_form=default_test_form(organization),
    )
    attestation.save()
    _log(attestation, "create", "", head, schedule.approved_at, basis)
    attestation = _step(attestation, "notify", head, notified)
    Attestation.objects.filter(pk=attestation.pk).update(notified_at=notified)
    return attestation


def _self_assessment(attestation, start) -> Attestation:
    """А15: submitted forty days before the start, by the organization's representative."""
    assignment = attestation.organization.representatives.filter(role=Role.APPLICANT).first()
    representative = assignment.user if assignment else None
    submitted = _at(start - 40 * DAY, 15)
    SelfAssessment.objects.create(
        attestation=attestation,
        **{area.value: _SECTION_TEXTS.get(area, "Сведения представлены.") for area in StudyArea},
        teachers_total=64,
        teachers_qualified=41,
        students_total=612,
        graduates_total=118,
        library_items=23_400,
        computers=86,
        laboratories_count=9,
        submitted_at=submitted,
        submitted_by=representative,
    )
    return _step(attestation, "submit_self_assessment", representative, submitted)


def _commission(attestation, staff, member, start) -> Commission:
    """А17, А18: chaired by the department's staff member, with the commission member, whose
    expert profile covers the organization's level; approved two weeks before the start."""
    commission = Commission.objects.create(
        attestation=attestation,
        approved_at=_at(start - 14 * DAY, 12),
        order_number=f"{start:%y}-К/{attestation.pk:03d}",
    )
    CommissionMember.objects.create(
        commission=commission,
        user=staff,
        role=CommissionMember.Role.CHAIR,
        employer_authority=attestation.authority,
        position="Главный специалист",
    )
    seat = CommissionMember.objects.create(
        commission=commission,
        user=member,
        role=CommissionMember.Role.LEADING_TEACHER,
        position="Педагог-эксперт",
        profile="Техническое и профессиональное образование",
    )
    commission.written_work_member = seat
    commission.written_work_teacher = "Омарова Г. С."
    commission.save(update_fields=["written_work_member", "written_work_teacher"])
    return commission


def _students(ctx, cohort, count) -> list[Student]:
    rows = []
    for row in range(1, count + 1):
        female = ctx.rng.random() < 0.5
        surname = ctx.rng.choice(N.SURNAMES)[1 if female else 0]
        given = ctx.rng.choice(N.GIVEN_FEMALE if female else N.GIVEN_MALE)
        rows.append(
            Student(
                cohort=cohort,
                row=row,
                full_name=f"{surname} {given}",
                current_grade=ctx.rng.choice(GRADES),
            )
        )
    return Student.objects.bulk_create(rows)


def _at_the_test(ctx, attestation, staff, head, member) -> None:
    """The visit began two days ago; the roster of one specialty is loaded and its sample of 50
    drawn; the commission member has entered the first results."""
    start = attestation.start_date
    attestation = _self_assessment(attestation, start)
    commission = _commission(attestation, staff, member, start)
    attestation = _step(attestation, "approve_commission", head, commission.approved_at)
    attestation = _step(attestation, "start_visit", staff, _at(start, 9))
    Attestation.objects.filter(pk=attestation.pk).update(
        visit_started_on=start, visit_ends_on=rules.visit_last_day(start)
    )
    seat = commission.members.get(user=member)
    for area in (StudyArea.STAFF, StudyArea.METHODOLOGY, StudyArea.PRACTICE):
        StudyAreaAssignment.objects.create(commission=commission, area=area, member=seat)

    specialties = sorted(
        (s for s in ctx.specialties.values() if s.level.code == "tvet"), key=lambda s: s.code
    )
    specialty = ctx.rng.choice(specialties)
    cohort = Cohort.objects.create(
        attestation=attestation,
        name=f"{specialty.code} {specialty.name_ru}",
        specialty=specialty,
        sample_seed=f"{ctx.rng.getrandbits(64):016x}",
    )
    _students(ctx, cohort, 64)
    # Inside seed_demo's transaction: the services' inner functions (their entry points are
    # durable transactions of their own).
    services.sample_draw.inner(attestation, actor=staff)  # А24: 50 of 64, by the grade shares
    sampled = list(cohort.students.filter(in_sample=True).order_by("row"))
    for student in sampled[:18]:
        if ctx.rng.random() < 0.06:
            services.results_enter.inner(student, Column.ABSENT, 1, actor=member, version=0)
        else:
            percent = ctx.rng.randint(52, 100)
            services.results_enter.inner(student, Column.TEST, percent, actor=member, version=0)


def _through_decision(ctx, attestation, staff, head, member) -> None:
    """Visited a month and a half ago, the conclusion signed by both, "attest" ordered within
    the ten days (А33), with А35's figures: 48 of 50 took part, 43 of them positive."""
    start = attestation.start_date
    attestation = _self_assessment(attestation, start)
    commission = _commission(attestation, staff, member, start)
    attestation = _step(attestation, "approve_commission", head, commission.approved_at)
    attestation = _step(attestation, "start_visit", staff, _at(start, 9))

    cohort = Cohort.objects.create(
        attestation=attestation,
        name="11 «А»",
        sample_seed=f"{ctx.rng.getrandbits(64):016x}",
        sample_drawn_at=_at(start, 9),
    )
    students = _students(ctx, cohort, 50)
    Student.objects.filter(cohort=cohort).update(in_sample=True)  # А24: 50 or fewer, everyone
    cells = []
    for i, student in enumerate(students):
        if i < 2:
            cells.append(
                ResultCell(
                    student=student, column=Column.ABSENT, value=1, entered_by=member, version=1
                )
            )
        else:
            percent = ctx.rng.randint(35, 59) if i < 7 else ctx.rng.randint(60, 100)
            cells.append(
                ResultCell(
                    student=student, column=Column.TEST, value=percent, entered_by=member, version=1
                )
            )
    ResultCell.objects.bulk_create(cells)

    signed_on = start + 6 * DAY
    conclusion = Conclusion.objects.create(
        commission=commission,
        sections={
            **{area.value: text for area, text in _SECTION_TEXTS.items()},
            ConclusionSection.FINDINGS: _FINDINGS,
        },
        compliant=True,
        recommendation="attest",
        updated_by=staff,
    )
    attestation.refresh_from_db()
    sha256 = services.content_hash(conclusion, attestation)
    signed_at = _at(signed_on, 16)
    for seat in commission.members.all():
        ConclusionSignature.objects.create(
            conclusion=conclusion,
            member=seat,
            signer=seat.user,
            signed_at=signed_at,
            version=conclusion.version,
            sha256=sha256,
        )
    decided_at = _at(signed_on + 5 * DAY, 11)
    attestation = _step(attestation, "sign_conclusion", staff, signed_at)
    attestation = _step(
        attestation, "attest", head, decided_at, _("Order %(number)s.") % {"number": "412-ОД"}
    )
    Attestation.objects.filter(pk=attestation.pk).update(
        visit_started_on=start,
        visit_ends_on=rules.visit_last_day(start),
        conclusion_signed_on=signed_on,
        decision="attest",
        decided_at=decided_at,
        decided_by=head,
        order_number="412-ОД",
        decision_figures=figures.snapshot(figures.figures(attestation, compliant=True)),
        closed_at=decided_at,
    )
    # Its two acts, dated as made (PDFs render on first request): the owners find them on the
    # attestation page and anyone checks them by number and date.
    attestation.refresh_from_db()
    conclusion_document = documents.conclusion_issue(attestation)
    order = documents.decision_issue(attestation)
    IssuedDocument.objects.filter(pk=conclusion_document.pk).update(issued_at=signed_at)
    IssuedDocument.objects.filter(pk=order.pk).update(issued_at=decided_at)


_SECTION_TEXTS = {
    StudyArea.GENERAL: "Организация действует на основании устава и лицензии; контингент и "
    "профиль соответствуют лицензии.",
    StudyArea.STAFF: "Педагогов — 64, из них с высшей и первой категорией — 41 (64 %). "
    "Повышение квалификации пройдено в срок.",
    StudyArea.STUDENTS: "Обучающихся — 612, выпускников — 118. Движение контингента "
    "оформлено приказами.",
    StudyArea.METHODOLOGY: "Рабочие учебные планы и программы утверждены, соответствуют ГОСО.",
    StudyArea.MATERIAL_ASSETS: "Учебные кабинеты оснащены; 86 компьютеров в учебном процессе.",
    StudyArea.LIBRARY: "Библиотечный фонд — 23 400 экземпляров, обеспеченность учебниками 100 %.",
    StudyArea.KNOWLEDGE: "Комплексное тестирование проведено по выборке (п. 24–25).",
}
_FINDINGS = (
    "Деятельность организации соответствует требованиям ГОСО. Комиссия рекомендует "
    "аттестовать организацию образования."
)
