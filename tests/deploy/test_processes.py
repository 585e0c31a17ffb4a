"""Issue 16 item 4: the production processes of docker-compose.yml, started here directly
(there is no Docker on this machine): migrations on an empty database, collectstatic,
gunicorn with deploy/gunicorn.conf.py serving /healthz, a page and a static file, the
scheduler running one round (the backup job writes a dump that pg_restore reads), `jobs
status`, and, when Caddy is installed, deploy/Caddyfile terminating TLS in front of it."""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.security.test_backup_restore import url_for

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@pytest.fixture
def empty_database(transactional_db):
    name = f"ku_stack_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(empty_database, tmp_path) -> dict:
    """The environment of the app and scheduler containers, as deploy/env.example has it."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SENTRY_", "EMAIL_", "DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    environment.update(
        DATABASE_URL=url_for(empty_database),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SITE_URL="https://localhost",
        STATIC_ROOT=str(tmp_path / "static"),
        BACKUP_DIR=str(tmp_path / "backups"),
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),  # nothing is pending, so nothing is sent
        LOG_LEVEL="INFO",
        GUNICORN_WORKERS="2",
        AXES_ENABLED="1",
    )
    return environment


def manage(*args, env, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def get(port, path, *, headers=None, https_context=None, host="127.0.0.1"):
    if https_context is None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
    else:
        conn = http.client.HTTPSConnection(host, port, timeout=30, context=https_context)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        # Header names in lower case: Caddy (Go) sends X-Request-Id for X-Request-ID.
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        conn.close()


# As Caddy forwards a request: the original host, and that it came over HTTPS.
PROXIED = {"Host": "localhost", "X-Forwarded-Proto": "https"}


class Process:
    def __init__(self, argv, *, env, log: Path):
        self.log = log
        self.handle = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            argv, cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT
        )

    def wait_for(self, check, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{what}: exited\n{self.tail()}")
            try:
                if check():
                    return
            except (OSError, http.client.HTTPException, ssl.SSLError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"{what}: not ready in {timeout} s\n{self.tail()}")

    def tail(self) -> str:
        self.handle.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.handle.close()


def test_the_production_processes_start_and_serve(production_env, tmp_path):
    env = production_env

    migrated = manage("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "Applying notifications.0001_initial... OK" in migrated.stdout
    collected = manage("collectstatic", "--no-input", env=env)
    assert collected.returncode == 0, collected.stderr
    deploy_check = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy_check.returncode == 0, deploy_check.stdout + deploy_check.stderr

    port = free_port()
    gunicorn = Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kommunalutveckling.wsgi",
            "-c",
            "deploy/gunicorn.conf.py",
        ],
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
        log=tmp_path / "gunicorn.log",
    )
    try:
        gunicorn.wait_for(lambda: get(port, "/healthz", headers=PROXIED)[0] == 200, "gunicorn")
        status, headers, body = get(port, "/healthz", headers=PROXIED)
        assert (status, body) == (200, b"ok")

        # A page, in Swedish, with the production headers and a request id.
        status, headers, body = get(port, "/konto/logga-in/", headers=PROXIED)
        page = body.decode()
        assert status == 200 and "Logga in" in page
        assert headers["strict-transport-security"].startswith("max-age=31536000")
        assert len(headers["x-request-id"]) == 32
        # Static files: hashed name, compressed, cached for a long time (WhiteNoise).
        css = page.split('href="/static/css/app.')[1].split('"')[0]
        status, headers, body = get(
            port, f"/static/css/app.{css}", headers={**PROXIED, "Accept-Encoding": "gzip"}
        )
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert "immutable" in headers["cache-control"]
        # Plain HTTP without the proxy's header is sent to HTTPS.
        assert get(port, "/konto/logga-in/", headers={"Host": "localhost"})[0] == 301

        # The scheduler: one round runs every job, each logged; the backup writes a dump.
        scheduled = manage("run_scheduler", "--once", env=env)
        assert scheduled.returncode == 0, scheduled.stderr
        for job in ("deliver_notifications", "send_reminders", "clearsessions", "backup"):
            assert f"{job}: lyckades" in scheduled.stdout, scheduled.stdout + scheduled.stderr
        (dump,) = Path(env["BACKUP_DIR"]).glob("ku-*.dump")
        listed = subprocess.run(  # noqa: S603 - the server's own pg_restore
            [pg_binary("pg_restore"), "--list", str(dump)], capture_output=True, text=True
        )
        assert listed.returncode == 0 and "notifications_notification" in listed.stdout
        # The scheduler logs JSON lines with the job's name.
        job_lines = [json.loads(line) for line in scheduled.stderr.splitlines() if line]
        assert any(line.get("job") == "backup" for line in job_lines)

        status_run = manage("jobs", "status", env=env)
        assert status_run.returncode == 0, status_run.stdout + status_run.stderr
        assert status_run.stdout.count(", lyckades") == 4
        assert get(port, "/healthz", headers=PROXIED)[:3:2] == (200, b"ok")

        # The scheduler as the container runs it: a loop that SIGTERM (docker stop) ends.
        loop = Process(
            [sys.executable, "manage.py", "run_scheduler"],
            env={**env, "PYTHONUNBUFFERED": "1"},
            log=tmp_path / "scheduler.log",
        )
        loop.wait_for(lambda: "Schemaläggaren startad." in loop.tail(), "scheduler")
        time.sleep(2)
        loop.process.send_signal(signal.SIGTERM)
        assert loop.process.wait(timeout=30) == 0
        assert "Schemaläggaren stoppad." in loop.tail()
        loop.stop()

        # The app's log: one JSON line per request, with its id, and no personal data.
        lines = [json.loads(line) for line in gunicorn.tail().splitlines() if line.startswith("{")]
        assert any(line.get("view") == "login" and line["status"] == 200 for line in lines)

        if shutil.which("caddy"):
            behind_caddy(port, tmp_path)
    finally:
        gunicorn.stop()


def pg_binary(name: str) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from pgenv import binary
    finally:
        sys.path.pop(0)
    return binary(name)


def behind_caddy(app_port: int, tmp_path: Path) -> None:
    """deploy/Caddyfile as the stack runs it: TLS (Caddy's own CA for localhost instead of
    Let's Encrypt), HTTP sent to HTTPS, the app reached through the proxy."""
    https_port, http_port = free_port(), free_port()
    env = dict(
        os.environ,
        SITE_DOMAIN="localhost",
        ACME_EMAIL="it@example.invalid",
        HTTPS_PORT=str(https_port),
        HTTP_PORT=str(http_port),
        CADDY_ADMIN=f"{HOST}:{free_port()}",
        APP_UPSTREAM=f"{HOST}:{app_port}",
        XDG_DATA_HOME=str(tmp_path / "caddy-data"),
        XDG_CONFIG_HOME=str(tmp_path / "caddy-config"),
        HOME=str(tmp_path),
    )
    caddy = Process(
        [shutil.which("caddy"), "run", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
        env=env,
        log=tmp_path / "caddy.log",
    )
    try:
        root = tmp_path / "caddy-data/caddy/pki/authorities/local/root.crt"
        context = None

        def ready():
            nonlocal context
            if not root.exists():
                return False
            context = ssl.create_default_context(cafile=str(root))
            return get(https_port, "/healthz", https_context=context, host="localhost")[0] == 200

        caddy.wait_for(ready, "caddy")
        status, headers, body = get(
            https_port, "/konto/logga-in/", https_context=context, host="localhost"
        )
        assert status == 200 and "Logga in" in body.decode()
        # Caddy's request id reaches the app and comes back.
        assert len(headers["x-request-id"]) == 36
        assert headers["strict-transport-security"].startswith("max-age=31536000")
        status, headers, _body = get(http_port, "/konto/logga-in/", host="localhost")
        assert status == 308 and headers["location"].startswith("https://localhost")
    finally:
        caddy.stop()
