"""Queries and server time per page, in-process (Django test client).

    DATABASE_URL=postgres://... python bench/measure.py [--runs 20] [--json out.json]

For each page: log in, a few warm-up requests, then `runs` requests each under
CaptureQueriesContext; reports the query count, the median and p95 server time
and the median time spent in the database. Everything runs in this process, so
the times are Django's own work (middleware, view, queries, template) without a
network or an HTTP server; the CPU time of the process is reported too, as it moves
least when other work shares the machine.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * fraction))
    return ordered[rank - 1]


class PageFailed(Exception):
    pass


class QueryTimer:
    """A database execute wrapper adding up the time spent in queries (microsecond-exact;
    CaptureQueriesContext rounds each query to the millisecond)."""

    def __init__(self):
        self.seconds = 0.0
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            self.queries.append((elapsed, sql))


def _timed_runs(client, url, page, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu_times, queries, db_times = [], [], [], []
    slowest: dict[str, list[float]] = {}  # SQL -> its time in each run
    for _ in range(runs):
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            cpu_times.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != page.expected_status:
            raise PageFailed(f"{page.name}: {url} answered {response.status_code}")
        times.append(elapsed * 1000)
        queries.append(len(captured.captured_queries))
        db_times.append(timer.seconds * 1000)
        for elapsed, sql in timer.queries:
            slowest.setdefault(sql, []).append(elapsed * 1000)
    return {
        "queries": max(queries),
        "queries_vary": min(queries) != max(queries),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        # Time spent in the database (as the driver measured it), the rest is Python.
        "db_median_ms": round(statistics.median(db_times), 2),
        # This process's CPU time: Django's own work, without waiting for the database or
        # for a core, so it moves least when other work shares the machine.
        "cpu_median_ms": round(statistics.median(cpu_times), 2),
        "bytes": len(response.content),
        # The query with the largest median time, to show where database time goes.
        "slowest_query": _slowest(slowest),
    }


def measure_page(page, *, runs: int = 20, warmup: int = 3) -> dict:
    """The page rendered `runs` times after `warmup` requests (nothing is kept between)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=True)
    if page.user:
        client.force_login(get_user_model().objects.get(username=page.user))
    url = page.url()
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != page.expected_status:
            raise PageFailed(f"{page.name}: {url} answered {response.status_code}")
    return {
        "url": url,
        "user": page.user,
        "runs": runs,
        **_timed_runs(client, url, page, runs),
        "python_calls": python_calls(client, url),
        "max_p95_ratio": page.max_p95_ratio,
    }


def python_calls(client, url) -> int:
    """Python function calls of one request (cProfile): the work a page asks of Django,
    counted exactly, so it compares between runs however busy the machine is."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    return pstats.Stats(profiler).total_calls


def _slowest(times_by_sql: dict[str, list[float]]) -> dict | None:
    if not times_by_sql:
        return None
    sql, times = max(times_by_sql.items(), key=lambda item: statistics.median(item[1]))
    return {"median_ms": round(statistics.median(times), 2), "sql": sql[:500]}


def measure_operation(operation) -> dict:
    """Median time and queries of one timed operation (after one warm-up call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    operation.run()
    times, queries = [], []
    for _ in range(operation.runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            operation.run()
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
    return {
        "runs": operation.runs,
        "queries": max(queries),
        "median_ms": round(statistics.median(times), 2),
        "target_ms": operation.target_ms,
        "target_scale": operation.target_scale,
    }


def measure_all(*, runs: int = 20, warmup: int = 3, operations=None) -> dict:
    """Every page (the floors first) and, under "operations", every timed operation."""
    from bench.pages import OPERATIONS, all_pages

    results = {page.name: measure_page(page, runs=runs, warmup=warmup) for page in all_pages()}
    if operations is None:
        # Operations limited to some scales (e.g. report rendering at 1x and 10x) run only
        # there; run.py tells the scale in BENCH_SCALE (unset: run them all).
        scale = os.environ.get("BENCH_SCALE")
        operations = [
            op for op in OPERATIONS if op.scales is None or scale is None or int(scale) in op.scales
        ]
    return {
        "pages": results,
        "operations": {op.name: measure_operation(op) for op in operations},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    _django.setup()
    results = measure_all(runs=args.runs, warmup=args.warmup)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name, row in results["pages"].items():
        print(
            f"{name:<20} {row['queries']:>4} queries  {row['median_ms']:>8.1f} ms median  "
            f"(database {row['db_median_ms']:.1f} ms, CPU {row['cpu_median_ms']:.1f} ms)"
        )
    for name, row in results["operations"].items():
        print(f"{name:<20} {row['queries']:>4} queries  {row['median_ms']:>8.1f} ms median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
