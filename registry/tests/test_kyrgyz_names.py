"""Names in Kyrgyz: a classifier file may bring them in a column of their own, Kyrgyz pages and
the API read them, and a name nobody translated reads the Russian one."""

import pytest
from django.urls import reverse
from django.utils import translation

from registry.classifiers import classifiers_import
from registry.demo.build import CLASSIFIERS
from registry.models import EducationLevel
from registry.tests.factories import OrganizationFactory, applicant_for

pytestmark = pytest.mark.django_db

LEVELS_WITH_KYRGYZ = (
    "code,name_kk,name_ky,name_ru,name_en,group,order\n"
    "higher,Жоғары білім,Жогорку билим,Высшее образование,Higher education,general,70\n"
    "tvet,Техникалық және кәсіптік білім,,Техническое и профессиональное образование,"
    "Technical and vocational education,general,50\n"
)
LEVELS = (
    "code,name_kk,name_ru,name_en,group,order\n"
    "higher,Жоғары білім (жаңа),Высшее образование,Higher education,general,70\n"
)


@pytest.fixture
def kyrgyzstan(settings):
    settings.PORTAL_JURISDICTION = "KG"
    settings.PORTAL_LANGUAGES = [
        (code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru", "en")
    ]


def test_a_classifier_file_brings_kyrgyz_names_and_an_empty_one_reads_russian():
    classifiers_import("levels", LEVELS_WITH_KYRGYZ.encode())
    higher = EducationLevel.objects.get(code="higher")
    tvet = EducationLevel.objects.get(code="tvet")
    assert (higher.name_ky, tvet.name_ky) == ("Жогорку билим", None)
    with translation.override("ky"):
        assert higher.name == "Жогорку билим"
        assert tvet.name == "Техническое и профессиональное образование"
    with translation.override("kk"):
        assert higher.name == "Жоғары білім"


def test_a_file_without_the_kyrgyz_column_keeps_the_kyrgyz_names():
    classifiers_import("levels", LEVELS_WITH_KYRGYZ.encode())
    classifiers_import("levels", LEVELS.encode())
    higher = EducationLevel.objects.get(code="higher")
    assert (higher.name_kk, higher.name_ky) == ("Жоғары білім (жаңа)", "Жогорку билим")


def test_the_api_names_in_kyrgyz_on_the_kyrgyz_portal(client, kyrgyzstan):
    classifiers_import("levels", LEVELS_WITH_KYRGYZ.encode())
    client.force_login(applicant_for(OrganizationFactory()))
    answer = client.get(reverse("api-education-level-list"), HTTP_ACCEPT_LANGUAGE="ky")
    assert answer.status_code == 200, answer.content
    rows = {row["code"]: row for row in answer.json()["results"]}
    assert rows["higher"]["name"] == "Жогорку билим"
    assert rows["higher"]["name_ky"] == "Жогорку билим"
    assert rows["tvet"]["name"] == "Техническое и профессиональное образование"


def test_the_demo_levels_have_kyrgyz_names():
    classifiers_import("levels", (CLASSIFIERS / "levels.csv").read_bytes())
    with translation.override("ky"):
        names = {level.code: level.name for level in EducationLevel.objects.all()}
    assert names["higher"] == "Жогорку билим"
    assert all(
        name and name == EducationLevel.objects.get(code=code).name_ky
        for code, name in names.items()
    )
