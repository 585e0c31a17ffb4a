"""The pages the benchmark measures: one entry per page, and the timed operations.

A page is a name, a URL builder (called once per run, after the data is
generated, so it may look objects up) and the username to log in as (None:
anonymous). To add a page, append one `Page(...)` to PAGES; that is the only
place to change. When no generator in bench/generators/ makes the page's data
grow yet, give the page its own in the same entry: `generate="bench.generators.
meetings.generate"` names a function `generate(scale, context)` (see
bench/generators/__init__.py) that bench/generate.py runs after the app
generators, once however many pages name it. `lighthouse=True` adds the page to
the Lighthouse run. To time other work (a report's PDF), append an
`Operation(...)` to OPERATIONS.

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
    # Issue 17: p95 at the largest scale within this many times the floor's p95.
    max_p95_ratio: float | None = 3.0
    # Dotted path of a generator hook for this page's data (module docstring).
    generate: str | None = None
    # Measured by Lighthouse too (bench/lighthouse.py), when it is installed.
    lighthouse: bool = False


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
    scales: tuple[int, ...] | None = None  # the scales to run at (None: every scale)


def _partnership_slug() -> str:
    from partnerships.demo import PARTNERSHIP_SLUG

    return PARTNERSHIP_SLUG


def _portfolio_pk(slug: str = "taktisk-ifo") -> int:
    from projects.models import Portfolio

    return Portfolio.objects.get(tactical_group__slug=slug).pk


def _demo_project_pk() -> int:
    """The demo's Barnahus project: the most history of the current projects."""
    from projects.models import Project

    return Project.objects.get(title__startswith="Barnahus").pk


def _matter_to_decide() -> str:
    """Jönköping's socialchef confirms an approval: the demo's consensus matter (R5), which
    Jönköping has not decided yet at any scale."""
    from matters.models import Matter

    matter = Matter.objects.get(
        kind=Matter.Kind.CONSENSUS,
        status=Matter.Status.PENDING,
        title__startswith="Verksamhetsplan",
    )
    return reverse("matters:matter_decide", args=[matter.pk]) + "?kommun=0680&beslut=approve"


def _latest_published() -> tuple[int, int]:
    """(report pk, version number) of the newest published version."""
    from reporting.models import ReportVersion

    version = ReportVersion.objects.defer("pdf").order_by("-report__year", "-published_at").first()
    return version.report_id, version.number


def _report_pk(period: str, year: int = 2026) -> int:
    """The partnership's report for the period, made as a draft when missing."""
    from django.contrib.auth import get_user_model

    from partnerships.models import Partnership
    from reporting import services

    report, _created = services.report_get_or_create(
        actor=get_user_model().objects.get(username="kansli"),
        partnership=Partnership.objects.get(slug=_partnership_slug()),
        year=year,
        period=period,
    )
    return report.pk


def _demo_meeting_pk() -> int:
    """The demo's adjusted PKS meeting of 2025-05-08 (§ 92-106), the same at every scale."""
    from meetings.demo import MEETING_DAY
    from meetings.models import Meeting
    from partnerships.models import Body

    return Meeting.objects.get(body__kind=Body.Kind.PKS, date=MEETING_DAY).pk


def _pks_body_pk() -> int:
    from partnerships.models import Body

    return Body.objects.get(kind=Body.Kind.PKS).pk


def _business_plan_pk(year: int = 2026) -> int:
    from plans.models import Plan

    return Plan.objects.get(kind=Plan.Kind.BUSINESS_PLAN, year=year).pk


def _render(period: str):
    """Render the period's report PDF (a preview) as staff would see it, from the database."""

    def run():
        from reporting.models import Report
        from reporting.pdf import render_report

        report = Report.objects.select_related("partnership").get(pk=_report_pk(period))
        return render_report(report, draft=True)

    return run


# The floor every page is compared with (issue 17): signed in, the session, the user and
# the real layout with the main menu, no data of its own.
FLOOR = Page("floor", lambda: reverse("signed_in"), "socialchef-0680", max_p95_ratio=None)
# For reference, as in the tables before issue 17: one SELECT 1, no session, no template.
HEALTHZ = Page("healthz", lambda: reverse("healthz"), None, max_p95_ratio=None)

