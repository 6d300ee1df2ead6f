import pytest


@pytest.fixture(autouse=True, scope="session")
def _document_seal(tmp_path_factory):
    """Every test seals documents with a throwaway certificate authority of its run."""
    from django.conf import settings

    from casework.seal_ca import seal_ca_make

    for name, value in seal_ca_make(tmp_path_factory.mktemp("seal")).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test stores uploads and issued documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the settings' language. A test client's request activates its
    reader's language in this thread and nothing deactivates it (LocaleMiddleware does not), so
    without this a message raised outside a request would follow whichever test ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def verified_client(client):
    """A test client logged in with a second factor passed, as the middleware demands of staff."""

    def login(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="default", confirmed=True
        )
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return login


@pytest.fixture
def log_in(client, verified_client):
    """A test client logged in as the user (anonymous for AnonymousUser): staff, heads and
    admins with the second factor passed."""

    def as_user(user):
        if not user.is_authenticated:
            return client
        if user.needs_second_factor:
            return verified_client(user)
        client.force_login(user)
        return client

    return as_user


# Browser tests: Chromium from the system (never `playwright install`, which downloads a build),
# driven by pytest-playwright's fixtures against pytest-django's live_server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _allow_sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
    # from that thread unless told that this is deliberate.
    import os

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    import os

    _allow_sync_orm_beside_playwright()
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The browser asks for English, like the other tests (config.test_settings); a test that is
    # about Kazakh or Russian switches the language the way a user does.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-US"}


@pytest.fixture(scope="session")
def _media_url_while_live_server_starts():
    """Django's live server wraps the portal in a handler that publishes MEDIA_ROOT under
    MEDIA_URL, and fails on every request when MEDIA_URL is None, as it is here (uploads have no
    public URL). The handler reads the setting once, when the server starts; give it a path no
    page links to for that moment only."""
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = "/__live-server-media__/"
    yield lambda: setattr(settings, "MEDIA_URL", previous)
    settings.MEDIA_URL = previous


@pytest.fixture(scope="session")
def live_server(_media_url_while_live_server_starts, live_server):
    _media_url_while_live_server_starts()  # started: MEDIA_URL is None again for every test
    return live_server


@pytest.fixture
def portal_live_server(transactional_db, live_server):
    """The portal served on a real port. pytest-django serves it through Django's
    StaticFilesHandler, which finds static files with the finders (nothing is collected in
    tests), so pages are styled as in production; the browser test checks that."""
    _allow_sync_orm_beside_playwright()
    return live_server
