"""Where a page's time goes: cProfile of its requests, and each of its queries timed.

    DATABASE_URL=postgres://... python bench/profile_page.py portfolio [--runs 20] [--explain]

The page is one of bench/pages.py (by name), requested in-process as its user
like bench/measure.py does. Prints the functions with the most own time and the
most cumulative time over `runs` requests, then every query of one request with
its median time (and with --explain, the plan of the slowest ones at this scale).
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402


def profile_page(name: str, *, runs: int = 20, explain: bool = False, top: int = 25) -> str:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.measure import QueryTimer
    from bench.pages import all_pages

    page = next(p for p in all_pages() if p.name == name)
    client = Client(raise_request_exception=True)
    if page.user:
        client.force_login(get_user_model().objects.get(username=page.user))
    url = page.url()
    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    per_request = (time.perf_counter() - started) * 1000 / runs
    out = io.StringIO()
    out.write(f"{name} {url}: {per_request:.1f} ms a request under the profiler\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)

    timings: dict[str, list[float]] = {}
    for _ in range(5):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            client.get(url)
        for elapsed, sql in timer.queries:
            timings.setdefault(sql, []).append(elapsed * 1000)
    out.write("Queries (median ms of 5 requests):\n")
    ordered = sorted(timings.items(), key=lambda item: -statistics.median(item[1]))
    for sql, values in ordered:
        out.write(f"{statistics.median(values):8.2f}  {sql[:300]}\n")
    if explain:
        for sql, _values in ordered[:3]:
            if "%s" in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                out.write("\n" + "\n".join(row[0] for row in cursor.fetchall()) + "\n")
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a page's name in bench/pages.py")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)
    _django.setup()
    print(profile_page(args.page, runs=args.runs, explain=args.explain, top=args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
