"""The URL permission matrix: one spec per named URL, every role, own and other objects.

Each app has one module here (`accounts.py`, `partnerships.py`, ...) with a
list `SPECS`. `tests/security/test_permission_matrix.py` walks the URL
configuration and fails for every named URL without a spec, so a new view
cannot ship without saying who may use it.

A spec in one entry::

    Spec(
        "projects:project_detail",
        own=lambda org: {"pk": make_project(org, org.tactical_ifo).pk},
        other=lambda org: {"pk": make_project(other_partnership(org)).pk},
        get={"own": expect(200, pks_member=403, outsider=404), "other": expect(404)},
        post={"own": expect(403, staff=302, tactical_chair=302)},
        data=lambda org, kwargs: {"title": "Nytt namn"},
    )

`own`/`other` build the URL kwargs from the `org` fixture (they may create
objects; everything is rolled back after each case). `get`/`post` map a target
("own", "other") to the expected status for every role; `expect()` fills in
all roles from a default, anonymous visitors default to a redirect to the login
page (`LOGIN`). A GET must never change anything; a refused POST (any status
but 2xx/3xx, or a redirect to the login page) must leave `state(org)` as it was,
and so must every POST of a spec with `writes=False`.

Beyond own/other, `more={"draft": ...}` names further targets (e.g. an
unpublished report next to a published one). A module may define
`setup(org)`: it runs once per test module, before any case, and builds the
objects the targets look up (so each case does not build them again).
`get_logs` names models an allowed GET may add rows to (an access log, e.g.
report downloads, R42): they must grow, everything else must stay as it was.
`around(org)` returns a context manager wrapped around each request (e.g. to
replace PDF rendering with fixed bytes, so the matrix does not depend on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import connection

# The roles every URL is tried as. Each maps to a persona of tests/conftest.py.
ROLES = (
    "staff",
    "socialchef_aneby",
    "socialchef_jonkoping",
    "deputy_jonkoping",
    "preparation_member",
    "tactical_chair",
    "tactical_member",
    "tactical_other",
    "pks_member",
    "outsider",
    "anonymous",
)

# The apps that have a spec module; URLs defined in the project urls count as core.
# `admin` holds the Django admin pages where rights could be escalated (the matrix
# tries those only: see ADMIN_PAGES in admin.py).
SPEC_APPS = (
    "core",
    "accounts",
    "notifications",
    "partnerships",
    "meetings",
    "projects",
    "matters",
    "plans",
    "finance",
    "reporting",
    "admin",
)

# Apps whose tables make up the state a refused request must not change.
STATE_APPS = (
    "accounts",
    "notifications",
    "partnerships",
    "meetings",
    "projects",
    "matters",
    "plans",
    "finance",
    "reporting",
    "auth",
)

LOGIN = "login"  # expected: a redirect to the login page
# Expected of an admin page for anyone who may not enter the admin: a redirect to a
# login page (the site's or the admin's) or 403. How admin entry is decided may change
# (the is_staff flag, an office seat on the day); the expectation is only "refused".
ADMIN_DENIED = "admin-denied"
# Expectations that are a refusal without a fixed status code.
REFUSALS = (LOGIN, ADMIN_DENIED)


def user_for(org, role: str):
    """The persona acting as `role` (None for an anonymous visitor)."""
    if role == "anonymous":
        return None
    if role == "preparation_member":
        # Gnosjö's socialchef sits in the preparation group (Aneby's does too, but is
        # already tried as socialchef_aneby).
        return org.socialchefer["0617"]
    return getattr(org, role)


def expect(default, *, anonymous=LOGIN, **overrides) -> dict[str, int | str]:
    """Expected status for every role: `default`, with `overrides` per role."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles in matrix spec: {sorted(unknown)}")
    statuses = dict.fromkeys(ROLES, default)
    statuses["anonymous"] = anonymous
    statuses.update(overrides)
    return statuses


def no_args(org) -> dict:
    return {}


