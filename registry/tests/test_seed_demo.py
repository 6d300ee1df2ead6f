import base64
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.demo import _steps, demo_step
from registry.demo.build import build
from registry.identifiers import validate_bin, validate_iin
from registry.models import (
    Authority,
    EducationLevel,
    Expert,
    Organization,
    OrganizationEvent,
    Qualification,
    Region,
    Role,
    Specialty,
    User,
)

pytestmark = pytest.mark.django_db

# Kazakhstan's 17 regions and 3 cities of republican significance, by KATO code.
TOP_KATO = {
    "710000000", "750000000", "790000000", "100000000", "110000000", "150000000", "190000000",
    "230000000", "270000000", "310000000", "330000000", "350000000", "390000000", "430000000",
    "470000000", "550000000", "590000000", "610000000", "620000000", "630000000",
}  # fmt: skip
LEVEL_CODES = {
    "preschool", "primary", "basic_secondary", "general_secondary", "tvet", "post_secondary",
    "higher", "postgraduate", "sports", "military", "arts", "pmp", "extracurricular",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_believable_registry():
    output = _seed()

    organizations = list(Organization.objects.all())
    assert len(organizations) >= 200
    for organization in organizations:
        validate_bin(organization.bin)
        for field in ("name", "short_name", "address"):
            for lang in ("kk", "ru", "en"):
                assert getattr(organization, f"{field}_{lang}"), (organization.bin, field, lang)
    levels_in_use = set(
        Organization.levels.through.objects.values_list("educationlevel__code", flat=True)
    )
    assert levels_in_use == LEVEL_CODES
    assert set(EducationLevel.objects.values_list("code", flat=True)) == LEVEL_CODES
    assert Organization.objects.exclude(parent=None).exists()
    assert Organization.objects.exclude(foreign_parent_name="").exists()
    reorganized = Organization.objects.filter(status=Organization.Status.REORGANIZED)
    assert reorganized.count() >= 2
    assert all(o.successor_id for o in reorganized)
    assert OrganizationEvent.objects.filter(kind=OrganizationEvent.Kind.RENAME).exists()

    top = Region.objects.filter(kind__in=[Region.Kind.REGION, Region.Kind.CITY])
    assert set(top.values_list("kato", flat=True)) == TOP_KATO
    assert Region.objects.filter(kind=Region.Kind.DISTRICT).count() >= 40

    assert Specialty.objects.count() >= 30
    assert Qualification.objects.count() >= 30
    bodies = Authority.objects.filter(kind=Authority.Kind.ACCREDITATION_BODY)
    assert bodies.count() == 3
    assert all(b.register_entry_number and b.register_entry_valid_until for b in bodies)
    assert Authority.objects.filter(kind=Authority.Kind.REGIONAL).count() == 20
    assert Authority.objects.filter(kind=Authority.Kind.HEALTH).exists()

    experts = list(Expert.objects.prefetch_related("levels"))
    assert len(experts) >= 40
    for expert in experts:
        validate_iin(expert.iin)
        assert expert.levels.all()
    assert Expert.objects.exclude(affiliations=None).exists()

    # Every role has a demo user printed with its log-in; procedures add people of their own
    # (the accreditation body's staff, the university's representatives, the citizen).
    for role in Role.values:
        emails = User.objects.filter(roles__role=role).values_list("email", flat=True)
        assert any(email in output for email in emails), role
    applicant = User.objects.get(email="applicant@example.com")
    assert len(applicant.represented_organization_ids) == 2


def test_the_printed_second_factor_logs_the_demo_users_in():
    output = _seed()
    for email in ("staff@example.com", "head@example.com", "admin@example.com"):
        user = User.objects.get(email=email)
        assert user.needs_second_factor
        device = TOTPDevice.objects.get(user=user, name="default", confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        assert secret in output
        assert device.verify_token(f"{totp(device.bin_key):06d}")
        backup = StaticDevice.objects.get(user=user, name="backup")
        code = backup.token_set.first().token
        assert code in output
        assert backup.verify_token(code)
        assert user.check_password("demo-portal-2026")
    assert User.objects.get(email="admin@example.com").is_superuser


def test_if_empty_does_nothing_the_second_time():
    _seed("--if-empty")
    counts = (Organization.objects.count(), User.objects.count(), Expert.objects.count())
    output = _seed("--if-empty")
    assert "nothing to do" in output
    assert (Organization.objects.count(), User.objects.count(), Expert.objects.count()) == counts


def test_without_if_empty_a_filled_registry_is_refused():
    _seed()
    with pytest.raises(CommandError):
        _seed()


def test_production_settings_are_refused(settings):
    settings.SETTINGS_MODULE = "config.production"
    with pytest.raises(CommandError, match="production"):
        _seed()
    assert not Organization.objects.exists()


class _Rollback(Exception):
    pass


def _run_and_roll_back(**kwargs):
    """Builds the demo, reads what it made, and leaves the database as it was."""
    result = {}
    try:
        with transaction.atomic():
            ctx = build(out=lambda line: None, **kwargs)
            result["ctx"] = ctx
            result["rows"] = list(
                Organization.objects.order_by("bin").values_list("bin", "name_ru", "region__kato")
            )
            raise _Rollback
    except _Rollback:
        return result


def test_the_same_seed_gives_the_same_data():
    first = _run_and_roll_back(seed=7)["rows"]
    second = _run_and_roll_back(seed=7)["rows"]
    assert first == second
    assert not Organization.objects.exists()


def test_scale_multiplies_organizations_and_experts():
    one = _run_and_roll_back(scale=1)["ctx"]
    two = _run_and_roll_back(scale=2)["ctx"]
    assert len(two.organizations) >= 1.7 * len(one.organizations)
    assert len(two.experts) == 2 * len(one.experts)


def test_registered_steps_run_after_the_registry_is_built():
    seen = []

    @demo_step(order=5)
    def count_organizations(ctx):
        seen.append((len(ctx.organizations), Organization.objects.count(), sorted(ctx.users)))

    try:
        _run_and_roll_back()
    finally:
        _steps.pop(f"{count_organizations.__module__}.{count_organizations.__qualname__}")
    [(in_context, in_database, roles)] = seen
    assert in_context == in_database >= 200
    # The registry's own people: one per role but the citizen, whom the apostille demo adds.
    assert roles == sorted(set(Role.values) - {Role.CITIZEN})
