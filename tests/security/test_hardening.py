"""Hardening: login lockout, password rules, secure cookies, HSTS, CSP, framing, CSRF, deploy."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "correct horse battery"


def production_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECRET_KEY_FILE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests only
        }
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="ku.example.se",
        DJANGO_SETTINGS_MODULE="kommunalutveckling.settings",
    )
    env.update(extra)
    return env


def login(client, username, password=PASSWORD, ip="10.1.1.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- Login lockout (django-axes) -------------------------------------------


def test_five_failed_logins_lock_the_account_from_that_address_with_a_swedish_page(client):
    UserFactory(username="kansli")
    for _ in range(4):
        assert login(client, "kansli", "fel").status_code == 200
    locked = login(client, "kansli", "fel")
    assert locked.status_code == 429
    # Now even the right password is refused, with the Swedish lockout page.
    response = login(client, "kansli")
    assert response.status_code == 429
    text = response.content.decode()
    assert "För många misslyckade inloggningar" in text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client):
    UserFactory(username="kansli")
    UserFactory(username="socialchef-0604")
    for _ in range(5):
        login(client, "kansli", "fel")
    assert login(client, "kansli").status_code == 429
    # The same person from another address, and another person from the same address.
    assert login(Client(), "kansli", ip="10.2.2.2").status_code == 302
    assert login(Client(), "socialchef-0604").status_code == 302


def test_a_successful_login_resets_the_failure_count(client):
    UserFactory(username="kansli")
    for _ in range(4):
        login(client, "kansli", "fel")
    assert login(client, "kansli").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "kansli", "fel").status_code == 200
    assert login(client, "kansli").status_code == 302


def test_failed_login_says_so_in_swedish_without_telling_which_part_was_wrong(client):
    UserFactory(username="kansli")
    text = login(client, "kansli", "fel").content.decode()
    message = "Ange ett korrekt användarnamn och lösenord"
    assert message in text
    # An unknown user name gets exactly the same answer (no user enumeration).
    assert message in login(client, "finns-inte", "fel").content.decode()


# --- Password validators ----------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort-42", "för kort"),
        ("12345678901234", "enbart numeriskt"),
        ("password1234", "för vanligt"),
        ("socialchef-0604", "för likt"),
    ],
)
def test_weak_passwords_are_refused_with_swedish_reasons(password, reason):
    user = UserFactory(username="socialchef-0604")
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(reason in message for message in refused.value.messages), refused.value.messages


def test_a_long_uncommon_password_is_accepted():
    validate_password("Lång och ovanlig fras om Vätterns vågor", UserFactory())


def test_password_change_form_refuses_a_weak_password_and_keeps_the_old_one(client):
    user = UserFactory(username="kansli")
    client.force_login(user)
    before = user.password
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "för kort" in response.content.decode()
    user.refresh_from_db()
    assert user.password == before


# --- Headers and cookies with production settings ---------------------------

PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION)
def test_plain_http_is_redirected_to_https(client):
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@override_settings(**PRODUCTION)
def test_security_headers_on_every_response(client):
    UserFactory(username="kansli")
    for response in (
        client.get(reverse("login"), secure=True),
        client.get(reverse("start"), secure=True),  # a redirect
        client.get("/finns-inte/", secure=True),  # a 404
    ):
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"


@override_settings(**PRODUCTION)
def test_session_and_csrf_cookies_are_secure_and_http_only(client):
    UserFactory(username="kansli")
    client.get(reverse("login"), secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"), {"username": "kansli", "password": PASSWORD}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick= and friends
]


def test_pages_have_no_inline_script_or_style_the_csp_would_block(client, org):
    anonymous = Client()
    pages = [(anonymous, reverse("login")), (anonymous, reverse("password_reset"))]
    client.force_login(org.staff)
    pages += [
        (client, url)
        for url in [
            reverse("start"),
            reverse("profile"),
            reverse("password_change"),
            reverse("partnership_detail", args=[org.partnership.slug]),
            reverse("core:history", args=["partnerships", "municipality", org.aneby.pk]),
        ]
    ]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(html), f"{url}: inline code {pattern.pattern}"


# --- CSRF ----------------------------------------------------------------------


def test_csrf_is_enforced_on_login_and_works_with_the_token():
    UserFactory(username="kansli")
    client = Client(enforce_csrf_checks=True)
    refused = login(client, "kansli")
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("login"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("login"),
        {"username": "kansli", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_csrf_failure_page_is_not_a_debug_page():
    response = Client(enforce_csrf_checks=True).post(reverse("logout"))
    assert response.status_code == 403
    assert b"Traceback" not in response.content


# --- Production settings and check --deploy -------------------------------------


def run_manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_environment_prints_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_fails_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "core.E001" in result.stderr


def test_production_defaults_are_safe_without_any_security_variables():
    code = (
        "import json; from django.conf import settings as s; import django; django.setup();"
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG','SECURE_SSL_REDIRECT','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'X_FRAME_OPTIONS','SECURE_CONTENT_TYPE_NOSNIFF','AXES_FAILURE_LIMIT','AXES_ENABLED',"
        "'ALLOWED_HOSTS')}))"
    )
    env = production_env()
    del env["ALLOWED_HOSTS"]
    result = subprocess.run(  # noqa: S603 - fixed code
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_ENABLED": True,
        "ALLOWED_HOSTS": [],
    }
