"""Factories for attestation tests: each builds real rows; `attestation_in` puts a case straight
into a state (with what that state implies) so a test can start where its rule applies."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from attestation.models import (
    Attestation,
    AttestationKind,
    Cohort,
    Column,
    Commission,
    CommissionMember,
    Conclusion,
    ConclusionSection,
    ResultCell,
    Schedule,
    ScheduleEntry,
    Student,
)
from attestation.rules import Grade
from registry.models import Role
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    UserFactory,
    applicant_for,
    grant,
    staff_of,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="file.pdf", content=PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def today() -> datetime.date:
    return timezone.localdate()


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    authority = factory.SubFactory(AuthorityFactory)
    year = factory.LazyFunction(lambda: today().year)


class World:
    """An authority with a head and a staff member, and an organization in its jurisdiction
    with a representative."""

    def __init__(self, **organization):
        self.authority = AuthorityFactory()
        self.head = staff_of(self.authority, head=True, full_name="Head of Department")
        self.staff = staff_of(self.authority, full_name="Staff Member")
        self.organization = OrganizationFactory(region=self.authority.jurisdiction, **organization)
        self.representative = applicant_for(self.organization, full_name="School Director")

    def organization_in_jurisdiction(self, **kwargs):
        return OrganizationFactory(region=self.authority.jurisdiction, **kwargs)


def attestation_in(
    world: World,
    state: str = Attestation.State.NOTIFIED,
    *,
    start_date: datetime.date | None = None,
    **fields,
) -> Attestation:
    """An attestation of the world's organization in an approved schedule, in `state`."""
    start_date = start_date or today() + datetime.timedelta(days=120)
    schedule, _created = Schedule.objects.get_or_create(
        authority=world.authority,
        year=start_date.year,
        defaults={"state": Schedule.State.APPROVED, "approved_at": timezone.now()},
    )
    entry = ScheduleEntry.objects.create(
        schedule=schedule,
        organization=world.organization,
        kind=AttestationKind.PLANNED,
        start_date=start_date,
        notified_at=timezone.now(),
    )
    attestation = Attestation(
        organization=world.organization,
        authority=world.authority,
        applicant=world.head,
        schedule_entry=entry,
        kind=AttestationKind.PLANNED,
        start_date=start_date,
        notified_at=timezone.now(),
        state=state,
        **fields,
    )
    attestation.save()
    return attestation


def commission_for(
    attestation: Attestation,
    *,
    members: int = 2,
    approved: bool = True,
    purpose=Commission.Purpose.ATTESTATION,
) -> Commission:
    """A commission with a chair from the authority's staff and `members` other members."""
    commission = Commission.objects.create(
        attestation=attestation,
        purpose=purpose,
        approved_at=timezone.now() if approved else None,
    )
    chair = staff_of(attestation.authority, full_name="Commission Chair")
    CommissionMember.objects.create(
        commission=commission, user=chair, role=CommissionMember.Role.CHAIR
    )
    for n in range(members):
        user = grant(UserFactory(full_name=f"Member {n + 1}"), Role.COMMISSION_MEMBER)
        CommissionMember.objects.create(
            commission=commission, user=user, role=CommissionMember.Role.LEADING_TEACHER
        )
    return commission


def sample_of(
    attestation: Attestation, size: int = 50, name: str = "11 A"
) -> tuple[Cohort, list[Student]]:
    """A cohort of `size` students, all in the sample."""
    cohort = Cohort.objects.create(attestation=attestation, name=name)
    grades = [Grade.EXCELLENT, Grade.GOOD, Grade.SATISFACTORY]
    students = Student.objects.bulk_create(
        [
            Student(
                cohort=cohort,
                row=i + 1,
                full_name=f"Student {i + 1:03d}",
                current_grade=grades[i % 3],
                in_sample=True,
            )
            for i in range(size)
        ]
    )
    return cohort, students


def results(students, *, absent: int = 0, failing: int = 0, by=None, percent: int = 80):
    """Enter results straight into the grid: the first `absent` students absent, the next
    `failing` with 40 %, the rest with `percent`."""
    by = by or UserFactory()
    cells = []
    for i, student in enumerate(students):
        if i < absent:
            cells.append(
                ResultCell(student=student, column=Column.ABSENT, value=1, version=1, entered_by=by)
            )
        else:
            value = 40 if i < absent + failing else percent
            cells.append(
                ResultCell(
                    student=student, column=Column.TEST, value=value, version=1, entered_by=by
                )
            )
    ResultCell.objects.bulk_create(cells)


def decided_ready(world: World, *, conclusion_signed_on=None, compliant=True, **fields):
    """An attestation whose conclusion is signed, awaiting the decision."""
    attestation = attestation_in(
        world,
        Attestation.State.CONCLUSION,
        start_date=today() - datetime.timedelta(days=14),
        conclusion_signed_on=conclusion_signed_on or today(),
        **fields,
    )
    commission = commission_for(attestation)
    Conclusion.objects.create(
        commission=commission,
        compliant=compliant,
        recommendation="attest",
        sections={ConclusionSection.FINDINGS: "Complies."},
    )
    return attestation


def client_for(user=None):
    """A fresh test client logged in as `user` (anonymous when None); staff and heads with the
    second factor passed, as the middleware demands. Fresh, so a test that travels in time
    does not carry a session that has expired meanwhile."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if user.needs_second_factor:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
