"""gunicorn in production (docker-compose.yml: `gunicorn -c deploy/gunicorn.conf.py`).

Sync workers behind Caddy, which is the only one that reaches the app on the compose
network and sets X-Forwarded-Proto. gunicorn's own log is JSON lines like the app's
(core/logs.py); the app writes one line per request itself, so gunicorn's access log is
off.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a report PDF renders in seconds
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (memory of WeasyPrint renders)
max_requests_jitter = 200
# Only Caddy reaches the app (the port is not published), so its forwarded headers count.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = None
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
    },
}
