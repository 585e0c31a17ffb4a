"""Issue 16 item 6: JSON-lines logs with request id and user id, no personal data; the
optional error reporter is off by default."""

import io
import json
import logging
import os
import subprocess
import sys
import types

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse

from core import errorreports
from core.logs import JsonFormatter, RequestContextFilter, RequestIdMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """What the project's JSON handler writes, for the request log and a view's logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger("ku.requests"), logging.getLogger("core.refusals")]
    for logger in loggers:
        logger.addHandler(handler)
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, previous, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_the_project_logs_json_lines_outside_the_demo():
    assert settings.LOG_FORMAT == "json"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.MIDDLEWARE[0] == "core.logs.RequestIdMiddleware"


def test_each_request_gets_an_id_in_the_response_and_one_log_line(client, org, json_log):
    client.force_login(org.socialchef_aneby)
    response = client.get("/konto/profil/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = json_log()
    assert line["logger"] == "ku.requests"
    assert line["request_id"] == request_id
    assert line["user_id"] == org.socialchef_aneby.pk
    assert (line["method"], line["view"], line["status"]) == ("GET", "profile", 200)
    assert line["route"] == "konto/profil/"
    assert isinstance(line["duration_ms"], float)
    # No personal data beyond the id: no name, user name, address or e-mail.
    text = json.dumps(line, ensure_ascii=False)
    person = org.socialchef_aneby
    for value in (person.username, person.email, person.first_name, person.last_name):
        assert value not in text
    assert "127.0.0.1" not in text


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client, json_log):
    kept = client.get("/healthz", headers={"X-Request-ID": "caddy-4f1c2a9e-77"})
    assert kept["X-Request-ID"] == "caddy-4f1c2a9e-77"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x\n{"level": "ERROR"}'})
    assert forged["X-Request-ID"] != "x" and len(forged["X-Request-ID"]) == 32
    first, second = json_log()
    assert first["request_id"] == "caddy-4f1c2a9e-77" and first["user_id"] is None
    assert second["request_id"] == forged["X-Request-ID"]


def test_a_password_reset_link_is_logged_by_its_route_never_its_token(client, json_log):
    client.get("/konto/aterstall/MTIz/hemlig-token-123/")
    (line,) = json_log()
    assert "hemlig-token-123" not in json.dumps(line)
    assert line["view"] == "password_reset_confirm"


def test_a_record_logged_during_the_request_carries_its_id(rf, org, json_log):
    def view(request):
        request._cached_user = org.staff  # as AuthenticationMiddleware leaves it
        logging.getLogger("core.refusals").info("Refused (R15): test")
        return HttpResponse("ok")

    request = rf.get("/")
    response = RequestIdMiddleware(view)(request)
    refusal, access = json_log()
    assert refusal["message"] == "Refused (R15): test"
    assert refusal["request_id"] == access["request_id"] == response["X-Request-ID"]
    assert refusal["user_id"] == access["user_id"] == org.staff.pk
    # Outside a request there is no id.
    logging.getLogger("core.refusals").info("later")
    assert json_log()[-1]["request_id"] is None


def test_an_exception_is_one_json_line_with_its_traceback():
    formatter = JsonFormatter()
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("job",), sys.exc_info()
        )
    RequestContextFilter().filter(record)
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed job" and "ValueError: bad" in entry["exception"]
    assert entry["request_id"] is None and entry["user_id"] is None


def _start_settings(**env) -> subprocess.CompletedProcess:
    code = "import sys, django; django.setup(); print('sentry_sdk' in sys.modules)"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    environment.update(DJANGO_SETTINGS_MODULE="kommunalutveckling.settings", **env)
    return subprocess.run(  # noqa: S603 - our own settings, fixed code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_error_reporter_is_off_and_not_even_imported_by_default():
    assert settings.SENTRY_DSN == ""
    result = _start_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_dsn_without_sentry_sdk_installed_stops_the_start_with_a_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # as if not installed
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk is not installed"):
        errorreports.init_sentry(dsn="https://key@errors.example.invalid/1", environment="test")


def test_a_dsn_starts_sentry_without_personal_data(monkeypatch):
    calls = []
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **options: calls.append(options)
    integrations = types.ModuleType("sentry_sdk.integrations")
    django_integration = types.ModuleType("sentry_sdk.integrations.django")
    django_integration.DjangoIntegration = lambda: "django"
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations", integrations)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations.django", django_integration)
    errorreports.init_sentry(dsn="https://key@errors.example.invalid/1", environment="prod")
    (options,) = calls
    assert options["send_default_pii"] is False
    assert options["integrations"] == ["django"] and options["environment"] == "prod"
    event = options["before_send"](
        {
            "user": {"id": 7, "email": "a@b.se", "username": "anna", "ip_address": "10.0.0.1"},
            "request": {
                "url": "https://ku.example.se/arenden/1/",
                "data": {"comment": "hemligt"},
                "cookies": {"sessionid": "s"},
                "query_string": "q=namn",
                "headers": {"Cookie": "s", "User-Agent": "Firefox", "X-Request-ID": "abc12345"},
            },
        },
        None,
    )
    assert event["user"] == {"id": 7}
    assert event["request"] == {
        "url": "https://ku.example.se/arenden/1/",
        "headers": {"User-Agent": "Firefox", "X-Request-ID": "abc12345"},
    }
