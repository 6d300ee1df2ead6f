"""Factories for the registry. Numbers come out valid: BINs and IINs carry real check digits."""

import datetime
import itertools

import factory
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.identifiers import with_check_digit
from registry.models import (
    Authority,
    EducationLevel,
    Expert,
    Organization,
    Procedure,
    Qualification,
    Region,
    Role,
    RoleAssignment,
    Specialty,
    User,
)

_serials = itertools.count(1)


def next_bin() -> str:
    """A fresh valid BIN: registered in a real month, legal-entity digits, a valid check digit."""
    while True:
        serial = next(_serials)
        number = with_check_digit(f"0{serial % 9 + 1}{(serial % 12) + 1:02d}40{serial:05d}"[:11])
        if number:
            return number


def next_iin() -> str:
    while True:
        serial = next(_serials)
        number = with_check_digit(f"8{serial % 10}0{serial % 9 + 1}1{serial % 9}3{serial:04d}"[:11])
        if number:
            return number


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("kato",)

    kato = factory.Sequence(lambda n: f"{10 + n % 89:02d}{n:07d}"[:9])
    kind = Region.Kind.REGION
    parent = None
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_kk = factory.Sequence(lambda n: f"{n} облысы")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    kind = Authority.Kind.REGIONAL
    name_ru = factory.Sequence(lambda n: f"Управление образования {n}")
    name_kk = factory.Sequence(lambda n: f"{n} білім басқармасы")
    name_en = factory.Sequence(lambda n: f"Education department {n}")
    jurisdiction = factory.SubFactory(RegionFactory)
    procedures = factory.LazyFunction(lambda: [Procedure.LICENSING, Procedure.ATTESTATION])


class EducationLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationLevel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"level-{n}")
    name_ru = factory.Sequence(lambda n: f"Уровень {n}")
    name_kk = factory.Sequence(lambda n: f"{n} деңгей")
    name_en = factory.Sequence(lambda n: f"Level {n}")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty

    code = factory.Sequence(lambda n: f"{n:04d}000")
    name_ru = factory.Sequence(lambda n: f"Специальность {n}")
    name_kk = factory.Sequence(lambda n: f"{n} мамандық")
    name_en = factory.Sequence(lambda n: f"Specialty {n}")
    level = factory.SubFactory(EducationLevelFactory)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    code = factory.Sequence(lambda n: f"{n:04d}001")
    name_ru = factory.Sequence(lambda n: f"Квалификация {n}")
    name_kk = factory.Sequence(lambda n: f"{n} біліктілік")
    name_en = factory.Sequence(lambda n: f"Qualification {n}")
    specialty = factory.SubFactory(SpecialtyFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    bin = factory.LazyFunction(next_bin)
    name_ru = factory.Sequence(lambda n: f"Средняя школа № {n}")
    name_kk = factory.Sequence(lambda n: f"№ {n} орта мектеп")
    name_en = factory.Sequence(lambda n: f"Secondary school No. {n}")
    legal_form = Organization.LegalForm.STATE_INSTITUTION
    ownership = Organization.Ownership.STATE
    region = factory.SubFactory(RegionFactory)
    address_ru = "ул. Абая, 1"
    address_kk = "Абай к-сі, 1"
    address_en = "1 Abai St"
    head_name = "Иванова А. Б."
    phone = "+7 727 000 00 00"
    email = factory.Sequence(lambda n: f"school{n}@edu.kz")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    full_name = factory.Sequence(lambda n: f"Эксперт {n}")
    iin = factory.LazyFunction(next_iin)
    certificate_number = factory.Sequence(lambda n: f"EX-{n:05d}")
    certificate_valid_from = datetime.date(2024, 1, 1)
    certificate_valid_until = datetime.date(2028, 12, 31)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    full_name = factory.Sequence(lambda n: f"Пользователь {n}")
    # Pages follow the reader's account language; tests read the test settings' language
    # unless they choose one.
    language = factory.LazyFunction(lambda: settings.LANGUAGE_CODE)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def grant(user: User, role: str, *, organization=None, authority=None) -> User:
    RoleAssignment.objects.create(
        user=user, role=role, organization=organization, authority=authority
    )
    user.__dict__.pop("_role_assignments", None)
    return user


def applicant_for(organization: Organization, **kwargs) -> User:
    return grant(UserFactory(**kwargs), Role.APPLICANT, organization=organization)


def staff_of(authority: Authority, *, head: bool = False, **kwargs) -> User:
    return grant(UserFactory(**kwargs), Role.HEAD if head else Role.STAFF, authority=authority)


def admin_user(**kwargs) -> User:
    return grant(UserFactory(is_staff=True, is_superuser=True, **kwargs), Role.ADMIN)


def with_totp(user: User) -> TOTPDevice:
    """Gives the user a confirmed TOTP device; compute codes with `totp_code(device)`."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
