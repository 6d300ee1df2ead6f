"""PDF rendering with WeasyPrint: fonts that cover Kazakh, a QR code, no network.

Rendering runs in a Celery worker (casework.tasks.render_document) or in a warm process; it
never fetches anything over HTTP: the URL fetcher reads static files and the DejaVu fonts from
disk and refuses every other URL. Fonts are declared with @font-face (the CSS comes from
`font_face_css`), so a PDF never depends on which fonts the machine's fontconfig would pick;
DejaVu covers the Kazakh letters ә ғ қ ң ө ұ ү һ і that Liberation, for one, lacks.
"""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# (family, weight, style, file in PDF_FONT_DIR)
FONT_FACES = (
    ("DocSerif", "normal", "normal", "DejaVuSerif.ttf"),
    ("DocSerif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ("DocSerif", "normal", "italic", "DejaVuSerif-Italic.ttf"),
    ("DocSerif", "bold", "italic", "DejaVuSerif-BoldItalic.ttf"),
    ("DocSans", "normal", "normal", "DejaVuSans.ttf"),
    ("DocSans", "bold", "normal", "DejaVuSans-Bold.ttf"),
)


def font_face_css() -> str:
    font_dir = Path(settings.PDF_FONT_DIR)
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(font_dir / file).as_uri()}"); }}'
        for family, weight, style, file in FONT_FACES
    )


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI: vector, so it stays sharp at any print size."""
    # Level M survives a crease or a stain on a folded paper copy. Two modules of quiet zone are
    # drawn; the page's white margin around the image supplies the rest.
    return segno.make(url, error="m", micro=False).svg_data_uri(border=2, dark="#000")


class LocalFetcher(URLFetcher):
    """Serves data: URIs, static files (by their URL under SITE_URL + STATIC_URL) and files in
    the font directory from disk; refuses everything else, so a template can never make a
    worker reach the network or read an arbitrary file."""

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(Path(settings.PDF_FONT_DIR).resolve()):
                return self._file(url, path)
        static_prefix = settings.SITE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(static_prefix):
            relative = unquote(urlsplit(url).path).removeprefix(settings.STATIC_URL)
            found = finders.find(relative) if ".." not in relative.split("/") else None
            if found:
                return self._file(url, Path(found))
        raise ValueError(f"Not fetched while rendering a PDF: {url}")

    @staticmethod
    def _file(url: str, path: Path) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, kept: it loads each @font-face file once (WeasyPrint
    keys them by their rule) instead of once per document, a quarter of a small document's
    rendering time. Per thread, because Pango and fontconfig objects are not shared safely."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def render_html(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            template_name,
            {
                **context,
                "pdf_font_css": font_face_css(),
                "LANGUAGE_CODE": language,
                # The letterhead names the state whose authority issues the document.
                "portal_jurisdiction": settings.PORTAL_JURISDICTION.upper(),
            },
        )


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """The PDF of a document template rendered in `language`.

    Put `verification_url` in the context to print its QR code in every page's footer."""
    if context.get("verification_url"):
        context = {**context, "qr_data_uri": qr_data_uri(context["verification_url"])}
    html = render_html(template_name, context, language=language)
    document = HTML(
        string=html, base_url=settings.SITE_URL.rstrip("/") + "/", url_fetcher=LocalFetcher()
    )
    return document.write_pdf(font_config=_font_config())
