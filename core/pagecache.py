"""Rendered pages kept per person and browser until anything in the database changes.

Every table of the project carries a PostgreSQL trigger that bumps a counter
(`core_datageneration`) in the same statement as the change, so the counter and
the data it stands for are committed, and become visible, together. A page is
kept under the person, the browser's CSRF secret, the full path, the language,
today's date and that counter: the next request for the same page by the same
person is answered from memory, reading the counter (one query, besides the
session and the user) instead of rendering the page. Any write,
by any app server, the admin, a management command or plain SQL, changes the
counter and so retires every kept page at once; nothing has to know which page
shows what. Permissions come from memberships in the database and the date is
in the key, so a page kept for a person is exactly what the view would render
for them again.

Kept: GET answers 200 of views decorated with `@cached_page`, which must only
read. Not kept or served: requests carrying a flash message (it is shown once),
requests without a CSRF cookie yet (the page's forms need the browser's own
token), and everything on databases other than PostgreSQL (the demo's SQLite).
The store is per process (settings.CACHES["pages"]); the counter, read from
the database on every request, keeps stateless app servers consistent. A restore
(scripts/restore.py) gives the counter a new epoch, as its values may repeat.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

CACHE_ALIAS = "pages"
TRIGGER_NAME = "ku_data_generation"
# Tables whose writes do not change what any kept page shows: sessions and login
# attempts change with every login; the admin's own log is shown only there; the
# download log grows with every PDF download and is shown only on the report's
# own page, which is not kept.
UNTRACKED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "core_datageneration",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "reporting_reportdownload",
    }
)

# The counter is spread over 16 rows ("shards"). A transaction claims a shard with a
# transaction-scoped advisory lock that no other open transaction holds (trying each
# shard once, from a random one, without waiting) and keeps it for its later
# statements, so concurrent writers never wait for each other here; only a 17th
# concurrent writer waits for a shard. Rows are made on demand, so a flushed
# table refills itself. The advisory lock space 4242 is this trigger's.
TRIGGER_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION ku_bump_data_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    shard integer := nullif(current_setting('ku.data_generation_shard', true), '')::integer;
    start_at integer := floor(random() * 16)::integer;
BEGIN
    IF shard IS NULL THEN
        FOR i IN 0..15 LOOP
            IF pg_try_advisory_xact_lock(4242, 1 + (start_at + i) % 16) THEN
                shard := 1 + (start_at + i) % 16;
                EXIT;
            END IF;
        END LOOP;
        IF shard IS NULL THEN
            shard := 1 + start_at;
            PERFORM pg_advisory_xact_lock(4242, shard);
        END IF;
        PERFORM set_config('ku.data_generation_shard', shard::text, true);
    END IF;
    INSERT INTO core_datageneration (id, value, epoch) VALUES (shard, 1, gen_random_uuid())
    ON CONFLICT (id) DO UPDATE SET value = core_datageneration.value + 1;
    RETURN NULL;
END
$$;
"""


def tracked_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - UNTRACKED_TABLES)


def install_triggers(using: str = "default") -> int:
    """(Re)create the counter's trigger on every tracked table (PostgreSQL); returns how many."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return 0
    existing = set(conn.introspection.table_names())
    tables = [table for table in tracked_tables() if table in existing]
    with conn.cursor() as cursor:
        cursor.execute(TRIGGER_FUNCTION_SQL)
        for table in tables:
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION ku_bump_data_generation()"
            )
    return len(tables)


def current_generation(request=None) -> str | None:
    """The data generation as a string, read once per request; None where pages are not kept."""
    if not settings.PAGE_CACHE or connection.vendor != "postgresql":
        return None
    if request is not None and hasattr(request, "_ku_data_generation"):
        return request._ku_data_generation
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(value), 0), max(epoch::text) FROM core_datageneration")
        total, epoch = cursor.fetchone()
    generation = f"{total}:{epoch}"
    if request is not None:
        request._ku_data_generation = generation
    return generation


def _carries_message(request) -> bool:
    if CookieStorage.cookie_name in request.COOKIES:
        return True
    return SessionStorage.session_key in request.session


def page_key(request, generation: str) -> str | None:
    """The key a page is kept under, or None when this request must be rendered."""
    user = request.user
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not user.is_authenticated or not csrf_secret or _carries_message(request):
        return None
    parts = (
        request.resolver_match.view_name if request.resolver_match else "",
        request.get_full_path(),
        str(user.pk),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        csrf_secret,
        generation,
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_page(view):
    """Keep the view's rendered page for the person until the data changes (module docstring).

    Put it inside `login_required`. The view must only read: on a hit it does not run.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        generation = current_generation(request)
        key = page_key(request, generation) if generation is not None else None
        if key is None:
            return view(request, *args, **kwargs)
        store = caches[CACHE_ALIAS]
        kept = store.get(key)
        if kept is not None:
            content, headers, uses_csrf = kept
            response = HttpResponse(content, headers=headers)
            if uses_csrf:
                get_token(request)  # as rendering the form did: renews the CSRF cookie
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = dict(response.items())
            uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
            store.set(key, (response.content, headers, uses_csrf))
        return response

    return wrapper
