"""Latency and throughput under load: gunicorn (2 workers) on loopback and a bounded load.

    DATABASE_URL=postgres://... python bench/load.py [--concurrency 8] [--duration 5]

Starts gunicorn with production settings (DEBUG off, a throwaway SECRET_KEY,
plain HTTP on 127.0.0.1), logs each page's user in by posting the login form,
then for every page in bench/pages.py keeps `concurrency` client threads busy
(http.client, one request after the other) for `duration` seconds after a short
warm-up, in one-second slices that alternate with the floor (the signed-in page
with the menu and no data; /healthz is measured like a page, for reference), so
page and floor see the same machine. Reports p50, p95, requests per second and each
page's p95 as a ratio to the floor's p95 measured next to it. Loopback only; the
load stops by itself and gunicorn is stopped at the end, also on errors.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402
from bench.measure import percentile  # noqa: E402

HOST = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoadFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(secret_key: str) -> dict:
    """Production settings, except plain HTTP on loopback (no TLS proxy in front)."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        # Pages are measured, not static files: skip collectstatic's manifest.
        STATIC_MANIFEST="0",
    )
    env.pop("SECRET_KEY_FILE", None)
    return env


class Gunicorn:
    """gunicorn serving kommunalutveckling.wsgi on loopback, stopped on exit."""

    def __init__(
        self,
        *,
        workers: int = 2,
        port: int | None = None,
        secret_key: str | None = None,
        static_manifest: bool = False,
    ):
        self.static_manifest = static_manifest
        self.workers = workers
        # App servers behind one address share the SECRET_KEY (sessions are signed with it).
        self.secret_key = secret_key or secrets.token_urlsafe(50)
        self.port = port or free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kommunalutveckling.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=_django.REPO_ROOT,
            env={
                **server_env(self.secret_key),
                # Lighthouse measures static files too: collected, hashed and compressed.
                "STATIC_MANIFEST": "1" if self.static_manifest else "0",
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadFailed(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise LoadFailed(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def request(port, method, path, *, headers=None, body=None, timeout=30):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        content = response.read()
        return response.status, response.headers, content
    finally:
        conn.close()


def _cookies(headers, jar: dict) -> dict:
    for header in headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value
    return jar


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form like a browser; returns the Cookie header to send."""
    from django.urls import reverse

    path = reverse("login")
    status, headers, content = request(port, "GET", path)
    match = CSRF_FIELD.search(content.decode("utf-8", errors="replace"))
    if status != 200 or not match:
        raise LoadFailed(f"login page answered {status} without a CSRF token")
    jar = _cookies(headers, {})
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    )
    status, headers, _ = request(
        port,
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        },
    )
    _cookies(headers, jar)
    if status != 302 or "sessionid" not in jar:
        raise LoadFailed(f"logging in as {username} answered {status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _hammer(port, path, *, cookie, expected_status, concurrency, duration):
    """`concurrency` threads send GET `path` back to back for `duration` seconds.

    Returns (latencies in ms of the expected answers, number of other answers, seconds).
    """
    deadline = time.monotonic() + duration
    latencies = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    headers = {"Cookie": cookie} if cookie else {}

    def client(number):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == expected_status
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            if ok:
                latencies[number].append((time.perf_counter() - started) * 1000)
            else:
                errors[number] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.monotonic() - started
    return [value for per_thread in latencies for value in per_thread], sum(errors), elapsed


def summarize(path, latencies, errors, elapsed) -> dict:
    if not latencies:
        raise LoadFailed(f"{path}: no successful request ({errors} errors)")
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "rps": round(len(latencies) / elapsed, 1),
    }


def hammer(port, path, **options) -> dict:
    """Load one URL for `duration` seconds; p50, p95, requests per second."""
    return summarize(path, *_hammer(port, path, **options))


def paired(port, page_target, floor_target, *, concurrency, duration, slice_s=1.0):
    """Load the page and the floor in alternating slices of `slice_s` seconds.

    The machine's other work (CPU shared with other processes) drifts over a run;
    interleaving gives page and floor the same conditions, so their ratio holds
    even when the absolute figures move. Returns (page figures, floor figures).
    """
    slices = max(1, round(duration / slice_s))
    pooled = {"page": [[], 0, 0.0], "floor": [[], 0, 0.0]}
    for _ in range(slices):
        for key, (path, options) in (("floor", floor_target), ("page", page_target)):
            latencies, errors, elapsed = _hammer(
                port, path, concurrency=concurrency, duration=duration / slices, **options
            )
            pooled[key][0] += latencies
            pooled[key][1] += errors
            pooled[key][2] += elapsed
    page_path, floor_path = page_target[0], floor_target[0]
    return summarize(page_path, *pooled["page"]), summarize(floor_path, *pooled["floor"])


def run_load(*, concurrency: int = 8, duration: float = 5.0, warmup: float = 0.5) -> dict:
    """Every page under load, each interleaved with the floor; see `paired`."""
    from django.conf import settings

    from bench.pages import FLOOR, HEALTHZ, PAGES

    results = {}
    with Gunicorn() as server:
        sessions = {}
        for page in [FLOOR, *PAGES]:
            if page.user and page.user not in sessions:
                sessions[page.user] = login(server.port, page.user, settings.DEMO_PASSWORD)

        def target(page):
            options = {"cookie": sessions.get(page.user), "expected_status": page.expected_status}
            return page.url(), options

        floor = target(FLOOR)
        floor_rows = []
        hammer(server.port, floor[0], concurrency=concurrency, duration=warmup, **floor[1])
        for page in [HEALTHZ, *PAGES]:
            url, options = target(page)
            hammer(server.port, url, concurrency=concurrency, duration=warmup, **options)
            figures, floor_figures = paired(
                server.port, (url, options), floor, concurrency=concurrency, duration=duration
            )
            figures.update(
                url=url,
                user=page.user,
                concurrency=concurrency,
                duration_s=duration,
                floor_p95_ms=floor_figures["p95_ms"],
                p95_ratio_to_floor=round(figures["p95_ms"] / floor_figures["p95_ms"], 2),
            )
            results[page.name] = figures
            floor_rows.append(floor_figures)
        # The floor's own row: the median of its figures next to each page.
        results = {
            FLOOR.name: {
                "requests": sum(f["requests"] for f in floor_rows),
                "errors": sum(f["errors"] for f in floor_rows),
                "p50_ms": round(statistics.median(f["p50_ms"] for f in floor_rows), 2),
                "p95_ms": round(statistics.median(f["p95_ms"] for f in floor_rows), 2),
                "rps": round(statistics.median(f["rps"] for f in floor_rows), 1),
                "url": floor[0],
                "user": FLOOR.user,
                "concurrency": concurrency,
                "duration_s": duration,
                "p95_ratio_to_floor": 1.0,
            },
            **results,
        }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds per page (and as long for the floor)"
    )
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds per page, not counted")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    _django.setup()
    try:
        results = run_load(concurrency=args.concurrency, duration=args.duration, warmup=args.warmup)
    except LoadFailed as error:
        print(f"Load test failed: {error}", file=sys.stderr)
        return 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name, row in results.items():
        print(
            f"{name:<20} p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms  "
            f"{row['rps']:>7.1f} req/s  p95/floor {row['p95_ratio_to_floor']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
