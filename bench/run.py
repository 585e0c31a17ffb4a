"""`make bench`: generate each scale, measure every page in-process and under load.

    python scripts/with_postgres.py python bench/run.py [--scales 1,10,100]

Needs DATABASE_URL (scripts/with_postgres.py gives a throwaway cluster). For
each scale it makes a fresh database from a migrated template, generates the
data (bench/generate.py; the demo itself is seeded once into the template),
measures queries and server time (bench/measure.py), and at the largest scale
the latency under load next to the signed-in floor (bench/load.py), the real
morning on one and on two app servers (bench/morning.py) and, when installed,
Lighthouse (bench/lighthouse.py), each in its own process with that database.
Writes bench/results.json and prints Markdown tables with the targets of
issue 17. Exits 1 when a measurement fails, and with --strict also when a
target is missed.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import REPO_ROOT  # noqa: E402

BENCH_DIR = REPO_ROOT / "bench"
TEMPLATE_DB = "bench_template"
# Issue 17's targets.
MAX_P95_RATIO = 3.0
MAX_GROWTH = 1.25  # in-process median at the largest scale against the smallest


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(base_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def step(title: str, argv: list[str], env: dict, *, quiet: bool = False) -> float:
    print(f"- {title}", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        argv, cwd=REPO_ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if result.returncode != 0:
        if quiet:
            print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"Benchmark step failed: {title}")
    return time.perf_counter() - started


def machine() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def run(args) -> dict:
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("DATABASE_URL is not set: run through scripts/with_postgres.py.")
    py = sys.executable
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
        LOG_LEVEL="ERROR",
    )
    results = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), "postgresql": postgres_version(base_url)},
        "settings": {
            "runs": args.runs,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "gunicorn_workers": 2,
        },
        "scales": {},
    }
    admin_sql(base_url, f"DROP DATABASE IF EXISTS {TEMPLATE_DB}", f"CREATE DATABASE {TEMPLATE_DB}")
    step(
        "migrate the template database",
        [py, "manage.py", "migrate", "--no-input"],
        {**env, "DATABASE_URL": database_url(base_url, TEMPLATE_DB)},
        quiet=True,
    )
    # The demo once in the template (its password hashing is most of its time); each
    # scale then runs seed_demo again, which finds everything there, and the hooks.
    results["seed_demo_s"] = round(
        step(
            "seed the demo into the template database",
            [py, "manage.py", "seed_demo"],
            {**env, "DATABASE_URL": database_url(base_url, TEMPLATE_DB)},
            quiet=True,
        ),
        1,
    )
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for scale in args.scales:
            name = f"bench_{scale}x"
            admin_sql(
                base_url,
                f"DROP DATABASE IF EXISTS {name}",
                f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}",
            )
            scale_env = {
                **env,
                "DATABASE_URL": database_url(base_url, name),
                "BENCH_SCALE": str(scale),
            }
            print(f"\n## Scale {scale}x", flush=True)
            generate_s = step(
                f"generate {scale}x",
                [py, str(BENCH_DIR / "generate.py"), "--scale", str(scale)],
                scale_env,
            )
            measured = Path(tmp) / f"measure-{scale}.json"
            step(
                "queries and server time (in-process)",
                [py, str(BENCH_DIR / "measure.py"), "--runs", str(args.runs), "--json", measured],
                scale_env,
            )
            row = {
                "load_average_before": [round(v, 2) for v in os.getloadavg()],
                "generate_s": round(generate_s, 1),
                "rows": _row_counts(scale_env),
                **json.loads(measured.read_text()),  # "pages" and "operations"
            }
            largest = scale == max(args.scales)
            if not args.no_load and (largest or args.load_every_scale):
                loaded = Path(tmp) / f"load-{scale}.json"
                step(
                    f"under load (gunicorn, {args.concurrency} clients, {args.duration} s/page)",
                    [
                        py,
                        str(BENCH_DIR / "load.py"),
                        "--concurrency",
                        str(args.concurrency),
                        "--duration",
                        str(args.duration),
                        "--json",
                        loaded,
                    ],
                    scale_env,
                )
                for page, figures in json.loads(loaded.read_text()).items():
                    row["pages"][page]["load"] = figures
            if largest and not args.no_morning:
                morning = Path(tmp) / "morning.json"
                step(
                    "the real morning (one app server, then two)",
                    [py, str(BENCH_DIR / "morning.py"), "--servers", "1,2", "--json", morning],
                    scale_env,
                )
                results["morning"] = json.loads(morning.read_text())
            if largest and not args.no_lighthouse:
                from bench import lighthouse

                if lighthouse.installed():
                    audited = Path(tmp) / "lighthouse.json"
                    step(
                        "Lighthouse (mobile, default throttling)",
                        [py, str(BENCH_DIR / "lighthouse.py"), "--json", audited],
                        scale_env,
                    )
                    results["lighthouse"] = json.loads(audited.read_text())
                else:
                    print("- Lighthouse not installed (make bench-install): skipped", flush=True)
            results["scales"][str(scale)] = row
            if not args.keep:
                admin_sql(base_url, f"DROP DATABASE IF EXISTS {name}")
    admin_sql(base_url, f"DROP DATABASE IF EXISTS {TEMPLATE_DB}")
    return results


def _row_counts(env: dict) -> dict:
    code = (
        "import json; from bench import _django; _django.setup(); "
        "from bench.generate import row_counts; print(json.dumps(row_counts()))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {label: count for label, count in json.loads(output).items() if count}


def check_targets(results: dict) -> list[str]:
    """Issue 17's targets that the figures miss, as sentences."""
    from bench import lighthouse

    misses = []
    scales = results["scales"]
    keys = sorted(scales, key=int)
    names = list(scales[keys[0]]["pages"])
    for name in names:
        counts = {
            k: scales[k]["pages"][name]["queries"] for k in keys if name in scales[k]["pages"]
        }
        if len(set(counts.values())) > 1:
            misses.append(f"{name}: queries differ between scales {counts}")
    smallest, largest = keys[0], keys[-1]
    if smallest != largest:
        for name, figures in scales[largest]["pages"].items():
            first = scales[smallest]["pages"].get(name)
            if first and figures["median_ms"] > MAX_GROWTH * max(first["median_ms"], 1.0):
                misses.append(
                    f"{name}: {figures['median_ms']:.1f} ms at {largest}x against "
                    f"{first['median_ms']:.1f} ms at {smallest}x (target <= {MAX_GROWTH:g}x)"
                )
    for name, figures in scales[largest]["pages"].items():
        ratio = figures.get("load", {}).get("p95_ratio_to_floor")
        limit = figures.get("max_p95_ratio", MAX_P95_RATIO)
        if ratio is not None and limit is not None and ratio > limit:
            misses.append(f"{name}: p95 at {largest}x is {ratio}x the floor (target <= {limit:g}x)")
    for scale, row in scales.items():
        for name, figures in row.get("operations", {}).items():
            target, at = figures.get("target_ms"), figures.get("target_scale")
            if target and (at is None or at == int(scale)) and figures["median_ms"] > target:
                misses.append(
                    f"{name}: {figures['median_ms']:.0f} ms at {scale}x (target <= {target:.0f} ms)"
                )
    for key, figures in results.get("morning", {}).items():
        if figures["errors"]:
            misses.append(f"morning ({key}): {figures['errors']} errors")
        if not figures["checks"]["ok"]:
            misses.append(f"morning ({key}): the database check failed {figures['checks']}")
    misses += lighthouse.misses(results.get("lighthouse", {}))
    return misses


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def markdown(results: dict) -> str:
    scales = results["scales"]
    keys = sorted(scales, key=int)
    names = list(scales[keys[0]]["pages"])
    largest = keys[-1]
    loaded = any("load" in page for page in scales[largest]["pages"].values())
    settings = results["settings"]
    lines = [
        f"### Every page rendered: queries, in-process median of {settings['runs']} runs, "
        f"and p95 under load at {largest}x",
        "",
        "| Page | "
        + " | ".join(f"Queries {k}x" for k in keys)
        + " | "
        + " | ".join(f"ms {k}x (db)" for k in keys)
        + " | "
        + " | ".join(f"CPU ms {k}x" for k in keys)
        + " | "
        + " | ".join(f"Python calls {k}x" for k in keys)
        + f" | {largest}x / {keys[0]}x (CPU) | p95 ms under load | p95 / floor p95 |",
        "|---|" + "---:|" * (4 * len(keys) + 3),
    ]
    for name in names:
        rows = [scales[k]["pages"].get(name) for k in keys]
        queries = " | ".join(str(r["queries"]) if r else "–" for r in rows)
        times = " | ".join(
            "{median_ms:.1f} ({db_median_ms:.1f})".format(**r) if r else "–" for r in rows
        )
        cpu = " | ".join(_ms(r.get("cpu_median_ms")) if r else "–" for r in rows)
        cpu += " | " + " | ".join(str(r.get("python_calls", "–")) if r else "–" for r in rows)
        growth = "–"
        if rows[0] and rows[-1]:
            growth = f"{rows[-1]['median_ms'] / rows[0]['median_ms']:.2f}"
            if rows[0].get("cpu_median_ms"):
                growth += f" ({rows[-1]['cpu_median_ms'] / rows[0]['cpu_median_ms']:.2f})"
        load = (rows[-1] or {}).get("load") or {}
        ratio = load.get("p95_ratio_to_floor")
        lines.append(
            f"| {name} | {queries} | {times} | {cpu} | {growth} | {_ms(load.get('p95_ms'))} | "
            f"{'–' if ratio is None else f'{ratio:.2f}'} |"
        )
    if loaded:
        lines += [
            "",
            f"### Under load at {largest}x (gunicorn 2 workers, {settings['concurrency']} clients, "
            f"{settings['duration_s']} s per page, interleaved with the floor)",
            "",
            "| Page | p50 ms | p95 ms | req/s | errors | floor p95 ms | p95 / floor p95 |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in names:
            load = scales[largest]["pages"][name].get("load")
            if load:
                lines.append(
                    f"| {name} | {load['p50_ms']:.1f} | {load['p95_ms']:.1f} | {load['rps']:.1f} | "
                    f"{load['errors']} | {load.get('floor_p95_ms', load['p95_ms']):.1f} | "
                    f"{load['p95_ratio_to_floor']:.2f} |"
                )
    morning = results.get("morning")
    if morning:
        from bench.morning import ACTIONS

        runs = list(morning)
        lines += [
            "",
            f"### The real morning at {largest}x (gunicorn 2 workers per app server, everybody "
            "at once, nothing kept)",
            "",
            "| Action | "
            + " | ".join(
                f"n, p50 ms, p95 ms ({morning[r]['servers']} server"
                f"{'s' if morning[r]['servers'] > 1 else ''})"
                for r in runs
            )
            + " |",
            "|---|" + "---:|" * len(runs),
        ]
        for action in ACTIONS:
            cells = []
            for r in runs:
                row = morning[r]["actions"].get(action)
                cells.append(
                    f"{row['requests']}, {row['p50_ms']:.0f}, {row['p95_ms']:.0f}" if row else "–"
                )
            lines.append(f"| {action} | " + " | ".join(cells) + " |")
        for r in runs:
            figures, checks = morning[r], morning[r]["checks"]
            lines.append("")
            lines.append(
                f"- {figures['servers']} app server(s): {figures['people']} people, "
                f"{figures['requests']} requests in {figures['seconds']} s, "
                f"{figures['errors']} errors; {checks['decisions']} decisions for "
                f"{checks['decisions_expected']} expected, each once: "
                f"{'yes' if checks['each_decision_once'] else 'NO'}; "
                f"{checks['requests_approved']} requests approved; "
                f"{checks['downloads_logged']} downloads logged of {checks['downloads_expected']}; "
                f"saves kept: {'yes' if checks['ok'] else 'NO'}."
            )
    audited = results.get("lighthouse")
    if audited:
        lines += [
            "",
            "### Lighthouse (mobile, default throttling)",
            "",
            "| Page | Performance | Accessibility | Best practices | kB (HTML+CSS+JS+fonts) "
            "| FCP ms | LCP ms | TBT ms | Not passed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, figures in audited.items():
            sc, m = figures["scores"], figures["metrics_ms"]
            lines.append(
                f"| {name} | {sc['performance']} | {sc['accessibility']} | "
                f"{sc['best-practices']} | {figures['transfer_bytes'] / 1000:.1f} | "
                f"{m.get('first-contentful-paint', '–')} | "
                f"{m.get('largest-contentful-paint', '–')} | {m.get('total-blocking-time', '–')} | "
                f"{', '.join(figures['not_passed']) or '–'} |"
            )
    operations = list(
        dict.fromkeys(name for row in scales.values() for name in row.get("operations", {}))
    )
    if operations:
        lines += [
            "",
            "### Timed operations (in-process, median)",
            "",
            "| Operation | " + " | ".join(f"ms {k}x" for k in keys) + " | Target |",
            "|---|" + "---:|" * (len(keys) + 1),
        ]
        for name in operations:
            # An operation limited to some scales has no figure at the others.
            figures = [scales[k].get("operations", {}).get(name) for k in keys]
            first = next(f for f in figures if f)
            target = first.get("target_ms")
            at = first.get("target_scale")
            target_text = f"<= {target:.0f} ms" + (f" at {at}x" if at else "") if target else ""
            times = " | ".join(f"{f['median_ms']:.1f}" if f else "–" for f in figures)
            lines.append(f"| {name} | {times} | {target_text} |")
    lines += ["", "### Data and generation time", "", "| Scale | Rows | Generated in s |"]
    lines.append("|---:|---:|---:|")
    for k in keys:
        lines.append(f"| {k}x | {sum(scales[k]['rows'].values())} | {scales[k]['generate_s']} |")
    misses = results.get("misses", [])
    lines += ["", "### Targets of issue 17", ""]
    lines += [f"- MISS: {miss}" for miss in misses] or ["- Every target measured was met."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,100", type=lambda v: [int(s) for s in v.split(",")]
    )
    parser.add_argument("--runs", type=int, default=10, help="in-process runs per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--duration", type=float, default=4.0, help="load seconds per page (as long for the floor)"
    )
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument(
        "--load-every-scale", action="store_true", help="the load test at every scale"
    )
    parser.add_argument("--no-morning", action="store_true", help="skip the real morning")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--keep", action="store_true", help="keep the bench_<N>x databases")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--out", default=str(BENCH_DIR / "results.json"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(args)
    results["misses"] = check_targets(results)
    results["total_s"] = round(time.perf_counter() - started, 1)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print()
    print(markdown(results))
    print(f"\nResults in {args.out} ({results['total_s']} s in all).")
    return 1 if args.strict and results["misses"] else 0


if __name__ == "__main__":
    sys.exit(main())
