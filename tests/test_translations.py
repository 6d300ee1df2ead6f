"""The interface is complete in Kazakh, Kyrgyz and Russian, and the catalogs match the source.

English is the source language: its catalog may keep msgstr empty, and Django then shows the
msgid. The catalogs are refreshed with scripts/makemessages.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ["kk", "ky", "ru"]
ALL = ["kk", "ky", "ru", "en"]
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    # As Django's own Kyrgyz catalog: a noun after a numeral stays singular ("5 күн").
    "ky": "nplurals=1; plural=0;",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
# %(name)s and its kin, %s, %d, a literal %% (template strings double it), {name} and {}.
PLACEHOLDER = re.compile(
    r"%%|%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z0-9_]*\}"
)
TAG = re.compile(r"</?[A-Za-z][^>]*>")
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
NOT_SOURCE_DIRS = {"node_modules", "__pycache__", "locale", "var", "media", "test-artifacts"}


def po_path(language, root=ROOT):
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


@cache
def catalog(language):
    return polib.pofile(str(po_path(language)))


def entries(language):
    return [entry for entry in catalog(language) if not entry.obsolete]


def label(entry):
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{entry.msgid[:70]!r}{context}"


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def sources(entry):
    return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]


def differs(pattern, entry):
    """Translations whose placeholders (or tags) are not those of the source text."""
    wanted = [Counter(pattern.findall(text)) for text in sources(entry)]
    allowed = set().union(*wanted)
    wrong = []
    for text in translations(entry):
        found = Counter(pattern.findall(text))
        # A plural form may leave out the count ("one code left"), never add or rename one.
        ok = set(found) <= allowed if entry.msgid_plural else found == wanted[0]
        if not ok:
            wrong.append(f"{label(entry)} -> {text[:70]!r}")
    return wrong


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    missing = [label(e) for e in entries(language) if not all(translations(e))]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_left_fuzzy(language):
    fuzzy = [label(e) for e in entries(language) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:20]}"
    assert not catalog(language).metadata_is_fuzzy


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_source(language):
    wrong = [line for e in entries(language) for line in differs(PLACEHOLDER, e)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_html_tags_of_the_source(language):
    wrong = [line for e in entries(language) for line in differs(TAG, e)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_follow_the_grammar_of_the_language(language):
    assert catalog(language).metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert catalog(language).metadata["Language"] == language
    count = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
    wrong = [
        label(e) for e in entries(language) if e.msgid_plural and len(e.msgstr_plural) != count
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("language", ALL)
def test_catalog_compiles_without_format_errors(language, tmp_path):
    # What compilemessages does at set-up; it stops on a broken format string.
    command = ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path(language))]
    result = subprocess.run(  # noqa: S603 - gettext's own tool, as compilemessages runs it
        command,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _source_only(directory, names):
    skipped = []
    for name in names:
        path = Path(directory, name)
        if path.is_dir():
            if name.startswith(".") or name in NOT_SOURCE_DIRS or name.endswith(".egg-info"):
                skipped.append(name)
        elif path.suffix not in SOURCE_SUFFIXES and path.parent.name != "scripts":
            skipped.append(name)
    return skipped


def test_catalogs_hold_every_message_marked_in_the_source(tmp_path):
    """Extract the strings from a copy of the tree, so the committed catalogs stay untouched."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=_source_only)
    env = {**os.environ, "PYTHON": sys.executable, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = ["bash", str(copy / "scripts" / "makemessages"), "ru"]
    result = subprocess.run(  # noqa: S603 - our own script on our own copy
        command,
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(po_path("ru", root=copy)))
    assert len(fresh) > 100, "makemessages found almost nothing: is the copy complete?"
    for language in ALL:
        committed = {(e.msgctxt, e.msgid) for e in entries(language)}
        missing = [label(e) for e in fresh if (e.msgctxt, e.msgid) not in committed]
        assert not missing, (
            f"{len(missing)} messages are not in locale/{language}: run scripts/makemessages "
            f"and translate them: {missing[:20]}"
        )


@pytest.fixture
def compiled_catalogs(settings, tmp_path):
    """The committed catalogs compiled afresh, so the test does not depend on stale .mo files."""
    for language in ALL:
        target = tmp_path / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        catalog(language).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]  # also clears Django's translation caches


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Білім беру ұйымдарының тізілімі"),
        ("ru", "Реестр организаций образования"),
        ("en", "Registry of education organizations"),
    ],
    ids=["kk", "ru", "en"],
)
def test_public_registry_speaks_the_chosen_language(compiled_catalogs, client, language, heading):
    client.cookies["django_language"] = language
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert heading in page


def offered(page: str) -> list[str]:
    """The languages the switch of a page offers, in its order."""
    return re.findall(r'data-language="([a-z]+)"', page)


def offered_in_jurisdiction(jurisdiction: str) -> list[str]:
    """PORTAL_LANGUAGES as config/settings.py computes it from the environment."""
    script = "import config.settings as s; print(' '.join(c for c, _n in s.PORTAL_LANGUAGES))"
    env = {**os.environ, "PORTAL_JURISDICTION": jurisdiction}
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_jurisdiction_chooses_the_offered_languages():
    assert offered_in_jurisdiction("KG") == ["ky", "ru", "en"]
    assert offered_in_jurisdiction("KZ") == ["kk", "ru", "en"]


def test_every_language_is_stored_whatever_the_jurisdiction(settings):
    # Migrations must not depend on the environment: the translated columns exist for all four.
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ky", "ru", "en"]
    assert settings.MODELTRANSLATION_LANGUAGES == ("kk", "ky", "ru", "en")


@pytest.fixture
def kyrgyzstan(settings):
    settings.PORTAL_JURISDICTION = "KG"
    settings.PORTAL_LANGUAGES = [
        (code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru", "en")
    ]


@pytest.mark.django_db
def test_the_kyrgyz_portal_offers_kyrgyz_russian_english_and_speaks_kyrgyz(
    compiled_catalogs, kyrgyzstan, client
):
    client.cookies["django_language"] = "ky"
    page = client.get(reverse("home")).content.decode()
    assert 'lang="ky"' in page
    assert "Билим берүү уюмдарынын реестри" in page
    assert offered(page) == ["ky", "ru", "en"]


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["cookie", "browser"])
def test_the_kyrgyz_portal_answers_a_kazakh_reader_in_russian(
    compiled_catalogs, kyrgyzstan, client, settings, asked
):
    settings.LANGUAGE_CODE = "ru"  # as in production; the test settings read English
    if asked == "cookie":
        client.cookies["django_language"] = "kk"
        response = client.get(reverse("home"))
    else:
        response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="kk")
    page = response.content.decode()
    assert 'lang="ru"' in page
    assert "Реестр организаций образования" in page
    assert response["Content-Language"] == "ru"


@pytest.mark.django_db
def test_the_kazakh_portal_offers_kazakh_russian_english_and_not_kyrgyz(
    compiled_catalogs, client, settings
):
    settings.LANGUAGE_CODE = "ru"
    client.cookies["django_language"] = "ky"
    page = client.get(reverse("home")).content.decode()
    assert offered(page) == ["kk", "ru", "en"]
    assert 'lang="ru"' in page
    assert "Реестр организаций образования" in page
