"""Settings, all read from the environment with safe production defaults.

DEBUG is off unless asked for. A secret may also come from `<NAME>_FILE`
(a path to a file holding it), as Docker and systemd secrets provide.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Parse postgres://user:pass@host:port/name?opt=v (or sqlite:///path)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parts.path[1:] or ":memory:"}
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"Unsupported DATABASE_URL scheme: {parts.scheme}")
    options = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "")
    # A unix socket directory may be given as ?host=/path
    host = options.pop("host", host)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path[1:]),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        # Issue 17: a form's list of choices (ModelChoiceField) is read with .iterator(),
        # which on PostgreSQL otherwise opens a server-side cursor: DECLARE, FETCH, FETCH
        # and CLOSE, four round trips for a list of 13 rows. Also safe behind a pooler.
        "DISABLE_SERVER_SIDE_CURSORS": True,
        "OPTIONS": options,
    }


def demo_secret_key(path: Path) -> str:
    """The demo's own random key, made once into `var/` (never committed), owner-only."""
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        path.unlink()  # left empty by an interrupted first start
    path.parent.mkdir(exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of the demo made it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(key)
    return key


DEBUG = env_bool("DEBUG", False)

# The local demo (`make run`): DEBUG off as in production, so people see the
# Swedish error pages, but over plain HTTP on this machine only: cookies without
# the secure flag, no HTTPS redirect or HSTS, loopback host names, mail to the
# console. `check --deploy` refuses it (core/checks.py). Off unless asked for.
DEMO = env_bool("DEMO", False)
LOCAL_HTTP = DEBUG or DEMO

# Without SECRET_KEY the app still answers management commands (checks,
# migrations); wsgi.py refuses to serve in production without one.
SECRET_KEY_FROM_ENV = bool(env("SECRET_KEY"))
if SECRET_KEY_FROM_ENV:
    SECRET_KEY = env("SECRET_KEY")
elif DEMO:
    SECRET_KEY = demo_secret_key(BASE_DIR / "var" / "demo-secret-key")
else:
    # Checks and migrations only: wsgi.py and `check --deploy` refuse to serve with it.
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

LOOPBACK_HOSTS = "localhost,127.0.0.1,[::1]"
if DEMO:
    ALLOWED_HOSTS = LOOPBACK_HOSTS.split(",")  # the demo answers this machine only
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOOPBACK_HOSTS if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin site lets in an office seat on the day (R31), see adminsite.py.
    "kommunalutveckling.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "csp",
    "core",
    "accounts",
    # Mail to people: one row per (recipient, kind, key), digests by their choice.
    "notifications",
    "partnerships",
    "meetings",
    "matters",
    "plans",
    "projects",
    "finance",
    "reporting",
    # The top layer: main menu, start page and commands that span the apps before it.
    "kommunalutveckling",
]

MIDDLEWARE = [
    # First: every request gets its id (logs, X-Request-ID) and one log line (core/logs.py).
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kommunalutveckling.urls"
WSGI_APPLICATION = "kommunalutveckling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # Embedded database for `make run` only; tests and production use PostgreSQL.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "demo.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's embedded database cannot defer the agenda's order constraint; PostgreSQL,
    # the database of record, keeps it, and the services keep the order either way.
    SILENCED_SYSTEM_CHECKS = ["models.W038"]

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Checked bytes of published report versions, which never change (reporting.services).
    "published_pdfs": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "published_pdfs",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env_int("PDF_CACHE_ENTRIES", 16)},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object and admin permissions from memberships on the day (R30, R31).
    "partnerships.permissions.MembershipBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Sign-in with the organisations' accounts (OpenID Connect, docs/sso.md). The providers
# themselves are rows kansliet keeps in the admin; these are the rules around them.
# Whom a person whose account is not linked yet should contact (shown on that page).
SSO_CONTACT = env("SSO_CONTACT")
# Seconds a started sign-in may take before its answer is refused.
OIDC_FLOW_MAX_AGE = env_int("OIDC_FLOW_MAX_AGE", 600)
# Providers must use HTTPS; plain HTTP on this machine's loopback only for the demo and tests.
OIDC_ALLOW_LOOPBACK_HTTP = env_bool("OIDC_ALLOW_LOOPBACK_HTTP", LOCAL_HTTP)

# Login lockout (django-axes): 5 failures per user name and address lock for 30 min.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not LOCAL_HTTP and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Static files come through WhiteNoise, also with DEBUG off; the demo serves them
# straight from the apps' static folders, without `collectstatic`.
WHITENOISE_USE_FINDERS = DEMO
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if LOCAL_HTTP
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kommunal utveckling <noreply@localhost>")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The hour (Europe/Stockholm) from which the daily and weekly (Monday) summaries go out.
NOTIFICATION_DIGEST_HOUR = env_int("NOTIFICATION_DIGEST_HOUR", 7)
# The nightly backup job (`manage.py backup`): where the dumps go and how long they stay.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 14)
# Largest attachment accepted (core/attachments.py); the bytes are kept in the database.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)

# Security. HTTPS settings default on outside DEBUG and the demo; the reverse
# proxy sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL_HTTP)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not LOCAL_HTTP)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not LOCAL_HTTP)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL_HTTP else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not LOCAL_HTTP)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs: JSON lines on stderr (request id, user id, no personal data; core/logs.py), or
# plain text for the demo and development. One line per request from "ku.requests".
LOG_LEVEL = env("LOG_LEVEL", "WARNING")
LOG_FORMAT = env("LOG_FORMAT", "text" if LOCAL_HTTP else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] "
            "%(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Its own handler: the request lines stay out of the root logger's other handlers.
        "ku.requests": {
            "handlers": ["console"],
            "level": env("ACCESS_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "core.jobs": {"level": "INFO"},
        "notifications": {"level": "INFO"},
    },
}

# Error reports to Sentry: off unless SENTRY_DSN is set (sentry-sdk is then required).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from core.errorreports import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Demo logins are created only by `seed_demo`.
DEMO_PASSWORD = env("DEMO_PASSWORD", "demo")

# Reports: published PDFs live in the database (bytes + SHA-256), so app
# servers stay stateless.
# Fonts embedded in published PDFs (reports, minutes, plans): a folder with the DejaVu
# TTF files; empty = ask fontconfig (fc-match). PDF variant of new documents
# (core/documents.py): "pdf/a-3a" (default, tagged) or empty for plain PDF;
# REPORT_PDF_VARIANT is the setting's earlier name.
REPORT_FONT_DIR = env("REPORT_FONT_DIR")
DOCUMENT_PDF_VARIANT = env("DOCUMENT_PDF_VARIANT", env("REPORT_PDF_VARIANT", "pdf/a-3a"))