PAGES = [
    # A socialchef with seats in the steering group (as chair) and earlier terms.
    Page("start", lambda: reverse("start"), "socialchef-0680", lighthouse=True),
    # Staff: the agreement, the 13 members and every body with its members.
    Page(
        "partnership",
        lambda: reverse("partnership_detail", args=[_partnership_slug()]),
        "kansli",
    ),
    # Jönköping's socialchef: the matters awaiting Jönköping's decision (R15, R5).
    Page("inbox", lambda: reverse("matters:inbox"), "socialchef-0680", lighthouse=True),
    # Jönköping's socialchef: the confirmation step of an approval (R5, R15).
    Page("decide", _matter_to_decide, "socialchef-0680", lighthouse=True),
    # The IFO tactical group's chair: the portfolio overview, first page (R10).
    Page(
        "portfolio",
        lambda: reverse("projects:portfolio_detail", args=[_portfolio_pk()]),
        "taktisk-ifo",
        lighthouse=True,
    ),
    # Staff: a project with participation, gates, a funds request and statuses (R17).
    Page(
        "project", lambda: reverse("projects:project_detail", args=[_demo_project_pk()]), "kansli"
    ),
    # Staff: the 2026 fee split over the 13 municipalities by population (R21, R22).
    Page(
        "fees",
        lambda: reverse("finance:allocation", args=[_partnership_slug(), 2026]),
        "kansli",
        lighthouse=True,
    ),
    # Staff: the 2026 budget against outcome to date and forecast, per area (R25).
    Page(
        "budget",
        lambda: reverse("finance:budget_outcome", args=[_partnership_slug(), 2026]),
        "kansli",
    ),
    # A PKS member: the published reports of every year (R42).
    Page("reports", lambda: reverse("reporting:index"), "pks-0604", lighthouse=True),
    # A PKS member downloads the newest published PDF (stored bytes, never re-rendered).
    Page(
        "report_pdf",
        lambda: reverse("reporting:download", args=_latest_published()),
        "pks-0604",
    ),
    # Staff: the meetings of every body, years of them at scale (R50, R57).
    Page(
        "meetings",
        lambda: reverse("meetings:list"),
        "kansli",
        generate="bench.generators.meetings.generate",
    ),
    # Staff: every PKS meeting, newest first, the first page of the archive (R57).
    Page(
        "meeting_archive",
        lambda: reverse("meetings:body_meetings", args=[_pks_body_pk()]),
        "kansli",
        generate="bench.generators.meetings.generate",
    ),
    # A PKS member: the adjusted PKS meeting with agenda, § 92-106 and attendance (R52, R57).
    Page(
        "meeting",
        lambda: reverse("meetings:meeting", args=[_demo_meeting_pk()]),
        "pks-0604",
        generate="bench.generators.meetings.generate",
    ),
    # A PKS member downloads the adjusted minutes (the frozen PDF, never re-rendered, R55).
    Page(
        "minutes_pdf",
        lambda: reverse("meetings:minutes_pdf", args=[_demo_meeting_pk()]),
        "pks-0604",
        generate="bench.generators.meetings.generate",
    ),
    # Staff: the 2026 goals with outcome to date, traffic lights and five years' charts (R62).
    Page(
        "goals",
        lambda: reverse("plans:goals", args=[_partnership_slug(), 2026]),
        "kansli",
        generate="bench.generators.plans.generate",
    ),
    # Staff: the 2026 business plan's content and frozen versions (R60, R61).
    Page(
        "plan",
        lambda: reverse("plans:plan_detail", args=[_business_plan_pk()]),
        "kansli",
        generate="bench.generators.plans.generate",
    ),
    # Staff: the management system with the Region, its bodies, members and plans (R70).
    Page(
        "management_system",
        lambda: reverse("plans:management_system"),
        "kansli",
        generate="bench.generators.plans.generate",
    ),
    # Staff: a strategy group's plans over the years, newest first, a page at a time (R70).
    Page(
        "group_plans",
        lambda: reverse("plans:group_plans", args=["strategigrupp-barn-unga"]),
        "kansli",
        generate="bench.generators.plans.generate",
    ),
]


def all_pages() -> list[Page]:
    """The floor, /healthz and every page, in the order the tables show them."""
    return [FLOOR, HEALTHZ, *PAGES]


def page_generators() -> list[str]:
    """The generator hooks the pages name, each once, in the order of PAGES."""
    return list(dict.fromkeys(page.generate for page in PAGES if page.generate))


# Report rendering (R41, R42): the whole pipeline from the database to PDF bytes.
OPERATIONS: list[Operation] = [
    Operation("q1_pdf", _render("q1"), runs=2, target_ms=3000, target_scale=10, scales=(1, 10)),
    Operation("annual_pdf", _render("annual"), runs=2, scales=(1, 10)),
]
