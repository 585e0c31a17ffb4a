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


@dataclass(frozen=True)
class Operation:
    """Work timed in-process that is not a page request, e.g. rendering a report's PDF.

    `run` is called `runs` times after one warm-up call; `target_ms` (with
    `target_scale`, the scale it applies at; None: every scale) is checked by
    bench/run.py. Issue 6 asks for: Operation("q1_pdf", ..., target_ms=3000,
    target_scale=10) and the annual report at 1x and 10x, once reporting lands.
    """

    name: str
    run: Callable[[], object]
    runs: int = 3
    target_ms: float | None = None
    target_scale: int | None = None


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

# Report rendering and other timed work (none on main yet; see Operation).
OPERATIONS: list[Operation] = []
