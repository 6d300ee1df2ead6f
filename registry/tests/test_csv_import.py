import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from registry.classifiers import ClassifierImportError, classifiers_import
from registry.models import EducationLevel, Qualification, Specialty
from registry.tests.factories import EducationLevelFactory, SpecialtyFactory, admin_user

pytestmark = pytest.mark.django_db

LEVELS = (
    "code,name_kk,name_ru,name_en,group,order\n"
    "tvet,Техникалық және кәсіптік білім,Техническое и профессиональное образование,"
    "Technical and vocational education,general,50\n"
    "higher,Жоғары білім,Высшее образование,Higher education,general,70\n"
)
SPECIALTIES = (
    "code,name_kk,name_ru,name_en,level_code\n"
    "06130100,Бағдарламалық қамтамасыз ету,Программное обеспечение,Software,tvet\n"
    "B057,Ақпараттық технологиялар,Информационные технологии,Information technology,higher\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _errors(kind, text, encoding="utf-8"):
    with pytest.raises(ClassifierImportError) as caught:
        classifiers_import(kind, text.encode(encoding))
    return [(e.line, str(e.message)) for e in caught.value.errors]


def test_a_good_file_creates_every_row_with_its_names_in_three_languages():
    result = classifiers_import("levels", LEVELS.encode())
    assert (result.created, result.updated) == (2, 0)
    tvet = EducationLevel.objects.get(code="tvet")
    assert tvet.name_kk == "Техникалық және кәсіптік білім"
    assert tvet.name_ru == "Техническое и профессиональное образование"
    assert tvet.name_en == "Technical and vocational education"
    assert tvet.order == 50


def test_specialties_and_qualifications_attach_to_their_parents_by_code():
    classifiers_import("levels", LEVELS.encode())
    classifiers_import("specialties", SPECIALTIES.encode())
    classifiers_import(
        "qualifications",
        (
            "code,name_kk,name_ru,name_en,specialty_code\n"
            "4S06130103,Бағдарламашы,Разработчик ПО,Software developer,06130100\n"
        ).encode(),
    )
    assert Specialty.objects.get(code="B057").level.code == "higher"
    assert Qualification.objects.get(code="4S06130103").specialty.code == "06130100"


def test_a_bad_row_is_reported_with_its_line_number_and_nothing_is_imported():
    text = LEVELS + "preschool,,Дошкольное,Preschool,general,10\n"
    assert _errors("levels", text) == [(4, "name_kk is empty.")]
    assert not EducationLevel.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first():
    text = (
        "code,name_kk,name_ru,name_en,level_code\n"
        "A1,Бір,Один,One,nowhere\n"
        "A2,Екі,Два,Two,\n"
        "A1,Үш,Три,Three,tvet\n"
    )
    EducationLevelFactory(code="tvet")
    errors = _errors("specialties", text)
    assert [line for line, _message in errors] == [2, 3, 4]
    assert "level_code is empty" in errors[1][1]
    assert "already on line 2" in errors[2][1]
    assert "“nowhere” is not in the classifier" in errors[0][1]
    assert not Specialty.objects.exists()


def test_a_bad_row_leaves_existing_codes_as_they_were():
    EducationLevelFactory(code="tvet", name_ru="Было")
    text = LEVELS + "broken,Қате,Ошибка,Broken,general,many\n"
    assert _errors("levels", text) == [(4, "order must be a whole number from 0 to 32767.")]
    assert EducationLevel.objects.get(code="tvet").name_ru == "Было"
    assert EducationLevel.objects.count() == 1


def test_a_byte_order_mark_is_accepted():
    result = classifiers_import("levels", b"\xef\xbb\xbf" + LEVELS.encode())
    assert result.created == 2
    assert EducationLevel.objects.filter(code="tvet").exists()


def test_semicolons_from_a_russian_excel_are_accepted():
    text = "code;name_kk;name_ru;name_en\npmp;ПМПК;ПМПК;PMPC\n"
    assert classifiers_import("levels", text.encode()).created == 1


def test_existing_codes_are_updated_and_new_ones_created():
    EducationLevelFactory(code="tvet", name_ru="Старое", name_kk="Ескі", name_en="Old")
    result = classifiers_import("levels", LEVELS.encode())
    assert (result.created, result.updated) == (1, 1)
    tvet = EducationLevel.objects.get(code="tvet")
    assert tvet.name_ru == "Техническое и профессиональное образование"
    assert tvet.name_kk == "Техникалық және кәсіптік білім"
    assert EducationLevel.objects.count() == 2


def test_a_specialty_moves_to_another_level_on_update():
    classifiers_import("levels", LEVELS.encode())
    SpecialtyFactory(code="B057", level=EducationLevel.objects.get(code="tvet"))
    classifiers_import("specialties", SPECIALTIES.encode())
    assert Specialty.objects.get(code="B057").level.code == "higher"


def test_a_missing_column_is_reported_on_the_header_line():
    assert _errors("levels", "code,name_ru\nx,Икс\n") == [
        (1, "The header lacks the columns: name_kk, name_en.")
    ]


def test_a_file_neither_utf8_nor_windows_1251_is_refused_as_a_whole():
    text = "code,name_kk,name_ru,name_en\narts,Өнер,Искусство,Arts\n"
    with pytest.raises(ClassifierImportError) as caught:
        classifiers_import("levels", text.encode("utf-16"))  # Excel's "Unicode text"
    assert [(e.line, e.code) for e in caught.value.errors] == [(0, "tabular.encoding")]
    assert not EducationLevel.objects.exists()


def test_a_row_with_too_many_values_is_reported():
    errors = _errors("levels", LEVELS + "x,a,b,c,general,1,extra\n")
    assert errors == [(4, "7 values where the header has 6 columns.")]


def test_the_command_imports_a_file(tmp_path):
    path = tmp_path / "levels.csv"
    path.write_bytes(LEVELS.encode("utf-8-sig"))
    call_command("import_classifiers", "levels", str(path))
    assert EducationLevel.objects.count() == 2


def test_the_command_reports_bad_lines_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "levels.csv"
    path.write_text(LEVELS + ",Бос,Пусто,Empty,general,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_classifiers", "levels", str(path))
    assert "Line 4: code is empty." in capsys.readouterr().err
    assert not EducationLevel.objects.exists()


def test_the_admin_page_imports_an_uploaded_file(verified_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = verified_client(admin_user())
    url = reverse("admin:registry_educationlevel_import")
    assert client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("levels.csv", LEVELS.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert EducationLevel.objects.count() == 2


def test_the_admin_page_shows_the_bad_line_and_imports_nothing(verified_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = verified_client(admin_user())
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "levels.csv", (LEVELS + "x,,,,general,1\n").encode(), content_type="text/csv"
    )
    response = client.post(
        reverse("admin:registry_educationlevel_import"),
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Line 4: name_kk is empty." in response.content.decode()
    assert not EducationLevel.objects.exists()
