"""Factories for the apostille. `world()` builds the usual cast: a school in a region, licensed
for a level since 2015 with its director in the specimen register, the authority handling
apostilles there with its staff and head, and a citizen holding a diploma of that school."""

import dataclasses
import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from apostille import services
from apostille.models import ApostilleRequest, DocumentType, RefusalReason, Specimen
from casework.attachments import attachment_upload
from licensing.tests.factories import LicenseAppendixFactory, LicenseFactory
from registry.models import Authority, EducationLevel, Organization, Procedure, Role, User
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    grant,
    next_iin,
    staff_of,
)

READS = "en"
LICENSED_SINCE = datetime.date(2015, 6, 1)
DIRECTOR = "Ахметова Гульнар Серикқызы"


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"doc-{n}")
    name_ru = factory.Sequence(lambda n: f"Аттестат {n}")
    name_kk = factory.Sequence(lambda n: f"{n} аттестат")
    name_en = factory.Sequence(lambda n: f"Certificate {n}")

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.levels.set(extracted)


class RefusalReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefusalReason

    code = factory.Sequence(lambda n: f"R{n}")
    text_ru = factory.Sequence(lambda n: f"Основание {n}")
    text_kk = factory.Sequence(lambda n: f"{n} негіз")
    text_en = factory.Sequence(lambda n: f"Reason {n}")


class SpecimenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specimen

    organization = factory.SubFactory(OrganizationFactory)
    signer_name = DIRECTOR
    capacity = Specimen.Capacity.HEAD
    position = "Директор"
    valid_from = datetime.date(2010, 9, 1)
    valid_until = None


def citizen(**kwargs) -> User:
    kwargs.setdefault("language", READS)
    kwargs.setdefault("iin", next_iin())
    return grant(UserFactory(**kwargs), Role.CITIZEN)


def pdf_scan(text: str = "diploma") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(content: bytes, name: str = "diploma.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@dataclasses.dataclass
class World:
    organization: Organization
    authority: Authority
    staff: User
    head: User
    citizen: User
    level: EducationLevel
    document_type: DocumentType
    specimen: Specimen


def world(*, licensed: bool = True) -> World:
    region = RegionFactory()
    authority = AuthorityFactory(
        jurisdiction=region, procedures=[Procedure.LICENSING, Procedure.APOSTILLE]
    )
    organization = OrganizationFactory(region=region)
    level = EducationLevelFactory()
    if licensed:
        license_ = LicenseFactory(
            organization=organization, authority=authority, issued_on=LICENSED_SINCE
        )
        LicenseAppendixFactory(license=license_, level=level, issued_on=LICENSED_SINCE)
    return World(
        organization=organization,
        authority=authority,
        staff=staff_of(authority, language=READS),
        head=staff_of(authority, head=True, language=READS),
        citizen=citizen(full_name="Сериков Арман"),
        level=level,
        document_type=DocumentTypeFactory(levels=[level]),
        specimen=SpecimenFactory(organization=organization),
    )


def details(w: World, **overrides) -> dict:
    values = {
        "document_type": w.document_type,
        "series": "ЖОБ",
        "document_number": "0012345",
        "issued_on": datetime.date(2020, 6, 20),
        "issuer": w.organization,
        "signer_name": DIRECTOR,
        "country_of_use": "Germany",
        "fee_receipt_number": "KZ-PAY-778899",
    }
    values.update(overrides)
    return values


def draft(w: World, *, scan: bytes | None = None, actor=None, **overrides) -> ApostilleRequest:
    actor = actor or w.citizen
    request = services.apostille_request_create(actor=actor, **details(w, **overrides))
    attachment_upload(
        case=request, item_code="scan", upload=upload(scan or pdf_scan()), uploaded_by=actor
    )
    return request


def submitted(w: World, **overrides) -> ApostilleRequest:
    request = draft(w, **overrides)
    return services.apostille_request_submit(request, actor=request.applicant)


def in_review(w: World, **overrides) -> ApostilleRequest:
    request = submitted(w, **overrides)
    services.apostille_fee_confirm(request, actor=w.staff)
    return services.apostille_request_accept(request, actor=w.staff)
