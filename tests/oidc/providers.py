"""Real OpenID providers on loopback (npm oidc-provider, tests/oidc/server.mjs) for the suite.

`running_providers(...)` starts one Node process serving each named provider on its own
free port of 127.0.0.1 and yields {name: Running}. The packages come from `npm ci` in this
folder (.ci/run and `make test` run it); without them the tests fail with that advice.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "kommunalutveckling"
START_TIMEOUT = 30


@dataclass(frozen=True)
class Running:
    name: str
    issuer: str  # what the provider calls itself
    url: str  # where it answers
    client_id: str
    client_secret: str


def secret_for(name: str) -> str:
    return f"test-secret-{name}-0123456789"


@contextmanager
def running_providers(names, *, redirect_uris, issuer_paths=None):
    """Start the providers `names` (plus `issuer_paths`: {name: path} for providers whose
    issuer is not their address); every one knows the client CLIENT_ID with these
    redirect URIs and its own secret."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            "The test OpenID providers need Node.js and `npm ci --prefix tests/oidc` "
            "(.ci/run and `make test` do it)."
        )
    issuer_paths = issuer_paths or {}
    config = {
        "providers": [
            {
                "name": name,
                "issuer_path": issuer_paths.get(name, ""),
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": secret_for(name),
                        "redirect_uris": list(redirect_uris),
                    }
                ],
            }
            for name in [*names, *issuer_paths]
        ]
    }
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(  # noqa: S603 (node and our own script)
        [node, str(HERE / "server.mjs")],
        cwd=HERE,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    running = {}
    try:
        while True:
            try:
                line = lines.get(timeout=START_TIMEOUT).strip()
            except queue.Empty:
                log.seek(0)
                raise RuntimeError(f"The OpenID providers did not start: {log.read()}") from None
            if line == "READY":
                break
            entry = json.loads(line)
            running[entry["name"]] = Running(
                name=entry["name"],
                issuer=entry["issuer"],
                url=entry["url"],
                client_id=CLIENT_ID,
                client_secret=secret_for(entry["name"]),
            )
        yield running
    finally:
        process.stdin.close()  # the server stops when its stdin ends
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def sign_in_at_provider(authorization_url: str, login: str, *, back_to: str) -> str:
    """Sign in as `login` at the provider's own login and consent pages (plain HTTP, no
    browser), and return the URL it sends the browser back to (starting with `back_to`),
    without following it."""
    session = requests.Session()
    url = authorization_url
    for _step in range(12):
        response = session.get(url, allow_redirects=False, timeout=10)
        while response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(back_to):
                return url
            response = session.get(url, allow_redirects=False, timeout=10)
        response.raise_for_status()
        match = _ACTION.search(response.text)
        assert match, f"no form on the provider's page {url}: {response.text[:500]}"
        action = urljoin(url, match.group(1).replace("&amp;", "&"))
        if 'name="login"' in response.text:
            data = {"prompt": "login", "login": login, "password": "any"}
        else:
            data = {"prompt": "consent"}
        response = session.post(action, data=data, allow_redirects=False, timeout=10)
        assert response.is_redirect, f"the provider refused the form: {response.text[:500]}"
        url = urljoin(action, response.headers["Location"])
        if url.startswith(back_to):
            return url
    raise AssertionError(f"the provider never sent the browser back to {back_to}")


def same_origin(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)
