"""Benchmark: the licensing staff queue over 100,000 licenses and 300,000 applications, and a
bulk reissue of 1,000 licenses with their PDFs rendered by one worker.

    bench/run-pg.sh bench/licensing.py [--licenses 100000] [--applications 300000]
                                       [--runs 30] [--bulk 1000]

Queue: the page (/licensing/queue/) and the API (/api/v1/licensing/applications/), 50 rows,
requested through Django's test client in this process: the time measured is the server's
(middleware, view, queries, template), without a network. Prints the median and the query count
for the first page and a filtered one; the count must not depend on the number of rows.

Bulk reissue: the task body (licensing.services.bulk.bulk_reissue_run) for --bulk renamed
organizations, then every PDF it issued rendered one after another, as a single worker does.

It needs a scratch PostgreSQL with the migrations applied (run-pg.sh starts one).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.documents import document_render  # noqa: E402
from casework.models import CaseNumberCounter, IssuedDocument  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from licensing import documents, services  # noqa: E402
from licensing.models import License, LicenseAppendix, LicenseApplication  # noqa: E402
from registry.identifiers import with_check_digit  # noqa: E402
from registry.models import (  # noqa: E402
    Authority,
    EducationLevel,
    Organization,
    Procedure,
    Region,
    Role,
    RoleAssignment,
    User,
)

STATES_OPEN = ["submitted", "completeness_check", "returned", "review", "inspection", "council"]
STATES_CLOSED = ["granted", "refused", "withdrawn", "not_accepted"]
KINDS = ["new_license", "new_appendix", "reissue", "return", "duplicate"]
AUTHORITIES = 4


def _bins(n, start=0):
    """Unique valid BINs (registration month, legal-entity digit, check digit)."""
    bins, serial = [], start
    while len(bins) < n:
        number = with_check_digit(f"{serial % 9 + 1:02d}{serial % 12 + 1:02d}4{serial:06d}"[:11])
        serial += 1
        if number:
            bins.append(number)
    return bins


def populate(licenses: int, applications: int):
    started = time.perf_counter()
    country = Region.objects.create(kato="000000000", kind="country", name="Kazakhstan")
    regions, authorities = [], []
    for i in range(AUTHORITIES):
        region = Region.objects.create(
            kato=f"{10 + i:02d}0000000", kind="region", name=f"Region {i}", parent=country
        )
        regions.append(region)
        authorities.append(
            Authority.objects.create(
                kind="regional",
                name=f"Education department {i}",
                jurisdiction=region,
                procedures=[Procedure.LICENSING],
            )
        )
    level = EducationLevel.objects.create(code="general", name="General secondary")
    bins = _bins(licenses)
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                bin=b,
                name=f"School {i}",
                name_ru=f"Школа {i}",
                name_kk=f"{i} мектеп",
                legal_form="gu",
                ownership="state",
                region=regions[i % AUTHORITIES],
                address="Street 1",
            )
            for i, b in enumerate(bins)
        ],
        batch_size=5000,
    )
    today = timezone.localdate()
    license_rows = License.objects.bulk_create(
        [
            License(
                number=f"KZ-LAA-2020-{i:07d}",
                organization=o,
                authority=authorities[i % AUTHORITIES],
                holder_name=o.name,
                holder_name_ru=o.name_ru,
                holder_name_kk=o.name_kk,
                issued_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 1500),
            )
            for i, o in enumerate(organizations)
        ],
        batch_size=5000,
    )
    LicenseAppendix.objects.bulk_create(
        [
            LicenseAppendix(
                number=f"{lic.number}/001",
                license=lic,
                serial=1,
                level=level,
                address="Street 1",
                issued_on=lic.issued_on,
            )
            for lic in license_rows
        ],
        batch_size=5000,
    )
    applicant = User.objects.create_user("applicant@bench.kz", "x", full_name="Applicant")
    rng = random.Random(4)
    now = timezone.now()
    batch = []
    for i in range(applications):
        org_index = rng.randrange(licenses)
        open_case = rng.random() < 0.15
        state = rng.choice(STATES_OPEN) if open_case else rng.choice(STATES_CLOSED)
        submitted = now - datetime.timedelta(days=rng.randrange(1, 1500))
        batch.append(
            LicenseApplication(
                number=f"LIC-2020-{i:07d}",
                organization=organizations[org_index],
                applicant=applicant,
                authority=authorities[org_index % AUTHORITIES],
                kind=rng.choice(KINDS),
                state=state,
                submitted_at=submitted,
                registered_at=submitted,
                due_date=today + datetime.timedelta(days=rng.randrange(-10, 20))
                if open_case
                else None,
                license=license_rows[org_index],
            )
        )
        if len(batch) == 10000:
            LicenseApplication.objects.bulk_create(batch)
            batch = []
    LicenseApplication.objects.bulk_create(batch)
    CaseNumberCounter.objects.update_or_create(prefix="LAA", year=today.year, defaults={"last": 0})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Inserted {licenses:,} licenses with appendices and {applications:,} applications "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return authorities, level


def staff_client(authority, *, head=False):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    role = Role.HEAD if head else Role.STAFF
    user = User.objects.create_user(f"{role}-{authority.pk}@bench.kz", "x", full_name=role)
    RoleAssignment.objects.create(user=user, role=role, authority=authority)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def time_get(client, url, params, runs):
    client.get(url, params)  # warm up caches and the connection
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return statistics.median(timings), max(timings), len(queries)


def bench_queue(authorities, runs):
    client, _ = staff_client(authorities[0])
    open_cases = LicenseApplication.objects.filter(
        authority=authorities[0], state__in=STATES_OPEN
    ).count()
    print(f"\nStaff queue of one authority ({open_cases:,} open applications), 50 rows per page")
    cases = [
        ("page", "/licensing/queue/", {}),
        ("page, overdue only", "/licensing/queue/", {"overdue": "on"}),
        ("page, kind + state", "/licensing/queue/", {"kind": "reissue", "state": "review"}),
        ("page 20", "/licensing/queue/", {"page": "20"}),
        ("API", "/api/v1/licensing/applications/", {}),
        ("API, overdue only", "/api/v1/licensing/applications/", {"overdue": "1"}),
    ]
    for name, url, params in cases:
        median, worst, queries = time_get(client, url, params, runs)
        print(f"  {name:<22} median {median:6.1f} ms   max {worst:6.1f} ms   {queries} queries")


def bench_bulk(authority, level, count):
    """One worker: the bulk task's body, then every render task it queued, one after another.
    The outbox hands tasks to an in-memory broker that nobody consumes, so nothing runs behind
    the measurement's back."""
    print(f"\nBulk reissue of {count:,} licenses")
    celery_app.conf.task_always_eager = False
    _, head = staff_client(authority, head=True)
    region = authority.jurisdiction
    bins = _bins(count, start=500_000)
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                bin=b,
                name=f"District school {i}",
                name_ru=f"Районная школа {i}",
                name_kk=f"{i} аудандық мектеп",
                legal_form="gu",
                ownership="state",
                region=region,
                address="Street 2",
            )
            for i, b in enumerate(bins)
        ]
    )
    today = timezone.localdate()
    for o in organizations:
        license_ = License.objects.create(
            organization=o,
            authority=authority,
            holder_name=o.name,
            holder_name_ru=o.name_ru,
            holder_name_kk=o.name_kk,
            issued_on=datetime.date(2019, 9, 1),
        )
        LicenseAppendix.objects.create(
            license=license_, level=level, address="Street 2", issued_on=license_.issued_on
        )
        documents.license_document_issue(license_, license_, language="ru", version="initial")
    # The PDFs from before the renames count as rendered; they are to be superseded.
    IssuedDocument.objects.update(sha256="0" * 64)
    csv_rows = ["bin,name_ru,name_kk"] + [
        f"{o.bin},КГУ «Школа-лицей {i}»,«{i} мектеп-лицей» КММ" for i, o in enumerate(organizations)
    ]
    started = time.perf_counter()
    run = services.bulk_reissue_start(
        actor=head,
        effective_date=today - datetime.timedelta(days=1),
        csv_file="\n".join(csv_rows).encode(),
    )
    run = services.bulk_reissue_run(run.pk)
    cases_done = time.perf_counter()
    pending = IssuedDocument.objects.filter(sha256="").values_list("pk", flat=True)
    pdfs = 0
    for pk in list(pending):
        document_render(pk)
        pdfs += 1
    finished = time.perf_counter()
    done = run.items.filter(status="done").count()
    failed = run.items.filter(status="failed").count()
    superseded = IssuedDocument.objects.filter(status="superseded").count()
    print(f"  {failed} organizations failed; {superseded:,} earlier PDFs superseded")
    print(
        f"  {done:,} organizations reissued in {cases_done - started:.1f} s; "
        f"{pdfs:,} PDFs rendered in {finished - cases_done:.1f} s; "
        f"total {finished - started:.1f} s ({(finished - started) / 60:.1f} min)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--licenses", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--bulk", type=int, default=1000)
    args = parser.parse_args()
    settings.DEBUG = False
    reset_queries()
    authorities, level = populate(args.licenses, args.applications)
    bench_queue(authorities, args.runs)
    if args.bulk:
        bench_bulk(authorities[1], level, args.bulk)
    load = os.getloadavg()
    print(f"\nLoad average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
