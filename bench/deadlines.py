"""Benchmark: the deadline reminder scan over 1,000,000 deadlines of which 1 % are due.

Shows the EXPLAIN (ANALYZE, BUFFERS) plan of the scan's batch query (casework.deadlines
.reminder_batch: it must read the partial index deadline_reminder_due and touch only due rows)
and times selecting a batch of 500, through the ORM and as bare SQL, as the median of several
runs (target: under 10 ms).

    bench/run-pg.sh bench/deadlines.py [--rows 1000000] [--due-percent 1] [--runs 25]

It needs a scratch PostgreSQL with the migrations applied (run-pg.sh starts one): it empties
the deadline table first.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.deadlines import reminder_batch  # noqa: E402
from casework.models import Deadline  # noqa: E402

BATCH = 500

# One row in a hundred (per 1 % due) has a reminder due; the rest are what years of work leave
# behind: running terms not yet near their end, paused ones, and mostly closed ones.
POPULATE = """
INSERT INTO casework_deadline (case_type_id, case_id, kind, working_days, opened_at, due_at,
    state, paused_at, remaining_working_days, closed_at, next_reminder_at)
SELECT %(case_type)s, g, 'decision', 15,
    %(now)s - interval '20 days',
    %(now)s + (g %% 40 - 10) * interval '1 day' + (g %% 86400) * interval '1 second',
    CASE WHEN g %% 100 < %(due)s THEN 'running'
         WHEN g %% 100 < 60 THEN 'running'
         WHEN g %% 100 < 70 THEN 'paused'
         WHEN g %% 100 < 95 THEN 'done'
         ELSE 'cancelled' END,
    CASE WHEN g %% 100 >= 60 AND g %% 100 < 70 THEN %(now)s - interval '3 days' END,
    CASE WHEN g %% 100 >= 60 AND g %% 100 < 70 THEN 5 END,
    CASE WHEN g %% 100 >= 70 THEN %(now)s - interval '1 day' END,
    CASE WHEN g %% 100 < %(due)s THEN %(now)s - (g / 100) * interval '1 second'
         WHEN g %% 100 < 60 THEN %(now)s + (1 + g %% 30) * interval '1 day'
                                 + (g %% 86400) * interval '1 second' END
FROM generate_series(1, %(rows)s) AS g
"""


def populate(rows: int, due_percent: int, now) -> None:
    case_type = ContentType.objects.get_for_model(Deadline).pk  # any type: the scan ignores it
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE casework_deadline CASCADE")
        cursor.execute(
            POPULATE, {"case_type": case_type, "now": now, "due": due_percent, "rows": rows}
        )
        cursor.execute("VACUUM ANALYZE casework_deadline")
    print(f"Inserted {rows:,} deadlines in {time.perf_counter() - started:.1f} s")


def sizes() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_relation_size(oid)) FROM pg_class "
            "WHERE relname IN ('casework_deadline', 'deadline_reminder_due') ORDER BY relname"
        )
        for name, size in cursor.fetchall():
            print(f"  {name}: {size}")


def counts(now) -> None:
    running = Deadline.objects.filter(state=Deadline.State.RUNNING)
    print(
        f"  all {Deadline.objects.count():,}; running {running.count():,}; "
        f"due now {running.filter(next_reminder_at__lte=now).count():,}"
    )


def explain(now) -> str:
    with transaction.atomic():
        plan = reminder_batch(now, BATCH).explain(analyze=True, buffers=True)
        transaction.set_rollback(True)
    return plan


def time_orm(now, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        with transaction.atomic():
            started = time.perf_counter()
            batch = list(reminder_batch(now, BATCH))
            timings.append((time.perf_counter() - started) * 1000)
            assert len(batch) == BATCH
            transaction.set_rollback(True)
    return timings


def batch_sql(now) -> tuple[str, tuple]:
    with transaction.atomic():  # Django builds FOR UPDATE only inside a transaction
        return reminder_batch(now, BATCH).query.sql_with_params()


def time_sql(now, runs: int) -> list[float]:
    sql, params = batch_sql(now)
    timings = []
    for _ in range(runs):
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
            assert len(rows) == BATCH
            transaction.set_rollback(True)
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    print(
        f"  {label}: median {statistics.median(ordered):.2f} ms, "
        f"min {ordered[0]:.2f} ms, p90 {p90:.2f} ms, max {ordered[-1]:.2f} ms "
        f"({len(ordered)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due-percent", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: run it through bench/run-pg.sh.")

    now = timezone.now()
    print(f"PostgreSQL {connection.cursor().connection.server_version}")
    # Timings on a shared machine are only as good as its idleness: say how busy it was.
    print("Load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    populate(args.rows, args.due_percent, now)
    counts(now)
    sizes()

    sql, params = batch_sql(now)
    print("\nBatch query:\n  " + sql % tuple(repr(str(p)) for p in params))
    plan = explain(now)
    print("\nEXPLAIN (ANALYZE, BUFFERS):\n" + "\n".join("  " + line for line in plan.splitlines()))
    if "deadline_reminder_due" not in plan:
        sys.exit("The scan did not use the partial index deadline_reminder_due.")

    explain(now)  # warm the cache as a worker that scans every few minutes has it
    print(f"\nSelecting a batch of {BATCH} due deadlines (FOR UPDATE SKIP LOCKED):")
    report("ORM (rows to Deadline objects)", time_orm(now, args.runs))
    report("SQL (rows to tuples)", time_sql(now, args.runs))


if __name__ == "__main__":
    main()
