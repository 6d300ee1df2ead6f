"""The OpenAPI schema generates without warnings, and its documentation pages run from our own
static files under our Content-Security-Policy (no inline script, nothing from other hosts)."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_schema_generates_and_validates_without_warnings(tmp_path):
    # --fail-on-warn turns every warning (an unresolvable type, an enum name collision, a
    # path parameter of unknown type) into an error.
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (
        "/api/v1/organizations/",
        "/api/v1/organizations/{bin}/",
        "/api/v1/organizations/{bin}/dossier/",
        "/api/v1/regions/",
        "/api/v1/authorities/",
        "/api/v1/education-levels/",
        "/api/v1/specialties/",
        "/api/v1/qualifications/",
        "/api/v1/experts/",
    ):
        assert f"{path}:" in schema


@pytest.mark.django_db
def test_schema_is_served_as_json():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.")
    assert "tokenAuth" in body["components"]["securitySchemes"]
    parameters = {p["name"] for p in body["paths"]["/api/v1/organizations/"]["get"]["parameters"]}
    assert {"q", "region", "level", "status", "ownership", "page", "page_size"} <= parameters


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_scripts = 0
        self.styles = 0
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = "src" not in attrs
        elif tag == "style":
            self.styles += 1
        elif tag == "link":
            self.links.append(attrs["href"])

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def parse(html: str) -> _Assets:
    assets = _Assets()
    assets.feed(html)
    return assets


@pytest.mark.django_db
def test_swagger_ui_page_has_no_inline_code_and_loads_everything_from_here():
    client = Client()
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assets = parse(response.content.decode())
    assert assets.inline_scripts == 0
    assert assets.styles == 0
    sources = [s["src"] for s in assets.scripts]
    assert all(src.startswith(("/static/", "/api/docs/?")) for src in sources), sources
    assert all(href.startswith("/static/") for href in assets.links), assets.links
    start_up = next(src for src in sources if src.startswith("/api/docs/?"))
    script = client.get(start_up)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
    assert b"/api/schema/" in script.content


@pytest.mark.django_db
def test_redoc_page_gives_its_styles_a_nonce_and_nothing_else():
    response = Client().get("/api/redoc/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self';" in policy + ";"
    assets = parse(response.content.decode())
    assert assets.inline_scripts == 0
    assert assets.styles == 0
    assert all(href.startswith("/static/") for href in assets.links)
    starter = next(s for s in assets.scripts if s["src"].endswith("api_redoc.js"))
    assert starter["nonce"] == nonce
    assert starter["data-schema-url"] == "/api/schema/"
    assert all(s["src"].startswith("/static/") for s in assets.scripts)
    assert "googleapis" not in response.content.decode()
