"""The optional error reporter (Sentry), off unless SENTRY_DSN is set (issue 16 item 6).

sentry-sdk is not a dependency: it is imported only when a DSN is configured, and then
its absence stops the start with a clear message. Nothing personal is sent: no default
PII, no request body, cookies or query string, and of the user only the id.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

KEPT_HEADERS = {"user-agent", "x-request-id", "content-type", "content-length"}


def scrub(event: dict, hint=None) -> dict:
    """Remove what could identify a person beyond their id."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float = 0.0) -> None:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install sentry-sdk, "
            "or leave SENTRY_DSN empty."
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
    )
