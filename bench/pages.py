"""The pages the benchmark measures: one entry per page.

A page is a name, a URL builder (called once per run, after the data is
generated, so it may look objects up) and the username to log in as (None:
anonymous). To add a page when it lands on main, append one `Page(...)` to PAGES.
Pages still to come (docs/performance.md lists them): inbox, portfolio overview,
project page, fee allocation, budget vs outcome, published reports list,
report download. For example, once the projects app has its project page:

    Page("project", lambda: reverse("project_detail", args=[_first_project_pk()]),
         "socialchef-0680"),

Pick the login whose view of the page is the largest at scale (staff see
everything; a socialchef sees their municipality's matters).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    user: str | None
    expected_status: int = 200


def _partnership_slug() -> str:
    from partnerships.demo import PARTNERSHIP_SLUG

    return PARTNERSHIP_SLUG


# The trivial view every other page is compared with (issue 6: "the floor").
FLOOR = Page("healthz", lambda: reverse("healthz"), None)

PAGES = [
    # A socialchef with seats in the steering group (as chair) and earlier terms.
    Page("start", lambda: reverse("start"), "socialchef-0680"),
    # Staff: the agreement, the 13 members and every body with its members.
    Page(
        "partnership",
        lambda: reverse("partnership_detail", args=[_partnership_slug()]),
        "kansli",
    ),
]
