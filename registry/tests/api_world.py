"""A small registry for the API tests: two regions, an authority over each, an organization in a
district of the first, and one user for every role the access rules tell apart."""

from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.authtoken.models import Token

from registry.models import Authority, Organization, Region, Role, User

from .factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    admin_user,
    applicant_for,
    grant,
    staff_of,
    with_totp,
)


@dataclass
class World:
    country: Region
    almaty: Region
    almaty_district: Region
    astana: Region
    authority_a: Authority  # jurisdiction: Almaty, which covers school_x
    authority_b: Authority  # jurisdiction: Astana
    school_x: Organization
    school_y: Organization
    users: dict[str, User | None]


ROLES = ["anonymous", "applicant_x", "staff_a", "staff_b", "head_a", "admin", "expert"]
# Roles that must pass a second factor before they see anything.
SECOND_FACTOR_ROLES = {"staff_a", "staff_b", "head_a", "admin"}


def build_world() -> World:
    country = RegionFactory(kato="000000000", kind=Region.Kind.COUNTRY, parent=None)
    almaty = RegionFactory(kato="750000000", kind=Region.Kind.CITY, parent=country)
    almaty_district = RegionFactory(kato="751710000", kind=Region.Kind.DISTRICT, parent=almaty)
    astana = RegionFactory(kato="710000000", kind=Region.Kind.CITY, parent=country)
    authority_a = AuthorityFactory(jurisdiction=almaty)
    authority_b = AuthorityFactory(jurisdiction=astana)
    school_x = OrganizationFactory(region=almaty_district)
    school_x.levels.add(EducationLevelFactory(code="general_secondary"))
    school_y = OrganizationFactory(region=astana)
    expert_user = grant(UserFactory(), Role.EXPERT)
    ExpertFactory(user=expert_user)
    users = {
        "anonymous": None,
        "applicant_x": applicant_for(school_x),
        "staff_a": staff_of(authority_a),
        "staff_b": staff_of(authority_b),
        "head_a": staff_of(authority_a, head=True),
        "admin": admin_user(),
        "expert": expert_user,
    }
    return World(
        country=country,
        almaty=almaty,
        almaty_district=almaty_district,
        astana=astana,
        authority_a=authority_a,
        authority_b=authority_b,
        school_x=school_x,
        school_y=school_y,
        users=users,
    )


def session_client(user: User | None) -> Client:
    """A browser-like client: logged in, with the second factor passed where the role needs it."""
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if user.needs_second_factor:
        device = user.totpdevice_set.first() or with_totp(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def token_client(user: User | None) -> Client:
    """A program's client: no session, only the user's API token in the Authorization header."""
    if user is None:
        return Client()
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")
