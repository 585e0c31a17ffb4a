"""The phone (issue 17): Lighthouse on the pages marked `lighthouse=True` in bench/pages.py.

    DATABASE_URL=postgres://... python bench/lighthouse.py [--json out.json]

Runs only when `make bench-install` has installed Lighthouse (npm `lighthouse`,
pinned in the Makefile) into bench/node_modules. Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) headless; Lighthouse's defaults for
the rest: a mobile phone's screen and its simulated throttling (slow 4G, 4x
CPU slowdown). The app runs as in production (gunicorn, DEBUG off, static files
collected with hashed names and served by WhiteNoise), plain HTTP on 127.0.0.1.
Each page's user logs in through the login form and Lighthouse sends the session
cookie with every request (extraHeaders). Records the performance,
accessibility and best-practices scores, the bytes transferred by type and the
audits that did not pass.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402
from bench.load import HOST, Gunicorn, LoadFailed, login, server_env  # noqa: E402

LIGHTHOUSE = _django.REPO_ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
# Issue 17's targets.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}
MAX_TRANSFER_BYTES = 100_000
# The page's own bytes: HTML, CSS, JS and fonts (images are counted apart).
COUNTED_TYPES = ("document", "stylesheet", "script", "font")
PAGE_TIMEOUT_S = 180
# Lighthouse sometimes loses the trace of a page load (NO_NAVSTART, NO_FCP) and asks to be
# run again; a page gets this many tries before the step fails.
TRIES = 3


def installed() -> bool:
    return LIGHTHOUSE.exists()


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def collect_static() -> None:
    """Static files as production serves them: hashed names, compressed (collectstatic)."""
    env = {**server_env("collectstatic-only"), "STATIC_MANIFEST": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=_django.REPO_ROOT,
        env=env,
        check=True,
    )


class RuntimeErrorReported(LoadFailed):
    """Lighthouse ran but reported a runtime error of its own (it says: run again)."""


def audit_page(url: str, cookie: str | None) -> dict:
    """Lighthouse on one page, run again when Lighthouse itself reports a runtime error."""
    for attempt in range(1, TRIES + 1):
        try:
            return _audit_once(url, cookie)
        except RuntimeErrorReported as error:
            if attempt == TRIES:
                raise
            print(f"  {error} (try {attempt} of {TRIES}: again)", flush=True)
    raise AssertionError("unreachable")


def _audit_once(url: str, cookie: str | None) -> dict:
    """One Lighthouse run; scores 0-100, transfer sizes, and what did not pass."""
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chrome_path(), "HOME": tmp},
            capture_output=True,
            text=True,
            timeout=PAGE_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0 or not report.exists():
            raise LoadFailed(f"lighthouse {url}: {result.stderr[-1500:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        error = data["runtimeError"]
        raise RuntimeErrorReported(f"lighthouse {url}: {error.get('code')} {error.get('message')}")
    scores = {key: round((data["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
    by_type = {
        item["resourceType"]: item["transferSize"]
        for item in data["audits"]["resource-summary"]["details"]["items"]
    }
    failed = sorted(
        audit_id
        for key in CATEGORIES
        for ref in data["categories"][key]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and (data["audits"][audit_id].get("score") is not None)
        and data["audits"][audit_id]["score"] < 0.9
    )
    metrics = {
        key: round(data["audits"][key]["numericValue"])
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if key in data["audits"]
    }
    return {
        "url": url,
        "scores": scores,
        "transfer_bytes": sum(by_type.get(kind, 0) for kind in COUNTED_TYPES),
        "transfer_by_type": by_type,
        "metrics_ms": metrics,
        "not_passed": failed,
        "lighthouse": data.get("lighthouseVersion"),
    }


def run_lighthouse() -> dict:
    from django.conf import settings

    from bench.pages import PAGES

    pages = [page for page in PAGES if page.lighthouse]
    collect_static()
    results = {}
    with Gunicorn(static_manifest=True) as server:
        sessions = {}
        for page in pages:
            if page.user and page.user not in sessions:
                sessions[page.user] = login(server.port, page.user, settings.DEMO_PASSWORD)
        for page in pages:
            url = f"http://{HOST}:{server.port}{page.url()}"
            results[page.name] = audit_page(url, sessions.get(page.user))
    return results


def misses(results: dict) -> list[str]:
    found = []
    for name, figures in results.items():
        for key, target in TARGETS.items():
            if figures["scores"][key] < target:
                found.append(f"{name}: Lighthouse {key} {figures['scores'][key]} (target {target})")
        if figures["transfer_bytes"] > MAX_TRANSFER_BYTES:
            found.append(
                f"{name}: {figures['transfer_bytes'] / 1000:.0f} kB transferred "
                f"(target <= {MAX_TRANSFER_BYTES / 1000:.0f} kB)"
            )
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    if not installed():
        print("Lighthouse is not installed: run `make bench-install`.", file=sys.stderr)
        return 2
    _django.setup()
    try:
        results = run_lighthouse()
    except LoadFailed as error:
        print(f"Lighthouse failed: {error}", file=sys.stderr)
        return 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name, figures in results.items():
        scores = " ".join(f"{key} {value}" for key, value in figures["scores"].items())
        print(
            f"{name:<12} {scores}  {figures['transfer_bytes'] / 1000:.1f} kB  "
            f"not passed: {', '.join(figures['not_passed']) or '-'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
