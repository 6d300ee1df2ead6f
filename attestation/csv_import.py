"""Reading the CSV files people upload: control results (А5) and student rosters (А24).

Files come from spreadsheets: UTF-8 (with or without a byte-order mark) or Windows-1251, comma
or semicolon separated, with headers in English, Russian or Kazakh. Each reader checks every line
and reports all the bad ones at once; the caller imports nothing unless all are good.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Line:
    number: int  # as the spreadsheet shows it: the header is line 1
    values: dict[str, str]


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is neither UTF-8 nor Windows-1251 text."))


def read(data: bytes, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> list[Line]:
    """The lines of a CSV as {column: value}, where `columns` maps each column to the headers
    that name it (compared case-insensitively). Empty lines are skipped."""
    text = decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ValidationError(_("The file is empty."))
    aliases = {alias.casefold(): column for column, names in columns.items() for alias in names}
    positions = {}
    for index, name in enumerate(header):
        column = aliases.get(name.strip().casefold())
        if column is not None:
            positions[column] = index
    missing = [columns[c][0] for c in required if c not in positions]
    if missing:
        raise ValidationError(
            _("The header row lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    lines = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {
            column: (row[index].strip() if index < len(row) else "")
            for column, index in positions.items()
        }
        lines.append(Line(number, values))
    return lines


def line_error(line: Line, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line.number, "message": message}


def whole_number(value: str) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None
