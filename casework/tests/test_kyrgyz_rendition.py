"""A document issued in Kyrgyz shows every Kyrgyz letter (ң ө ү) in the embedded fonts."""

from pathlib import Path

import pytest
from django.utils import translation

from casework.tests.files import issue_sample_document
from casework.tests.glyphs import assert_every_glyph_embedded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kyrgyzstan(settings):
    settings.PORTAL_JURISDICTION = "KG"
    settings.PORTAL_LANGUAGES = [
        (code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru", "en")
    ]


def test_every_character_of_the_kyrgyz_sample_document_has_a_glyph():
    with translation.override("en"):
        document = issue_sample_document(language="ky")
    assert document.language == "ky"
    text = assert_every_glyph_embedded(Path(document.file.path).read_bytes(), "sample ky")
    assert document.number in text
    for letter in "ңөүҢӨҮ":
        assert letter in text
    assert "Үсөнбаев Мөңкө Түгөлбаевич" in text
