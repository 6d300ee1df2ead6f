import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test stores uploads and issued documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
