"""The nightly full dump of the register of accredited organizations and programmes (К24), in CSV
and JSON, for anyone who mirrors the register (the change feed, `updated_since` on the API, gives
what changed since).

Both formats stream: rows are read from the database in chunks by key and written out one by
one, so memory stays flat however large the register. The daily task (`manage.py
accreditation_dump`, beat entry `accreditation-register-dump`) writes both files in one pass
under MEDIA_ROOT/open-data/, replacing yesterday's atomically; /accreditation/register/dump.csv
and dump.json serve them, or stream the register live when no dump has been written yet.
"""

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from .selectors import certificate_register, certificates_attach_figures

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
CHUNK = 500
FIELDS = [
    "certificate_number",
    "status",
    "kind",
    "organization_bin",
    "organization_name_kk",
    "organization_name_ru",
    "organization_name_en",
    "body",
    "decision",
    "decided_on",
    "issued_on",
    "valid_from",
    "valid_until",
    "programmes",
    "under_appeal",
    "report_url",
    "verification_url",
    "recommendations_open",
    "recommendations_done",
    "recommendations_overdue",
    "updated_at",
]


def dump_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "open-data"


def dump_path(fmt: str) -> Path:
    return dump_directory() / f"accreditation-register.{fmt}"


def certificate_record(certificate) -> dict:
    """One certificate as the dump and the API's open-data fields give it."""
    organization = certificate.organization
    case = certificate.case
    document = certificate.document
    return {
        "certificate_number": certificate.number,
        "status": certificate.status,
        "kind": certificate.kind,
        "organization_bin": organization.bin,
        "organization_name_kk": getattr(organization, "name_kk", "") or "",
        "organization_name_ru": getattr(organization, "name_ru", "") or "",
        "organization_name_en": getattr(organization, "name_en", "") or "",
        "body": certificate.body.authority.name,
        "decision": case.decision,
        "decided_on": timezone.localdate(case.decided_at).isoformat() if case.decided_at else "",
        "issued_on": certificate.issued_on.isoformat(),
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "programmes": [{"code": p.code, "name": p.name} for p in certificate.programmes.all()],
        "under_appeal": bool(certificate.under_appeal),
        "report_url": case.report_url,
        "verification_url": reverse("verify_document", args=[document.verification_code])
        if document
        else "",
        "recommendations_open": certificate.recommendations_open,
        "recommendations_done": certificate.recommendations_done,
        "recommendations_overdue": certificate.recommendations_overdue,
        "updated_at": certificate.updated_at.isoformat(),
    }


def _chunks() -> Iterator[list]:
    """The register in chunks of CHUNK certificates by key (keyset: each chunk one ordinary
    query after the last key, so nothing is held open or materialized between chunks), each
    with its programmes and register figures (two queries per chunk), and only the columns the
    dump writes."""
    languages = settings.MODELTRANSLATION_LANGUAGES
    columns = [
        "number",
        "status",
        "kind",
        "issued_on",
        "valid_from",
        "valid_until",
        "updated_at",
        "organization__bin",
        *(f"organization__name_{code}" for code in languages),
        "organization__name",
        "body__authority__name",
        *(f"body__authority__name_{code}" for code in languages),
        "case__state",
        "case__decision",
        "case__decided_at",
        "case__report_url",
        "document__verification_code",
    ]
    rows = certificate_register(figures=False).only(*columns).order_by("pk")
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        certificates_attach_figures(chunk)
        yield chunk
        last = chunk[-1].pk


def records() -> Iterator[dict]:
    # Names of programmes in Russian, the register's language of record; organizations carry
    # every language in their own columns.
    with translation.override(settings.LANGUAGE_CODE):
        for chunk in _chunks():
            for certificate in chunk:
                yield certificate_record(certificate)


class _Echo:
    def write(self, value):
        return value


def _csv_line(writer, record: dict) -> str:
    record = dict(record)
    record["programmes"] = "; ".join(f"{p['code']} {p['name']}" for p in record["programmes"])
    record["under_appeal"] = "yes" if record["under_appeal"] else "no"
    return writer.writerow([record[name] for name in FIELDS])


def _json_head() -> str:
    generated_at = json.dumps(timezone.now().isoformat())
    return f'{{"generated_at": {generated_at}, "certificates": [\n'


JSON_TAIL = "\n]}\n"


def csv_chunks() -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(FIELDS)
    for record in records():
        yield _csv_line(writer, record)


def json_chunks() -> Iterator[str]:
    yield _json_head()
    first = True
    for record in records():
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield JSON_TAIL


CHUNKS = {"csv": csv_chunks, "json": json_chunks}


def dump_write(directory: Path | None = None) -> dict[str, Path]:
    """Write both files in one pass over the register, each to a temporary name then renamed
    over yesterday's, so a reader never gets a half-written dump."""
    directory = directory or dump_directory()
    directory.mkdir(parents=True, exist_ok=True)
    temporary = {}
    try:
        for fmt in FORMATS:
            handle, temporary[fmt] = tempfile.mkstemp(
                dir=directory, prefix=".dump-", suffix=f".{fmt}"
            )
            os.close(handle)
        with (
            open(temporary["csv"], "w", encoding="utf-8", newline="") as csv_out,
            open(temporary["json"], "w", encoding="utf-8") as json_out,
        ):
            writer = csv.writer(_Echo())
            csv_out.write("\ufeff" + writer.writerow(FIELDS))
            json_out.write(_json_head())
            first = True
            for record in records():
                csv_out.write(_csv_line(writer, record))
                json_out.write(("" if first else ",\n") + json.dumps(record, ensure_ascii=False))
                first = False
            json_out.write(JSON_TAIL)
        written = {}
        for fmt, name in temporary.items():
            target = directory / f"accreditation-register.{fmt}"
            os.chmod(name, 0o644)
            os.replace(name, target)
            written[fmt] = target
        return written
    finally:
        for name in temporary.values():
            Path(name).unlink(missing_ok=True)


def dump_download(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    name = f"accreditation-register.{fmt}"
    path = dump_path(fmt)
    if path.exists():
        response = FileResponse(path.open("rb"), content_type=FORMATS[fmt], filename=name)
    else:
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in CHUNKS[fmt]()), content_type=FORMATS[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
