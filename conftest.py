import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test stores uploads and issued documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
