"""Import of the classifiers (education levels, specialties, qualifications) from a table.

A file is CSV or XLSX with a header row, read by registry.tabular: CSV in UTF-8 (with or without
the byte-order mark Excel writes) or Windows-1251, comma-, semicolon- (Excel in a Russian or
Kazakh locale) or tab-separated.
Every row is checked before anything is written; if any row is wrong, the import reports each
bad row with its line number and reason and writes nothing. Codes already on record are updated,
new ones created.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import tabular
from .models import EducationLevel, Qualification, Specialty


@dataclass(frozen=True)
class ClassifierKind:
    model: type
    columns: tuple[str, ...]  # required
    optional: tuple[str, ...] = ()
    parent_column: str = ""  # the code of the row this one belongs to
    parent_model: type | None = None
    parent_field: str = ""


NAME_COLUMNS = ("name_kk", "name_ru", "name_en")
# Kazakh (state language) and Russian (official) names are required; English may be blank.
REQUIRED_NAMES = ("name_kk", "name_ru")
# Kyrgyz names may come in a column of their own; without it they are left as they are (an
# empty one reads the Russian name).
OPTIONAL_NAMES = ("name_ky",)

KINDS = {
    "levels": ClassifierKind(
        EducationLevel, ("code", *NAME_COLUMNS), optional=("group", "order", *OPTIONAL_NAMES)
    ),
    "specialties": ClassifierKind(
        Specialty,
        ("code", *NAME_COLUMNS, "level_code"),
        optional=OPTIONAL_NAMES,
        parent_column="level_code",
        parent_model=EducationLevel,
        parent_field="level",
    ),
    "qualifications": ClassifierKind(
        Qualification,
        ("code", *NAME_COLUMNS, "specialty_code"),
        optional=OPTIONAL_NAMES,
        parent_column="specialty_code",
        parent_model=Specialty,
        parent_field="specialty",
    ),
}

MAX_FILE_BYTES = tabular.MAX_BYTES


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@dataclass
class RowError:
    line: int  # 0: the file as a whole
    message: str
    code: str = "invalid"

    def __str__(self):
        if not self.line:
            return str(self.message)
        return str(_("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message})


@dataclass
class ClassifierImportError(Exception):
    """The file was refused; `errors` lists each bad line. Nothing was imported."""

    errors: list[RowError] = field(default_factory=list)

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)

    def as_validation_error(self) -> ValidationError:
        return ValidationError([ValidationError(str(e), code=e.code) for e in self.errors])


def classifiers_import(kind: str, data) -> ImportResult:
    """Imports one classifier from a CSV or XLSX file (bytes or an UploadedFile), all rows or
    none."""
    spec = KINDS[kind]
    rows = _parse(spec, data)
    # The untranslated `name` column is written in the active language: keep it the default one.
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return _write(spec, rows)


def _parse(spec: ClassifierKind, data) -> list[tuple[int, dict]]:
    try:
        table = tabular.read_table(data, max_bytes=MAX_FILE_BYTES)
    except ValidationError as exc:
        raise ClassifierImportError(
            [RowError(0, message, error.code) for error in exc.error_list for message in error]
        ) from None
    header = [column.lower() for column in table.header]
    missing = [c for c in spec.columns if c not in header]
    if missing:
        raise ClassifierImportError(
            [
                RowError(
                    1,
                    _("The header lacks the columns: %(columns)s.")
                    % {"columns": ", ".join(missing)},
                    "tabular.missing_columns",
                )
            ]
        )
    known = set(spec.columns) | set(spec.optional)

    errors: list[RowError] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for record in table.rows:
        line, cells = record.number, record.cells
        if len(cells) > len(header):
            errors.append(
                RowError(
                    line,
                    _("%(found)d values where the header has %(expected)d columns.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        row = {c: cells[i] if i < len(cells) else "" for i, c in enumerate(header) if c in known}
        message = _check_row(spec, row)
        if message is None and row["code"] in seen:
            message = _("The code %(code)s is already on line %(line)d.") % {
                "code": row["code"],
                "line": seen[row["code"]],
            }
        if message is not None:
            errors.append(RowError(line, message))
            continue
        seen[row["code"]] = line
        rows.append((line, row))

    if spec.parent_model is not None:
        codes = {row[spec.parent_column] for _line, row in rows}
        found = set(spec.parent_model.objects.filter(code__in=codes).values_list("code", flat=True))
        for line, row in rows:
            if row[spec.parent_column] not in found:
                errors.append(
                    RowError(
                        line,
                        _("%(column)s “%(code)s” is not in the classifier.")
                        % {"column": spec.parent_column, "code": row[spec.parent_column]},
                    )
                )
    if errors:
        raise ClassifierImportError(sorted(errors, key=lambda e: e.line))
    if not rows:
        raise ClassifierImportError([RowError(2, _("The file has no rows after the header."))])
    return rows


def _check_row(spec: ClassifierKind, row: dict) -> str | None:
    """The reason a row cannot be imported, or None."""
    model = spec.model
    for column in ("code", *REQUIRED_NAMES, *([spec.parent_column] if spec.parent_column else [])):
        if not row.get(column):
            return _("%(column)s is empty.") % {"column": column}
    for column in ("code", *NAME_COLUMNS, *OPTIONAL_NAMES):
        limit = model._meta.get_field(column).max_length
        if len(row.get(column) or "") > limit:
            return _("%(column)s is longer than %(limit)d characters.") % {
                "column": column,
                "limit": limit,
            }
    if row.get("group") and row["group"] not in EducationLevel.Group.values:
        return _("group must be one of: %(values)s.") % {
            "values": ", ".join(EducationLevel.Group.values)
        }
    order = row.get("order")
    if order and (not order.isdigit() or int(order) > 32767):
        return _("order must be a whole number from 0 to 32767.")
    return None


def _write(spec: ClassifierKind, rows: list[tuple[int, dict]]) -> ImportResult:
    model = spec.model
    existing = {
        obj.code: obj
        for obj in model.objects.select_for_update().filter(code__in=[r["code"] for _l, r in rows])
    }
    parents = {}
    if spec.parent_model is not None:
        parents = {
            p.code: p
            for p in spec.parent_model.objects.filter(
                code__in={r[spec.parent_column] for _l, r in rows}
            )
        }
    to_create, to_update = [], []
    for _line, row in rows:
        obj = existing.get(row["code"]) or model(code=row["code"])
        for column in NAME_COLUMNS:
            setattr(obj, column, row.get(column) or None)
        for column in OPTIONAL_NAMES:
            if column in row:
                setattr(obj, column, row[column] or None)
        if spec.parent_model is not None:
            setattr(obj, spec.parent_field, parents[row[spec.parent_column]])
        if row.get("group"):
            obj.group = row["group"]
        if row.get("order"):
            obj.order = int(row["order"])
        (to_update if obj.pk else to_create).append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    update_fields = [*NAME_COLUMNS, *OPTIONAL_NAMES, "name"]
    if spec.parent_model is not None:
        update_fields.append(spec.parent_field)
    if model is EducationLevel:
        update_fields += ["group", "order"]
    model.objects.bulk_update(to_update, update_fields, batch_size=500)
    return ImportResult(created=len(to_create), updated=len(to_update))
