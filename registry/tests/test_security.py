"""The security baseline of issue 2, item 4: login throttling, a second factor for staff and
admins, sessions that end on inactivity, a Content-Security-Policy without inline code, and
uploads that no URL serves."""

import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.static import serve

from config import settings as portal_settings
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    admin_user,
    applicant_for,
    staff_of,
    totp_code,
    with_totp,
)

PASSWORD = "correct-horse-battery"  # the factories' password


def _login_step(client, email, password):
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "auth", "auth-username": email, "auth-password": password},
    )


def _token_step(client, device):
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "token", "token-otp_token": totp_code(device)},
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Login throttling


@pytest.mark.django_db
def test_sixth_login_after_five_wrong_passwords_is_locked_out_even_with_the_right_password(
    client,
):
    user = applicant_for(OrganizationFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_step(client, user.email, "wrong-password")
    response = _login_step(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert not _logged_in(client)


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock_the_account(client):
    user = applicant_for(OrganizationFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login_step(client, user.email, "wrong-password")
    response = _login_step(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_changing_the_letter_case_of_the_email_does_not_reset_the_failure_count(client):
    user = applicant_for(OrganizationFactory())
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = user.email.upper() if attempt % 2 else user.email
        _login_step(client, email, "wrong-password")
    assert _login_step(client, user.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_login_is_by_email_in_any_letter_case(client):
    user = applicant_for(OrganizationFactory())
    _login_step(client, user.email.upper(), PASSWORD)
    assert _logged_in(client)


# Second factor


@pytest.mark.django_db
def test_staff_without_a_second_factor_device_is_sent_to_set_up_instead_of_the_dashboard(client):
    staff = staff_of(AuthorityFactory())
    client.force_login(staff)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")


@pytest.mark.django_db
def test_staff_with_a_device_who_skipped_the_code_is_sent_back_to_login(client):
    staff = staff_of(AuthorityFactory())
    with_totp(staff)
    client.force_login(staff)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:login"))


@pytest.mark.django_db
def test_staff_reaches_the_dashboard_after_password_and_totp_code(client):
    staff = staff_of(AuthorityFactory())
    device = with_totp(staff)
    first = _login_step(client, staff.email, PASSWORD)
    assert first.status_code == 200  # the token step
    assert not _logged_in(client)
    second = _token_step(client, device)
    assert second.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_wrong_totp_code_does_not_log_in(client):
    staff = staff_of(AuthorityFactory())
    device = with_totp(staff)
    _login_step(client, staff.email, PASSWORD)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "token", "token-otp_token": wrong},
    )
    assert response.status_code == 200
    assert not _logged_in(client)


@pytest.mark.django_db
def test_admin_site_is_reached_through_the_two_factor_login(client):
    admin = admin_user()
    device = with_totp(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    _login_step(client, admin.email, PASSWORD)
    _token_step(client, device)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_applicant_needs_no_second_factor(client):
    applicant = applicant_for(OrganizationFactory())
    _login_step(client, applicant.email, PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200


# Sessions


def test_sessions_end_after_thirty_idle_minutes_and_every_request_extends_them():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_each_request_pushes_the_session_expiry_forward(client):
    client.force_login(applicant_for(OrganizationFactory()))
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    client.get(reverse("home"))
    expires = Session.objects.get(pk=key).expire_date
    remaining = (expires - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_an_idle_session_past_its_expiry_is_logged_out(client):
    client.force_login(applicant_for(OrganizationFactory()))
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:login"))


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(applicant_for(OrganizationFactory()))
    assert client.get(reverse("logout")).status_code == 405
    assert _logged_in(client)
    client.post(reverse("logout"))
    assert not _logged_in(client)


# Content-Security-Policy


@pytest.mark.django_db
def test_csp_header_forbids_inline_code_and_foreign_hosts(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


class _InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style attributes and elements,
    event-handler attributes and javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.found.append("javascript: link")


def _inline_code(html: str) -> list[str]:
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.django_db
def test_pages_contain_no_inline_scripts_or_styles(client, verified_client):
    organization = OrganizationFactory()
    anonymous_pages = [
        reverse("home"),
        reverse("organization_detail", args=[organization.bin]),
        reverse("authority_list"),
        reverse("region_list"),
        reverse("two_factor:login"),
        reverse("password_reset"),
        "/no-such-page/",
    ]
    for url in anonymous_pages:
        assert _inline_code(client.get(url).content.decode()) == [], url

    staff = staff_of(AuthorityFactory(jurisdiction=organization.region))
    staff_client = verified_client(staff)
    for url in [
        reverse("dashboard"),
        reverse("organization_dossier", args=[organization.bin]),
        reverse("two_factor:profile"),
        reverse("two_factor:backup_tokens"),
    ]:
        assert _inline_code(staff_client.get(url).content.decode()) == [], url


@pytest.mark.django_db
def test_two_factor_setup_pages_contain_no_inline_code(client):
    staff = staff_of(AuthorityFactory())
    client.force_login(staff)
    page = client.get(reverse("two_factor:setup"))
    assert page.status_code == 200
    assert _inline_code(page.content.decode()) == []
    generator = client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})
    assert 'name="generator-token"' in generator.content.decode()
    assert _inline_code(generator.content.decode()) == []


# Uploads are never served by URL


@pytest.mark.django_db
def test_no_url_serves_a_file_from_media_root(client):
    media = settings.MEDIA_ROOT
    (media / "licenses").mkdir(parents=True)
    (media / "licenses" / "secret.pdf").write_bytes(b"%PDF-1.4 uploaded-content")
    for url in [
        "/media/licenses/secret.pdf",
        "/uploads/licenses/secret.pdf",
        "/static/licenses/secret.pdf",
        "/licenses/secret.pdf",
        "/static/../var/uploads/licenses/secret.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"uploaded-content" not in body


def test_uploads_have_no_public_url_and_live_outside_the_static_files():
    # The configured values, not the per-test folder the autouse fixture puts in their place.
    assert not portal_settings.MEDIA_URL
    media = Path(str(portal_settings.MEDIA_ROOT)).resolve()
    static_dirs = [portal_settings.STATIC_ROOT, *portal_settings.STATICFILES_DIRS]
    for static in static_dirs:
        static = Path(str(static)).resolve()
        assert not media.is_relative_to(static)
        assert not static.is_relative_to(media)


def test_no_route_uses_the_static_file_serving_view():
    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    assert serve not in list(views(get_resolver().url_patterns))
