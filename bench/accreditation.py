# ruff: noqa: S603, S607 (a benchmark starting the local tools it measures: gunicorn, wrk)
"""Benchmark: the public registers of accreditation (К24) over 20,000 certificates and 100,000
accredited programmes, served like production, and the nightly dump.

    bench/run-pg.sh bench/accreditation.py [--certificates 20000] [--programmes 100000]
                                           [--runs 30] [--seconds 10] [--floor]

1. Query counts and in-process times (Django's test client, no network): the register search
   page and the API's first page, each unfiltered and searched; the count must not depend on the
   number of rows (compared with a search that finds one certificate).
2. Served like production: gunicorn (3 sync workers, DEBUG off) on this PostgreSQL, loaded by
   wrk (2 threads, 8 connections) for --seconds per URL: median (50 %) and 90 % latency.
   With --floor, ../shared/tools/floor/run.sh (a bare Django page on this machine) runs in the
   same run and its figures are printed beside.
3. The dump: `manage.py accreditation_dump` in a subprocess (CSV and JSON written, streamed) and
   the live streaming download consumed in another: wall time and peak RSS of each.

Targets (issue 11): a fixed number of queries, median server time under 50 ms; the dump under
150 MB RSS and under 30 s.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accreditation.models import (  # noqa: E402
    AccreditationBody,
    AccreditationCase,
    Appeal,
    Certificate,
    Kind,
    Recommendation,
)
from casework.models import DocumentKind, IssuedDocument  # noqa: E402
from registry.identifiers import with_check_digit  # noqa: E402
from registry.models import (  # noqa: E402
    Authority,
    EducationLevel,
    Organization,
    Procedure,
    Region,
    Specialty,
    User,
)

SPECIALTIES = 600
PROGRAMMES_PER_CERTIFICATE = 10


def _bins(n, start=0):
    bins, serial = [], start
    while len(bins) < n:
        number = with_check_digit(f"{serial % 9 + 1:02d}{serial % 12 + 1:02d}4{serial:06d}"[:11])
        serial += 1
        if number:
            bins.append(number)
    return bins


def populate(certificates: int, programmes: int):
    started = time.perf_counter()
    rng = random.Random(11)
    country = Region.objects.create(kato="000000000", kind="country", name="Kazakhstan")
    region = Region.objects.create(kato="750000000", kind="region", name="Almaty", parent=country)
    higher = EducationLevel.objects.create(code="higher", name="Higher")
    specialties = Specialty.objects.bulk_create(
        Specialty(code=f"6B{i:05d}", name=f"Programme {i}", name_ru=f"Программа {i}", level=higher)
        for i in range(SPECIALTIES)
    )
    bodies = []
    for i, bin_ in enumerate(_bins(2, start=900_000)):
        authority = Authority.objects.create(
            kind=Authority.Kind.ACCREDITATION_BODY,
            name=f"Accreditation agency {i}",
            name_ru=f"Агентство аккредитации {i}",
            jurisdiction=country,
            procedures=[Procedure.ACCREDITATION],
            register_entry_number=f"KZ-AO-{i:03d}",
            register_entry_valid_until=datetime.date(2035, 1, 1),
        )
        bodies.append(
            AccreditationBody.objects.create(
                authority=authority,
                bin=bin_,
                certification_number=f"KZ-AO-{i:03d}",
                certified_from=datetime.date(2015, 1, 1),
                certified_until=datetime.date(2035, 1, 1),
            )
        )
    organizations = Organization.objects.bulk_create(
        (
            Organization(
                bin=b,
                name=f"University {i}",
                name_ru=f"Университет {i}",
                name_kk=f"{i} университеті",
                name_en=f"University {i}",
                legal_form="nao",
                ownership="state",
                region=region,
                address="Street 1",
            )
            for i, b in enumerate(_bins(certificates))
        ),
        batch_size=5000,
    )
    applicant = User.objects.create_user("applicant@bench.kz", "x", full_name="Applicant")
    now = timezone.now()
    with_programmes = programmes // PROGRAMMES_PER_CERTIFICATE
    cases = AccreditationCase.objects.bulk_create(
        (
            AccreditationCase(
                number=f"ACC-2020-{i:07d}",
                organization=o,
                applicant=applicant,
                authority=bodies[i % 2].authority,
                body=bodies[i % 2],
                # Every other certificate names programmes, so they interleave in the register.
                kind=Kind.COMBINED
                if i % 2 == 0 and i // 2 < with_programmes
                else Kind.INSTITUTIONAL,
                state=AccreditationCase.State.REPORT_PUBLISHED,
                decision="accredit",
                submitted_at=now - datetime.timedelta(days=800 + i % 900),
                decided_at=now - datetime.timedelta(days=400 + i % 900),
                report_published_at=now - datetime.timedelta(days=390 + i % 900),
                report_url=f"https://agency.example.org/reports/{i}",
            )
            for i, o in enumerate(organizations)
        ),
        batch_size=5000,
    )
    case_type = ContentType.objects.get_for_model(AccreditationCase)
    documents = IssuedDocument.objects.bulk_create(
        (
            IssuedDocument(
                kind=DocumentKind.CERTIFICATE,
                number=f"CRT-2020-{i:07d}",
                case_type=case_type,
                case_id=c.pk,
                organization=c.organization,
                language="ru",
                template="accreditation/documents/certificate.html",
                version_key=f"bench-certificate-{i}",
                verification_code=f"bench{i:011d}",
            )
            for i, c in enumerate(cases)
        ),
        batch_size=5000,
    )
    certificate_rows = Certificate.objects.bulk_create(
        (
            Certificate(
                number=f"CRT-2020-{i:07d}",
                case=c,
                organization=c.organization,
                body=c.body,
                kind=c.kind,
                issued_on=timezone.localdate(c.decided_at),
                valid_from=timezone.localdate(c.decided_at),
                valid_until=timezone.localdate(c.decided_at) + datetime.timedelta(days=5 * 365),
                document=d,
                updated_at=c.decided_at,
            )
            for i, (c, d) in enumerate(zip(cases, documents, strict=True))
        ),
        batch_size=5000,
    )
    through = Certificate.programmes.through
    rows = []
    for certificate in (c for c in certificate_rows if c.kind == Kind.COMBINED):
        for specialty in rng.sample(specialties, PROGRAMMES_PER_CERTIFICATE):
            rows.append(through(certificate_id=certificate.pk, specialty_id=specialty.pk))
    through.objects.bulk_create(rows, batch_size=10000)
    Recommendation.objects.bulk_create(
        (
            Recommendation(
                case=c,
                source="body",
                text="Publish the graduates' employment figures.",
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 700),
                status=rng.choice(["open", "done", "overdue"]),
            )
            for i, c in enumerate(cases)
            for _ in range(2)
        ),
        batch_size=10000,
    )
    Appeal.objects.bulk_create(
        Appeal(case=c, grounds="Unfair.", filed_by=applicant) for c in cases[::97]
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Inserted {len(certificate_rows):,} certificates, {len(rows):,} accredited programmes, "
        f"{2 * len(cases):,} recommendations in {time.perf_counter() - started:.0f} s"
    )
    return certificate_rows


URLS = [
    ("register page", "/accreditation/register/", {}),
    ("register page, name", "/accreditation/register/", {"q": "Университет 123"}),
    ("register page, BIN", "/accreditation/register/", {"q": "0101"}),
    ("register page, code", "/accreditation/register/", {"q": "6B0004"}),
    ("register page, one hit", "/accreditation/register/", {"q": "CRT-2020-0000042"}),
    ("programmes page", "/accreditation/register/programmes/", {}),
    ("programmes page, search", "/accreditation/register/programmes/", {"q": "6B0004"}),
    ("API first page", "/api/v1/accreditation/register/certificates/", {}),
    ("API, search", "/api/v1/accreditation/register/certificates/", {"q": "University 77"}),
    ("API, one hit", "/api/v1/accreditation/register/certificates/", {"q": "CRT-2020-0000042"}),
    (
        "API change feed",
        "/api/v1/accreditation/register/certificates/",
        {"updated_since": "2025-06-01T00:00:00Z"},
    ),
    ("API programmes", "/api/v1/accreditation/register/programmes/", {}),
]


def in_process(runs: int):
    print("\nIn process (Django test client, no network): median, max, queries")
    client = Client()
    counts = {}
    for name, url, params in URLS:
        client.get(url, params)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        counts[name] = len(queries)
        print(
            f"  {name:<26} median {statistics.median(timings):6.1f} ms   "
            f"max {max(timings):6.1f} ms   {len(queries)} queries"
        )
    fixed = (
        counts["register page"]
        == counts["register page, BIN"]
        == counts["register page, code"]
        == counts["register page, one hit"]
        and counts["API first page"] == counts["API, search"] == counts["API, one hit"]
    )
    print(f"  query count independent of the rows: {'yes' if fixed else 'NO'}")


def served(seconds: int):
    if shutil.which("wrk") is None:
        print("\nwrk is not installed (apt-get install wrk): served figures skipped")
        return
    port = 8791
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_ANON_RATE": "100000000/minute",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            "3",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(4)
        print(
            "\nServed by gunicorn (3 sync workers, DEBUG off), loaded by wrk:\n"
            "  one connection (-c1: the server's time per request, plus the loopback) and\n"
            "  eight (-c8, as the floor: throughput, with queueing on 2 shared cores)"
        )
        for name, url, params in URLS:
            query = urlencode(params)
            target = f"http://127.0.0.1:{port}{url}" + (f"?{query}" if query else "")
            for _ in range(6):  # every worker warm: templates compiled, connection open
                subprocess.run(["curl", "-s", "-o", "/dev/null", target], check=False)
            line = f"  {name:<26}"
            for connections in (1, 8):
                figures = _wrk(target, connections, seconds)
                line += (
                    f"  c{connections}: 50% {figures.get('50%', '?'):>8}"
                    f" 90% {figures.get('90%', '?'):>8} {figures.get('rps', '?'):>7} req/s"
                )
                if "errors" in figures:
                    line += f" NON-2XX {figures['errors']}"
            print(line)
    finally:
        server.terminate()
        server.wait()


def _wrk(target: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(connections, 2)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            target,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("50%", "90%"):
            figures[parts[0]] = parts[1]
        if line.startswith("Requests/sec"):
            figures["rps"] = parts[1]
        if "Non-2xx" in line:
            figures["errors"] = parts[-1]
    return figures


def _child(code: str) -> tuple[float, float]:
    """Run Python code in a child process; (seconds, that child's own peak RSS in MB: wait4
    gives its rusage alone, not the maximum over every child so far, gunicorn's included)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=os.environ)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, child.returncode
    return time.perf_counter() - started, usage.ru_maxrss / 1024


SETUP = (
    "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
    "django.setup(); "
)


def dump_figures():
    print("\nThe nightly dump (each in its own process): time, peak RSS")
    media = tempfile.mkdtemp(prefix="acc-dump-")
    os.environ["DJANGO_MEDIA_ROOT"] = media
    try:
        # The live stream first: its child is the first, so its peak RSS is its own.
        code = SETUP + (
            "from django.test import Client; "
            "r = Client().get('/accreditation/register/dump.json'); "
            "assert r.streaming; n = sum(len(c) for c in r.streaming_content); "
            "print(f'  streamed JSON: {n / 1e6:.1f} MB')"
        )
        seconds, rss = _child(code)
        print(f"  live stream, JSON             {seconds:6.1f} s   peak RSS {rss:6.0f} MB")
        code = SETUP + (
            "from django.core.management import call_command; call_command('accreditation_dump')"
        )
        seconds, rss = _child(code)
        sizes = ", ".join(
            f"{p.suffix[1:]} {p.stat().st_size / 1e6:.1f} MB"
            for p in sorted((Path(media) / "open-data").glob("accreditation-register.*"))
        )
        print(
            f"  accreditation_dump, CSV+JSON {seconds:6.1f} s   peak RSS {rss:6.0f} MB   ({sizes})"
        )
    finally:
        shutil.rmtree(media, ignore_errors=True)


def floor():
    script = ROOT.parent / "shared/tools/floor/run.sh"
    print(f"\nFloor: a bare Django page on this machine ({script})")
    out = subprocess.run(
        ["bash", str(script), str(ROOT / ".venv")], capture_output=True, text=True, check=False
    )
    print("  " + "\n  ".join((out.stdout + out.stderr).strip().splitlines()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=20_000)
    parser.add_argument("--programmes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--floor", action="store_true")
    parser.add_argument(
        "--parts", default="queries,served,dump", help="which measurements, comma-separated"
    )
    parser.add_argument(
        "--no-populate", action="store_true", help="measure the database as it is (filled)"
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if not args.no_populate:
        populate(args.certificates, args.programmes)
    if "queries" in parts:
        in_process(args.runs)
    if "served" in parts:
        served(args.seconds)
    if "dump" in parts:
        dump_figures()
    if args.floor:
        floor()


if __name__ == "__main__":
    main()
