"""Reading the tables people upload: control results (А5) and student rosters (А24).

The file is read by registry.tabular (CSV in UTF-8 or Windows-1251, comma, semicolon or tab
separated, or an XLSX workbook); here its columns are found by their headers in English, Russian
or Kazakh. Each reader checks every line and reports all the bad ones at once; the caller imports
nothing unless all are good.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import tabular

MAX_BYTES = tabular.MAX_BYTES


@dataclass
class Line:
    number: int  # as the spreadsheet shows it: the header is line 1
    values: dict[str, str]


def read(data, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> list[Line]:
    """The lines of an uploaded table (bytes or an UploadedFile) as {column: value}, where
    `columns` maps each column to the headers that name it (compared case-insensitively).
    Empty lines are skipped."""
    table = tabular.read_table(data, max_bytes=MAX_BYTES)
    aliases = {alias.casefold(): column for column, names in columns.items() for alias in names}
    positions = {}
    for index, name in enumerate(table.header):
        column = aliases.get(name.casefold())
        if column is not None:
            positions.setdefault(column, index)
    missing = [columns[c][0] for c in required if c not in positions]
    if missing:
        raise ValidationError(
            _("The header row lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            code="tabular.missing_columns",
        )
    return [
        Line(
            row.number,
            {
                column: (row.cells[index] if index < len(row.cells) else "")
                for column, index in positions.items()
            },
        )
        for row in table.rows
    ]


def line_error(line: Line, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line.number, "message": message}


def whole_number(value: str) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None