def no_data(org, kwargs) -> dict:
    return {}


def db_state(org=None) -> tuple:
    """Row counts of every table of the business apps (history tables included), one query.

    Every business model is history-tracked (tests/security/test_audit.py), so any
    insert, update or delete through the ORM adds a history row and shows here.
    """
    tables = sorted(
        {
            model._meta.db_table
            for app in STATE_APPS
            if apps.is_installed(_app_module(app))
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
        }
    )
    quoted = [connection.ops.quote_name(t) for t in tables]
    # Table names come from the models and are quoted by the backend.
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {q})" for q in quoted)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def _app_module(label: str) -> str:
    return {"auth": "django.contrib.auth"}.get(label, label)


@dataclass(frozen=True)
class Spec:
    """Who may use one named URL, for own and other objects, by GET and POST."""

    name: str
    get: dict[str, dict] | None = None
    post: dict[str, dict] | None = None
    own: Callable = no_args
    other: Callable | None = None
    data: Callable = no_data
    # Extra state to compare (beyond row counts), e.g. a field a POST would change.
    state: Callable | None = None
    # False: the POST payload must change nothing for anybody (e.g. a wrong password).
    writes: bool = True
    note: str = ""
    # Further targets beyond own/other: name -> kwargs builder.
    more: dict[str, Callable] = field(default_factory=dict)
    # Models (app_label.ModelName) an allowed GET adds rows to: an access log.
    get_logs: tuple[str, ...] = ()
    # org -> context manager wrapped around each request of this spec.
    around: Callable | None = None
    # Whether `other` is another partnership's object (PKS reads those as its own, R50);
    # False where `other` is something else, e.g. another body's meeting.
    other_is_another_partnership: bool = True
    targets: dict = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self):
        self.targets.update({"own": self.own})
        if self.other is not None:
            self.targets["other"] = self.other
        self.targets.update(self.more)
        for method, table in (("GET", self.get), ("POST", self.post)):
            for target, statuses in (table or {}).items():
                if target not in self.targets:
                    raise ValueError(f"{self.name}: {method} names unknown target {target!r}")
                missing = set(ROLES) - set(statuses)
                if missing:
                    raise ValueError(f"{self.name}: {method} {target} lacks roles {missing}")

    def cases(self):
        """(method, target, role, expected) for every cell of this spec.

        PKS governs all of Kommunal utveckling (R50): its member stands to another
        partnership's objects as to their own, so an `other` cell of `pks_member`
        left at 404 ("not yours") is the `own` one; a spec states any other answer
        explicitly (e.g. an export of a year without figures redirects).
        """
        for method, table in (("GET", self.get), ("POST", self.post)):
            for target, statuses in (table or {}).items():
                for role in ROLES:
                    expected = statuses[role]
                    if (
                        self.other_is_another_partnership
                        and target == "other"
                        and role == "pks_member"
                        and expected == 404
                        and "own" in table
                    ):
                        expected = table["own"][role]
                    yield method, target, role, expected


def log_tables(spec: Spec) -> set[str]:
    """The tables (history tables included) of the models an allowed GET may log to."""
    tables = set()
    for label in spec.get_logs:
        model = apps.get_model(label)
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.add(history.model._meta.db_table)
    return tables


def setup_all(org) -> None:
    """Run every spec module's `setup(org)`: the objects its targets look up."""
    for app in SPEC_APPS:
        module = import_module(f"tests.security.matrix.{app}")
        if hasattr(module, "setup"):
            module.setup(org)


def load_specs() -> dict[str, tuple[str, Spec]]:
    """url name -> (app, spec) over every spec module; a name may appear only once."""
    found: dict[str, tuple[str, Spec]] = {}
    for app in SPEC_APPS:
        module = import_module(f"tests.security.matrix.{app}")
        for spec in module.SPECS:
            if spec.name in found:
                raise ValueError(f"{spec.name} has two specs ({found[spec.name][0]} and {app})")
            found[spec.name] = (app, spec)
    return found
