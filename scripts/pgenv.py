"""Shared by backup.py and restore.py: libpq settings from DATABASE_URL, and the binaries.

Credentials go to pg_dump/pg_restore through the environment (PGPASSWORD, ...),
never on the command line where other users could read them in the process list.
"""

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def fail(message: str, code: int = 2):
    print(message, file=sys.stderr)
    sys.exit(code)


def database_env(url: str) -> dict:
    """os.environ plus PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE from a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        fail(
            "DATABASE_URL måste vara en PostgreSQL-adress (postgres://användare:lösenord@värd:5432/"
            f"databas), inte '{parts.scheme}'. Den inbäddade SQLite-demon säkerhetskopieras inte."
        )
    options = dict(parse_qsl(parts.query))
    values = {
        "PGHOST": options.pop("host", unquote(parts.hostname or "")),
        "PGPORT": str(parts.port or ""),
        "PGUSER": unquote(parts.username or ""),
        "PGPASSWORD": unquote(parts.password or ""),
        "PGDATABASE": unquote(parts.path[1:]),
    }
    if "sslmode" in options:
        values["PGSSLMODE"] = options["sslmode"]
    env = dict(os.environ)
    env.update({key: value for key, value in values.items() if value})
    if not values["PGDATABASE"]:
        fail("DATABASE_URL saknar databasnamn (…/namn).")
    return env


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        fail(
            "DATABASE_URL är inte satt. Ange databasen, t.ex.\n"
            "  DATABASE_URL=postgres://ku:lösenord@localhost:5432/kommunalutveckling make backup"
        )
    return url


def binary(name: str) -> str:
    """pg_dump/pg_restore: from PG_BIN_DIR if set (matching the server), else from PATH."""
    directory = os.environ.get("PG_BIN_DIR")
    if directory and os.access(os.path.join(directory, name), os.X_OK):
        return os.path.join(directory, name)
    found = shutil.which(name)
    if not found:
        fail(
            f"{name} saknas. Installera PostgreSQL-klienten "
            "(Debian: apt-get install postgresql-client)."
        )
    return found


def media_root() -> Path:
    """The same default as the settings: MEDIA_ROOT, else var/media."""
    return Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")


def media_archive_for(dump: Path) -> Path:
    return dump.with_name(dump.stem + "-media.tar.gz")
