"""The pages that axe-core checks (tests/browser/test_accessibility.py), one line each.

Every entry is checked at 375 px and at 1280 px wide, on the demo data of
`seed_demo`, logged in as `username` (a demo login; None = not logged in).
`url` is called after the demo is loaded, so it may look objects up. `status`
is the HTTP status the page must answer with (a refusal page must be
accessible too).

Adding a page for every role is one line, e.g.:

    *for_roles("inbox", url("projects:inbox")),
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.urls import reverse

ANONYMOUS = None
STAFF = "kansli"
SOCIALCHEF = "socialchef-0680"  # chair of the steering group, decides for Jönköping
PREPARER = "socialchef-0604"  # socialchef in the preparation group
PKS_MEMBER = "pks-0680"
TACTICAL_CHAIR = "taktisk-ifo"
OUTSIDER = "utomstaende"  # logged in, no seat anywhere (made by the test module)

ROLES = (SOCIALCHEF, STAFF, PKS_MEMBER, TACTICAL_CHAIR, OUTSIDER)
WIDTHS = (375, 1280)


class A11yPage(NamedTuple):
    name: str
    username: str | None
    url: Callable[[], str]
    status: int = 200


def url(name: str, *args, **kwargs) -> Callable[[], str]:
    """A lazy `reverse()`: resolved when the test runs, after the demo is loaded."""
    return lambda: reverse(name, args=args or None, kwargs=kwargs or None)


def for_roles(
    name: str,
    url: Callable[[], str],
    roles: Iterable[str | None] = ROLES,
    status: dict[str | None, int] | None = None,
) -> list[A11yPage]:
    """One entry per role; `status` maps the roles that are refused to 403/404."""
    status = status or {}
    return [A11yPage(name, role, url, status.get(role, 200)) for role in roles]


def demo_partnership_url() -> str:
    from partnerships.demo import PARTNERSHIP_SLUG

    return reverse("partnership_detail", args=[PARTNERSHIP_SLUG])


def password_reset_link() -> str:
    """A valid reset link for a demo user (Django redirects it to the set-password form)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.get(username=SOCIALCHEF)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


PAGES: list[A11yPage] = [
    A11yPage("login", ANONYMOUS, url("login")),
    A11yPage("password reset", ANONYMOUS, url("password_reset")),
    A11yPage("password reset sent", ANONYMOUS, url("password_reset_done")),
    A11yPage("password reset new password", ANONYMOUS, password_reset_link),
    A11yPage("password reset expired link", ANONYMOUS, url("password_reset_confirm", "MQ", "x-y")),
    A11yPage("password reset complete", ANONYMOUS, url("password_reset_complete")),
    A11yPage("page not found", ANONYMOUS, lambda: "/finns-inte/", 404),
    *for_roles("start", url("start"), (*ROLES, PREPARER)),
    *for_roles("profile", url("profile")),
    *for_roles("password change", url("password_change")),
    *for_roles("password changed", url("password_change_done"), (SOCIALCHEF,)),
    *for_roles(
        "partnership",
        demo_partnership_url,
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    *for_roles(
        "economy",
        url("finance:overview", "social-valfard"),
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    *for_roles(
        "fee allocation",
        url("finance:allocation", "social-valfard", 2026),
        status={OUTSIDER: 404},
    ),
    *for_roles(
        "budget",
        url("finance:budget", "social-valfard", 2026),
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    A11yPage(
        "budget and outcome", SOCIALCHEF, url("finance:budget_outcome", "social-valfard", 2026)
    ),
    A11yPage("budget line form", STAFF, url("finance:line_create", "social-valfard", 2026)),
    A11yPage("outcome import", STAFF, url("finance:outcomes_import", "social-valfard", 2026)),
    A11yPage("fee index", STAFF, url("finance:fee_index", "social-valfard", 2027)),
    # The Django admin is Django's own markup (not ours to fix); only its index is checked.
    A11yPage("admin index", STAFF, url("admin:index")),
]
