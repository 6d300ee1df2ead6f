"""Reading the tables people upload: CSV or an XLSX workbook, as staff export from spreadsheets.

One reader for every import (classifiers, bulk reissue, attestation's rosters and control
results): it turns a file into rows of text cells, each with the number of the line (CSV) or
row (XLSX) it came from, the header being 1. What a row must contain is each service's business;
this module only reads.

- XLSX is told by its content (a ZIP archive), not by the file's name; the active sheet is read.
- Anything else is CSV text in UTF-8 (with or without the byte-order mark Excel writes) or
  Windows-1251 (Excel's "CSV" in a Russian or Kazakh locale), separated by commas, semicolons
  or tabs, whichever the file uses.
- Blank rows are skipped; cells are stripped of surrounding spaces; trailing empty cells are
  dropped, so a trailing separator is not a column.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The limit the imports use unless they need another: a roster of a large university is ~1 MB.
MAX_BYTES = 5 * 1024 * 1024
# What a file input offers to pick: the formats read_table reads.
TABLE_FILE_TYPES = (
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

DELIMITERS = ",;\t"
ENCODINGS = ("utf-8-sig", "cp1251")
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls


@dataclass(frozen=True)
class Row:
    number: int  # the line of a CSV or the row of a sheet, as the spreadsheet shows it
    cells: tuple[str, ...]  # in column order, without trailing empty cells
    values: dict[str, str] = field(default_factory=dict)  # by header name ("" if missing)


@dataclass(frozen=True)
class Table:
    format: str  # "csv" or "xlsx"
    header: tuple[str, ...]  # empty when read with header=False
    rows: list[Row]


def read_table(file: bytes | UploadedFile, *, max_bytes: int, header: bool = True) -> Table:
    """The rows of an uploaded CSV or XLSX file. With `header` (the default), the first row
    names the columns and each row's `values` are keyed by those names; without it, every
    non-blank row is a row. Raises a ValidationError (code `tabular.*`) for a file that is too
    large, empty, neither XLSX nor UTF-8/Windows-1251 text, or whose first row is blank."""
    data = _bytes(file, max_bytes)
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="tabular.empty")
    if data.startswith(OLE2_MAGIC):
        raise ValidationError(
            _("Files of Excel 97-2003 (.xls) are not read: save the sheet as XLSX or CSV."),
            code="tabular.xls",
        )
    if data.startswith(ZIP_MAGIC):
        format_, sheet = "xlsx", _load_xlsx(data)
    else:
        format_, sheet = "csv", _load_csv(_decode(data))
    rows = [
        Row(number, cells)
        for number, cells in zip(sheet.numbers, sheet.cells(), strict=True)
        if cells
    ]
    if not rows:
        raise ValidationError(_("The file is empty."), code="tabular.empty")
    if not header:
        return Table(format_, (), rows)
    first, *rows = rows
    if first.number != 1:
        raise ValidationError(
            _("The first row must name the columns, but it is blank."), code="tabular.no_header"
        )
    names = first.cells
    return Table(format_, names, [Row(r.number, r.cells, _by_name(names, r.cells)) for r in rows])


def _bytes(file, max_bytes: int) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if file.size is not None and file.size > max_bytes:
            _too_large(max_bytes)
        file.seek(0)
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        _too_large(max_bytes)
    return data


def _too_large(max_bytes: int):
    raise ValidationError(
        _("The file is larger than %(size)s."),
        code="tabular.too_large",
        params={"size": filesizeformat(max_bytes)},
    )


def _decode(data: bytes) -> str:
    # NUL never occurs in either encoding's text; it does in UTF-16 ("Unicode text") and binaries.
    if b"\x00" not in data:
        for encoding in ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ValidationError(
        _("The file is neither an XLSX workbook nor CSV text in UTF-8 or Windows-1251."),
        code="tabular.encoding",
    )


class _Sheet(tablib.Dataset):
    """A Dataset that records where each row came from (tablib drops blank lines, so its own
    index is not the line) and keeps cells beyond the first row's width instead of refusing the
    row, so a service can tell the person which line has too many values."""

    def __init__(self, position: Callable[[], int]):
        super().__init__()
        self._position = position
        self.numbers: list[int] = []
        self._overflow: dict[int, list] = {}

    def append(self, row, tags=()):
        row = list(row)
        self.numbers.append(self._position())
        if self.width and len(row) > self.width:
            self._overflow[self.height] = row[self.width :]
            row = row[: self.width]
        super().append(row, tags)

    def cells(self):
        for index, row in enumerate(self):
            cells = [_text(value) for value in (*row, *self._overflow.get(index, ()))]
            while cells and not cells[-1]:
                cells.pop()
            yield tuple(cells)


class _Lines:
    """The lines of a text as the csv reader consumes them (it reads one line at a time and
    never ahead), remembering on which line the record being read began."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))
        self._read = 0
        self._start = 0
        self._between_records = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._read += 1
        if self._between_records and line.strip("\r\n"):
            self._start, self._between_records = self._read, False
        return line

    def record_start(self) -> int:
        """Called once a record is complete: the line it began on."""
        self._between_records = True
        return self._start

    @property
    def read(self) -> int:
        return self._read


def _load_csv(text: str) -> _Sheet:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS)
    except csv.Error:
        dialect = csv.excel  # one column, or nothing a sniffer can go by
    lines = _Lines(text)
    sheet = _Sheet(lines.record_start)
    try:
        # tablib passes a delimiter of its own unless given one: give the dialect's.
        sheet.load(lines, format="csv", headers=False, dialect=dialect, delimiter=dialect.delimiter)
    except csv.Error:
        raise ValidationError(
            _("Line %(line)d cannot be read as CSV."),
            code="tabular.unreadable",
            params={"line": lines.read},
        ) from None
    return sheet


def _load_xlsx(data: bytes) -> _Sheet:
    sheet = _Sheet(lambda: len(sheet.numbers) + 1)  # every row of a sheet reaches append
    try:
        sheet.load(io.BytesIO(data), format="xlsx", headers=False)
    except Exception:  # a damaged archive fails in zipfile, XML or openpyxl, each its own way
        raise ValidationError(
            _("The file is neither an XLSX workbook nor CSV text in UTF-8 or Windows-1251."),
            code="tabular.encoding",
        ) from None
    return sheet


def _text(value) -> str:
    """A cell as the text a person typed: numbers without a spurious “.0”, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _by_name(names: tuple[str, ...], cells: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, name in enumerate(names):
        if name and name not in values:
            values[name] = cells[index] if index < len(cells) else ""
    return values
