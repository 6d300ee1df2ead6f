"""Does a rendered PDF show every character in the fonts we embed? WeasyPrint silently takes a
missing glyph from whatever system font has it (or draws a box), so a test reads the PDF back:
every embedded font must be one of casework.pdf's DejaVu faces, and every character of the text
must be in their character maps."""

import subprocess
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

from casework.pdf import FONT_FACES


@cache
def covered_characters() -> frozenset[str]:
    characters = set()
    for _family, _weight, _style, file in FONT_FACES:
        font = TTFont(Path(settings.PDF_FONT_DIR) / file, lazy=True)
        characters.update(chr(code) for code in font.getBestCmap())
    return frozenset(characters)


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(  # noqa: S603 - poppler's own tool on our own file
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_font_names(content: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        lines = subprocess.run(  # noqa: S603 - poppler's own tool on our own file
            ["pdffonts", handle.name],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


def missing_glyphs(content: bytes) -> set[str]:
    """Characters of the PDF's text that the embedded DejaVu faces cannot draw, plus the names
    of any other font that crept in."""
    text = pdf_text(content)
    missing = {ch for ch in text if not ch.isspace() and ch not in covered_characters()}
    # Subset fonts are named "ABCDEF+DejaVuSans-Bold", or after casework.pdf's family
    # ("ABCDEF+DocSans-Bold"), depending on the WeasyPrint version.
    ours = ("DejaVu", *{family for family, _weight, _style, _file in FONT_FACES})
    foreign = {
        name for name in pdf_font_names(content) if not any(part in name for part in ours)
    }
    return missing | foreign


def assert_every_glyph_embedded(content: bytes, where: str = "") -> str:
    """Fail naming what is missing; return the text for further assertions."""
    missing = missing_glyphs(content)
    assert not missing, f"{where}: no glyph in the embedded fonts for {sorted(missing)}"
    return pdf_text(content)
