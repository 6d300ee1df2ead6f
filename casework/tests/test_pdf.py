import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from casework.documents import verification_url
from casework.pdf import LocalFetcher, font_face_css
from casework.tests.files import KAZAKH_LETTERS, issue_sample_document, sample_content

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"  # Debian's poppler-utils


def embedded_fonts(reader: PdfReader) -> dict[str, TTFont]:
    """Every font embedded in the PDF, by its PDF name, parsed with fontTools."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font_program = font["/DescendantFonts"][0].get_object()
            else:
                font_program = font
            descriptor = font_program["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return fonts


def text_layer(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def kazakh():
    document = issue_sample_document(language="kk")
    return document, Path(document.file.path).read_bytes()


def test_a_kazakh_pdf_has_every_kazakh_letter_in_its_text_layer(kazakh):
    document, content = kazakh
    text = text_layer(PdfReader(io.BytesIO(content)))
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter
    assert sample_content("kk")["organization"] in text
    assert document.number in text
    assert verification_url(document) in text


def test_the_embedded_fonts_are_dejavu_and_cover_every_character_of_the_text(kazakh):
    _, content = kazakh
    reader = PdfReader(io.BytesIO(content))
    fonts = embedded_fonts(reader)
    assert fonts
    covered = set()
    for name, font in fonts.items():
        # Only the @font-face families of the template: a glyph missing from them would have
        # been taken from whatever font fontconfig found on the machine, under another name.
        assert name.split("+", 1)[1].split("-")[0] in {"DocSerif", "DocSans"}, name
        family = font["name"].getDebugName(1)
        assert family.startswith("DejaVu"), f"{name} is {family}, not one of ours"
        covered |= {chr(code) for code in font.getBestCmap()}
    used = {ch for ch in text_layer(reader) if not ch.isspace()}
    assert used - covered == set()


def test_the_kazakh_pdf_converted_to_an_image_is_not_blank(kazakh, tmp_path):
    _, content = kazakh
    source = tmp_path / "kk.pdf"
    source.write_bytes(content)
    subprocess.run(  # noqa: S603 - fixed tool, our own arguments
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
    )
    [image_path] = tmp_path.glob("p-*.png")
    image = Image.open(image_path).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    total = image.width * image.height
    # Text, table rules and the QR code: a real page inks a few percent of its area.
    assert 0.01 < dark / total < 0.5


def test_the_fetcher_reads_fonts_and_static_files_from_disk_and_nothing_else():
    fetcher = LocalFetcher()
    font = Path(settings.PDF_FONT_DIR) / "DejaVuSans.ttf"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    css = fetcher.fetch(settings.SITE_URL.rstrip("/") + "/static/css/portal.css")
    assert css.read()
    for url in (
        "http://example.com/logo.png",
        "file:///etc/passwd",
        font.as_uri().replace("DejaVuSans.ttf", "../../../../etc/passwd"),
        settings.SITE_URL.rstrip("/") + "/static/../config/settings.py",
    ):
        with pytest.raises(ValueError, match="Not fetched"):
            fetcher.fetch(url)


def test_the_font_css_points_at_fonts_that_exist():
    css = font_face_css()
    for line in css.splitlines():
        path = line.split('url("file://')[1].split('")')[0]
        assert Path(path).is_file()
