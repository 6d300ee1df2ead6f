"""The one reader of uploaded tables (registry.tabular): CSV in UTF-8 or Windows-1251 with any of
the usual separators, and XLSX, each row with the line it came from. One test per format goes
through a real import (the classifiers); attestation's imports have theirs beside them."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from registry.classifiers import ClassifierImportError, classifiers_import
from registry.models import EducationLevel, Specialty
from registry.tabular import read_table
from registry.tests.factories import EducationLevelFactory

LIMIT = 64 * 1024


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _refusal(data, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        read_table(data, max_bytes=LIMIT, **kwargs)
    return refused.value.code


# --- one import per format, through the classifier service -------------------------------------


@pytest.mark.django_db
def test_a_csv_in_utf8_with_commas_imports_every_row():
    data = (
        "\ufeffcode,name_kk,name_ru,name_en,group,order\n"
        "tvet,Техникалық және кәсіптік білім,Техническое и профессиональное образование,"
        "Technical and vocational education,general,50\n"
        '"higher","Жоғары білім","Высшее образование","Higher education, first cycle",general,70\n'
    ).encode()
    result = classifiers_import("levels", data)
    assert (result.created, result.updated) == (2, 0)
    assert EducationLevel.objects.get(code="higher").name_en == "Higher education, first cycle"
    assert EducationLevel.objects.get(code="tvet").name_kk == "Техникалық және кәсіптік білім"


@pytest.mark.django_db
def test_a_csv_in_windows_1251_with_semicolons_imports_every_row():
    EducationLevelFactory(code="higher")
    data = (
        "code;name_kk;name_ru;name_en;level_code\n"
        "B057;Ақпараттық технологиялар;Информационные технологии, связь;IT;higher\n"
        "B044;Менеджмент;Менеджмент и управление;Management;higher\n"
    )
    # Windows-1251 has no Kazakh letters: Excel writes them as “?”, the Russian ones survive.
    result = classifiers_import("specialties", data.encode("cp1251", errors="replace"))
    assert result.created == 2
    it = Specialty.objects.get(code="B057")
    assert it.name_ru == "Информационные технологии, связь"
    assert it.level.code == "higher"


@pytest.mark.django_db
def test_an_xlsx_workbook_imports_every_row_and_names_the_row_of_a_bad_one():
    header = ["code", "name_kk", "name_ru", "name_en", "group", "order"]
    good = _xlsx(
        [
            header,
            ["tvet", "ТжКБ", "ТиПО", "TVET", "general", 50],  # a number cell
            ["higher", "Жоғары білім", "Высшее образование", None, "general", 70.0],
        ]
    )
    result = classifiers_import("levels", SimpleUploadedFile("levels.xlsx", good))
    assert result.created == 2
    assert EducationLevel.objects.get(code="higher").order == 70
    assert EducationLevel.objects.get(code="higher").name_en in (None, "")

    bad = _xlsx(
        [header, ["arts", "Өнер", "Искусство", "Arts", "general", 10], [], ["x", "", "Икс"]]
    )
    with pytest.raises(ClassifierImportError) as caught:
        classifiers_import("levels", bad)
    assert [(e.line, str(e.message)) for e in caught.value.errors] == [(4, "name_kk is empty.")]
    assert not EducationLevel.objects.filter(code="arts").exists()


@pytest.mark.django_db
def test_a_file_without_a_needed_column_is_refused_with_its_code():
    with pytest.raises(ClassifierImportError) as caught:
        classifiers_import("levels", _xlsx([["code", "name_ru"], ["x", "Икс"]]))
    assert [(e.line, e.code) for e in caught.value.errors] == [(1, "tabular.missing_columns")]


# --- the reader itself --------------------------------------------------------------------------


def test_each_row_names_the_line_it_began_on_past_blank_lines_and_multi_line_cells():
    data = b'name,note\r\nA,1\r\n\r\nB,"two\r\nlines"\r\nC,3\r\n,\r\n'
    table = read_table(data, max_bytes=LIMIT)
    assert table.format == "csv"
    assert table.header == ("name", "note")
    numbered = [(row.number, row.values["name"]) for row in table.rows]
    assert numbered == [(2, "A"), (4, "B"), (6, "C")]
    assert table.rows[1].values["note"] == "two\r\nlines"


def test_semicolons_win_over_commas_inside_the_values():
    data = "Организация;БИН\nТОО «Альфа, Бета»;123456789012\n".encode("cp1251")
    [row] = read_table(data, max_bytes=LIMIT).rows
    assert row.values == {"Организация": "ТОО «Альфа, Бета»", "БИН": "123456789012"}


def test_tabs_separate_columns_too():
    [row] = read_table(b"a\tb\n 1 \t2\n", max_bytes=LIMIT).rows
    assert row.values == {"a": "1", "b": "2"}


def test_a_row_wider_than_the_header_keeps_its_extra_values():
    table = read_table(b"a,b\n1,2,3\n4,5,\n", max_bytes=LIMIT)
    assert [row.cells for row in table.rows] == [("1", "2", "3"), ("4", "5")]
    assert table.rows[0].values == {"a": "1", "b": "2"}


def test_a_short_row_reads_its_missing_columns_as_empty():
    [row] = read_table(b"a,b,c\n1\n", max_bytes=LIMIT).rows
    assert row.values == {"a": "1", "b": "", "c": ""}


def test_xlsx_is_told_by_content_and_its_cells_read_as_typed():
    data = _xlsx(
        [
            ["bin", "tested", "share", "day", "note"],
            ["090340002062", 40, 0.5, datetime.datetime(2026, 5, 4), None],
            [None, None, None, None, None],
            ["090340002063", 41.0, 1.25, datetime.date(2026, 5, 5), " x "],
        ]
    )
    table = read_table(SimpleUploadedFile("results.csv", data), max_bytes=LIMIT)
    assert table.format == "xlsx"
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("090340002062", "40", "0.5", "2026-05-04")),
        (4, ("090340002063", "41", "1.25", "2026-05-05", "x")),
    ]


def test_without_a_header_every_row_is_a_row():
    table = read_table(b"123456789012,A\n123456789013,B\n", max_bytes=LIMIT, header=False)
    assert table.header == ()
    assert [(row.number, row.cells[0]) for row in table.rows] == [
        (1, "123456789012"),
        (2, "123456789013"),
    ]


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("big.csv", b"a\n" + b"1\n" * LIMIT)
    assert _refusal(upload) == "tabular.too_large"
    assert _refusal(b"a\n" + b"1\n" * LIMIT) == "tabular.too_large"


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b",,\n ,\t\n"])
def test_an_empty_file_is_refused(data):
    assert _refusal(data) == "tabular.empty"


def test_an_empty_workbook_is_refused():
    assert _refusal(_xlsx([])) == "tabular.empty"


@pytest.mark.parametrize(
    "data",
    [
        "a,b\n1,2\n".encode("utf-16"),  # Excel's "Unicode text"
        b"a,b\n\x98,2\n",  # a byte Windows-1251 leaves undefined, and not UTF-8
        b"PK\x03\x04 a zip archive cut short",
        b"%PDF-1.7\n\x00\x01\x02",
    ],
)
def test_a_file_neither_xlsx_nor_text_in_the_two_encodings_is_refused(data):
    assert _refusal(data) == "tabular.encoding"


def test_an_old_excel_file_is_refused_with_advice():
    with pytest.raises(ValidationError) as refused:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, max_bytes=LIMIT)
    assert refused.value.code == "tabular.xls"
    assert "XLSX or CSV" in refused.value.messages[0]


def test_a_file_whose_first_row_is_blank_has_no_header():
    assert _refusal(b"\n\ncode,name\nx,y\n") == "tabular.no_header"
    assert _refusal(_xlsx([[None, None], ["code", "name"], ["x", "y"]])) == "tabular.no_header"


def test_a_csv_the_parser_gives_up_on_is_refused_with_the_line():
    data = b'name,note\nA,1\nB,"' + b"x" * 200_000 + b'"\n'  # past the csv module's field limit
    with pytest.raises(ValidationError) as refused:
        read_table(data, max_bytes=len(data))
    assert refused.value.code == "tabular.unreadable"
    assert refused.value.messages == ["Line 3 cannot be read as CSV."]
