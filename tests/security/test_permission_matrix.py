"""Every named URL x every role x own/other object: expected status, nothing changed on refusal.

The specs live in tests/security/matrix/<app>.py. A URL without a spec fails
`test_every_url_has_a_matrix_spec`, so a new view cannot ship unexamined.
"""

import contextlib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security import figures
from tests.security.matrix import (
    ADMIN_DENIED,
    LOGIN,
    REFUSALS,
    ROLES,
    SPEC_APPS,
    db_state,
    load_specs,
    log_tables,
    user_for,
)

# Not part of the matrix: the language switcher (no data, POST-only by Django) and static
# files; of the Django admin (its own staff-only permission system, tested by Django) only
# the pages where rights could be escalated, ADMIN_PAGES of tests/security/matrix/admin.py.
EXCLUDED_PREFIXES = ("i18n/", "static/", "media/")
ADMIN_PREFIX = "admin/"

SPECS = load_specs()
ADMIN_PAGES = {name for name, (app, _) in SPECS.items() if app == "admin"}


def url_patterns(patterns=None, prefix="", namespace="", app="core", urlconf=None):
    """(qualified name, route, app) of every URL pattern, walking includes."""
    if patterns is None:
        patterns = get_resolver(urlconf).url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            inner_ns = pattern.namespace or ""
            if inner_ns in SPEC_APPS:
                inner_app = inner_ns
            else:
                inner_app = module.split(".")[0] if module else app
            qualified = (
                f"{namespace}:{inner_ns}" if namespace and inner_ns else namespace or inner_ns
            )
            yield from url_patterns(pattern.url_patterns, route, qualified, inner_app)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            if route.startswith(ADMIN_PREFIX) and name not in ADMIN_PAGES:
                continue
            spec_app = "core" if app == "kommunalutveckling" else app
            yield name, "/" + route, spec_app


def missing_specs(urlconf=None) -> list[str]:
    missing = []
    for name, route, app in url_patterns(urlconf=urlconf):
        if not name:
            missing.append(f"{route}: give the URL pattern a name, then add it to the matrix")
        elif name not in SPECS:
            missing.append(f"{name} ({route}): add it to tests/security/matrix/{app}.py")
    return missing


def test_every_url_has_a_matrix_spec():
    missing = missing_specs()
    assert not missing, "URLs without a permission spec:\n" + "\n".join(missing)


def test_a_new_url_without_a_spec_is_named_with_the_file_to_add_it_to():
    missing = missing_specs("tests.security.urls_unspecced")
    assert missing == [
        "projects:project_archive (/projekt/arkiv/): add it to tests/security/matrix/projects.py",
        "/namnlos/: give the URL pattern a name, then add it to the matrix",
    ]


def test_the_state_snapshot_sees_a_change(db):
    from tests.factories import MunicipalityFactory

    before = db_state()
    MunicipalityFactory(code="9999", name="Provkommun")
    assert db_state() != before


def test_every_spec_names_an_existing_url():
    names = {name for name, _, _ in url_patterns()}
    stale = sorted(set(SPECS) - names)
    assert not stale, f"Specs for URLs that no longer exist (remove them): {stale}"


def test_every_url_is_tried_by_every_role():
    for name, (_, spec) in SPECS.items():
        cells = {(m, t, r) for m, t, r, _ in spec.cases()}
        assert {r for _, _, r in cells} == set(ROLES), name


CASES = [
    pytest.param(name, method, target, role, expected, id=f"{name}-{method}-{target}-{role}")
    for name, (_, spec) in SPECS.items()
    for method, target, role, expected in spec.cases()
]


def _without(state, tables):
    counts, extra = state
    return tuple((t, n) for t, n in counts if t not in tables), extra


def _refused(response, expected) -> bool:
    return expected in REFUSALS or response.status_code >= 400


def _assert_admin_denied(response, role):
    """Kept out of the admin: sent to a login page (the site's or the admin's), or 403."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, f"{role}: {response.status_code}, not refused"
    location = response["Location"]
    assert location.startswith((reverse("login"), reverse("admin:login"))), location


@pytest.mark.parametrize(("name", "method", "target", "role", "expected"), CASES)
def test_permission_matrix(matrix_org, client, name, method, target, role, expected):
    spec = SPECS[name][1]
    org = matrix_org
    kwargs = spec.targets[target](org)
    url = reverse(name, kwargs=kwargs)
    if role in org.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = org.sessions[role]

    def state():
        extra = spec.state(org) if spec.state else None
        return db_state(), extra

    before = state()
    with spec.around(org) if spec.around else contextlib.nullcontext():
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, spec.data(org, kwargs))

    if expected == LOGIN:
        assert response.status_code == 302, f"{role}: {response.status_code}, not a login redirect"
        assert response["Location"].startswith(reverse("login")), response["Location"]
    elif expected == ADMIN_DENIED:
        _assert_admin_denied(response, role)
    else:
        assert response.status_code == expected, (
            f"{method} {url} as {role}: got {response.status_code}, expected {expected}"
        )
    if method == "GET" or not spec.writes or _refused(response, expected):
        # GETs are safe, and a refused write leaves everything as it was.
        after = state()
        logs = log_tables(spec) if method == "GET" and not _refused(response, expected) else ()
        if logs:
            # An allowed GET that is logged (e.g. a download, R42) adds to its log only.
            grown = [t for (t, n), (_, m) in zip(before[0], after[0], strict=True) if m > n]
            assert set(grown) & logs, f"{method} {url} as {role} was not logged"
            before, after = _without(before, logs), _without(after, logs)
        assert after == before, f"{method} {url} as {role} changed the database"
        figures.add("matrix_unchanged")
    if _refused(response, expected):
        figures.add("matrix_refused")
    figures.add("matrix_cases")
    figures.matrix_urls.add(name)


POST_SPECS = [
    pytest.param(name, id=name) for name, (_, spec) in SPECS.items() if spec.post is not None
]


@pytest.mark.parametrize("name", POST_SPECS)
def test_every_write_needs_a_csrf_token(matrix_org, name):
    """A POST without the CSRF token is refused (403) for a person allowed to use it."""
    spec = SPECS[name][1]
    target, statuses = next(iter(spec.post.items()))
    allowed = [r for r in ROLES if r != "anonymous" and statuses[r] not in REFUSALS]
    role = next((r for r in allowed if statuses[r] < 400), allowed[0] if allowed else "anonymous")
    client = Client(enforce_csrf_checks=True)
    user = user_for(matrix_org, role)
    if user is not None:
        client.force_login(user)
    kwargs = spec.targets[target](matrix_org)
    url = reverse(name, kwargs=kwargs)
    before = (db_state(), spec.state(matrix_org) if spec.state else None)
    with spec.around(matrix_org) if spec.around else contextlib.nullcontext():
        response = client.post(url, spec.data(matrix_org, kwargs))
    assert response.status_code == 403, f"POST {url} as {role} without CSRF token"
    assert (db_state(), spec.state(matrix_org) if spec.state else None) == before
    figures.add("csrf_checks")
