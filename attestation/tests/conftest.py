import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The tests read messages in English: the kk and ru texts are the translators' to change."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
