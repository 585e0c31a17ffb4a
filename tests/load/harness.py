"""Loopback load harness: gunicorn against the test database and browser-like clients.

Used by test_load_and_faults.py. Clients speak plain HTTP/1.1 to 127.0.0.1 with
http.client (one connection per request, as gunicorn's sync workers close them),
keep their cookies, read CSRF tokens and form fields from the served HTML and
record every request (start, end, status) so the test can count errors and p95.
"""

import html
import http.client
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """postgres:// URL for the database Django is connected to (the pytest test database)."""
    quote = urllib.parse.quote
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    options = {k: str(v) for k, v in (settings_dict.get("OPTIONS") or {}).items()}
    if host.startswith("/"):  # a unix socket directory
        options["host"] = host
        host = ""
    port = settings_dict.get("PORT") or ""
    netloc = f"{credentials}{host}{':' + str(port) if port else ''}"
    query = f"?{urllib.parse.urlencode(options)}" if options else ""
    return f"postgres://{netloc}/{quote(settings_dict['NAME'], safe='')}{query}"


class Gunicorn:
    """gunicorn (sync workers) serving kommunalutveckling.wsgi on loopback."""

    def __init__(self, *, database_url: str, secret_key: str, workers: int = 2):
        self.port = free_port()
        self.workers = workers
        self.env = dict(os.environ)
        self.env.pop("SECRET_KEY_FILE", None)
        self.env.update(
            DATABASE_URL=database_url,
            DEBUG="0",
            SECRET_KEY=secret_key,
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            SECURE_HSTS_SECONDS="0",
            STATIC_MANIFEST="0",
            AXES_ENABLED="0",
            # No mail server on loopback; nothing under test sends mail, but never try.
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            LOG_LEVEL="WARNING",
        )
        self.log = tempfile.NamedTemporaryFile(prefix="load-gunicorn-", suffix=".log")
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kommunalutveckling.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                status, _, _ = raw_request(self.port, "GET", "/healthz", timeout=5)
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def close(self) -> None:
        self.stop()
        self.log.close()

    def worker_pids(self) -> list[int]:
        """The master's child processes (its workers), from /proc."""
        pids = []
        task_dir = Path(f"/proc/{self.process.pid}/task")
        try:
            for task in task_dir.iterdir():
                children = (task / "children").read_text().split()
                pids += [int(pid) for pid in children]
        except OSError:
            return []
        return sorted(pids)

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def raw_request(port, method, path, *, headers=None, body=None, timeout=30):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@dataclass
class Sample:
    started: float
    ended: float
    method: str
    path: str
    status: int | None  # None: the connection failed or was dropped


class Recorder:
    """Every request of every client, thread-safe."""

    def __init__(self):
        self.samples: list[Sample] = []
        self.lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Dropped(Exception):
    """No answer (connection refused or reset, e.g. a killed worker)."""


class ServerError(Exception):
    """An answer with status >= 500."""


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One user's browser: a cookie jar and the requests it sends."""

    def __init__(self, port: int, recorder: Recorder, cookies: dict | None = None):
        self.port = port
        self.recorder = recorder
        self.cookies = dict(cookies or {})

    def _send(self, method: str, path: str, fields: dict | None = None) -> Response:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        started = time.monotonic()
        try:
            status, response_headers, content = raw_request(
                self.port, method, path, headers=headers, body=body
            )
        except (OSError, http.client.HTTPException) as error:
            self.recorder.add(Sample(started, time.monotonic(), method, path, None))
            raise Dropped(f"{method} {path}: {error!r}") from error
        self.recorder.add(Sample(started, time.monotonic(), method, path, status))
        for header in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if status >= 500:
            raise ServerError(f"{method} {path} answered {status}")
        return Response(
            status, response_headers.get("Location", ""), content.decode("utf-8", "replace")
        )

    def get(self, path: str) -> Response:
        return self._send("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        return self._send("POST", path, fields)


class FormReader(HTMLParser):
    """The fields of each POST form on a page, as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] | None = None  # the POST form being read
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.fields = {}
            self.forms.append(self.fields)
        if self.fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self.select, self.select_first = name, None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if self.fields is None:
            return
        if tag == "select" and self.select:
            self.fields.setdefault(self.select, self.select_first or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.fields = None

    def handle_data(self, data):
        if self.fields is not None and self.textarea:
            self.fields[self.textarea] += data


def form_fields(page: str, containing: str) -> dict[str, str]:
    """The POST form on the page that has a field named `containing` (pages have several)."""
    reader = FormReader()
    reader.feed(page)
    for fields in reader.forms:
        if containing in fields and "csrfmiddlewaretoken" in fields:
            return fields
    raise AssertionError(f"no POST form with a CSRF token and a field {containing!r}")


def links(page: str) -> set[str]:
    """Every href on the page, unescaped."""

    class Links(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.hrefs: set[str] = set()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if tag == "a" and name == "href" and value:
                    self.hrefs.add(html.unescape(value))

    parser = Links()
    parser.feed(page)
    return parser.hrefs


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
