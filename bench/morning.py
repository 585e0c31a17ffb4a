"""A real morning (issue 17): many people at once, every page rendered, nothing kept.

    DATABASE_URL=postgres://... python bench/morning.py [--servers 1] [--json out.json]

At the same moment: the 13 socialchefer log in and each approves the same 4
pending common-funds requests through the inbox and the confirmation step (R15);
kansliet opens budget lines and saves new budget amounts and quarterly
outcomes (R25); the 13 PKS members log in, open the reports list and download
the Q1 and Q2 PDFs (R42); the four tactical groups' chairs edit projects of
their portfolios (R10). Every person is a thread that does its errand once, like
a browser (cookies, the CSRF token from the form, the page after a redirect).

With --servers 2 two gunicorn app servers (2 workers each) on different ports
share the database and every person's requests alternate between them, so a
session made on one is used on the other: the servers must hold no state that
matters. Afterwards the database is checked: each request has exactly one
approval per municipality and is approved, every download is logged once, and
the budget lines and projects hold what was saved. Loopback only, bounded: each
person does a fixed errand, with a timeout per request (REQUEST_TIMEOUT_S).
"""

import argparse
import contextlib
import json
import secrets
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402
from bench.htmlforms import form_fields, with_values  # noqa: E402
from bench.load import CSRF_FIELD, Gunicorn, LoadFailed, _cookies, request  # noqa: E402
from bench.measure import percentile  # noqa: E402

# The table's rows, in the order of a person's errand.
ACTIONS = (
    "login",
    "inbox",
    "decide_confirm",
    "decide_post",
    "budget_line_form",
    "budget_line_save",
    "outcome_save",
    "project_form",
    "project_save",
    "reports",
    "pdf_download",
)
REQUESTS_PER_MORNING = 4
# A request waits in the app server's queue behind everybody's logins (each a password
# hash) on a busy machine; longer than this counts as an error.
REQUEST_TIMEOUT_S = 120
LINES_EDITED = 4  # budget amounts changed; as many lines again get an outcome entered


def _codes() -> list[str]:
    """The 13 municipalities' SCB codes, as the demo's logins name them."""
    from partnerships.demo import MUNICIPALITIES

    return [code for code, _name in MUNICIPALITIES]


class Browser:
    """One person's cookies; each request goes to the next server in turn."""

    def __init__(self, ports, record):
        self.ports, self.record, self.jar, self.sent = ports, record, {}, 0

    def send(self, action, method, path, *, fields=None, expect=(200,)):
        port = self.ports[self.sent % len(self.ports)]
        self.sent += 1
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        body = None
        if fields is not None:
            pairs = fields.items() if isinstance(fields, dict) else fields
            body = urllib.parse.urlencode([(name, value) for name, value in pairs])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            status, response_headers, content = request(
                port, method, path, headers=headers, body=body, timeout=REQUEST_TIMEOUT_S
            )
        except OSError as error:
            self.record(action, None, f"{method} {path}: {error}")
            raise LoadFailed(f"{method} {path}: {error}") from error
        elapsed = (time.perf_counter() - started) * 1000
        ok = status in expect
        self.record(action, elapsed, None if ok else f"{method} {path} answered {status}")
        if not ok:
            raise LoadFailed(f"{method} {path} answered {status}")
        _cookies(response_headers, self.jar)
        return content.decode("utf-8", errors="replace"), response_headers

    def login(self, username, password):
        from django.urls import reverse

        path = reverse("login")
        html, _ = self.send("login", "GET", path)
        token = CSRF_FIELD.search(html).group(1)
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        self.send("login", "POST", path, fields=fields, expect=(302,))

    def submit(self, action, form_action, path, expect=(302,), **values):
        """GET the form page (timed as `form_action`), change some fields, POST it back."""
        html, _ = self.send(form_action, "GET", path)
        fields = with_values(form_fields(html), **values)
        return self.send(action, "POST", path, fields=fields, expect=expect)


def prepare(run: int) -> dict:
    """The morning's work: 4 requests ready for decision, lines, projects, PDFs (in-process)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from finance.models import BudgetLine
    from matters import services as matter_services
    from partnerships.demo import PARTNERSHIP_SLUG
    from partnerships.models import Partnership
    from projects import services as project_services
    from projects.models import Portfolio, Project
    from reporting import services as report_services
    from reporting.models import ReportDownload

    users = get_user_model().objects
    kansli = users.get(username="kansli")
    partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    today = timezone.localdate()
    chairs = {
        slug: users.get(username=f"taktisk-{slug}") for slug in ("ifo", "aldre", "hsv", "funk")
    }
    active = [
        p
        for p in Project.objects.select_related("stage", "portfolio__tactical_group")
        .filter(portfolio__tactical_group__partnership=partnership)
        .order_by("-pk")
        if not p.stage.is_terminal
    ]
    by_chair = {slug: [] for slug in chairs}
    for project in active:
        slug = project.portfolio.tactical_group.slug.removeprefix("taktisk-")
        if slug in by_chair:
            by_chair[slug].append(project)
    # Four new projects, one per portfolio, each asking for common funds (R15), made
    # ready for decision by the preparation group.
    matters = []
    portfolios = Portfolio.objects.filter(tactical_group__partnership=partnership).order_by("pk")
    for n, portfolio in enumerate(portfolios[:REQUESTS_PER_MORNING]):
        chair = chairs[portfolio.tactical_group.slug.removeprefix("taktisk-")]
        project = project_services.project_create(
            actor=chair,
            portfolio=portfolio,
            title=f"Morgonens ansökan {run}.{n + 1} (benchmark)",
            purpose="Mäts i benchmarkens morgon.",
        )
        matter = project_services.funds_request_create(
            actor=chair, project=project, amount=Decimal(100_000 + 1_000 * run + n)
        )
        matter_services.matter_mark_ready(
            actor=users.get(username="socialchef-0604"),
            matter=matter,
            due_date=today,
            notify=False,
        )
        matters.append(matter.pk)
    if len(matters) < REQUESTS_PER_MORNING:
        raise LoadFailed("not enough active projects without a pending request")
    pdfs = []
    for period in ("q1", "q2"):
        report, _ = report_services.report_get_or_create(
            actor=kansli, partnership=partnership, year=2026, period=period
        )
        version = report.versions.order_by("-number").first()
        if version is None:
            version = report_services.report_publish(actor=kansli, report=report)
        pdfs.append(reverse("reporting:download", args=[report.pk, version.number]))
    lines = list(
        BudgetLine.objects.filter(budget__partnership=partnership, budget__year=2026).order_by(
            "pk"
        )[: 2 * LINES_EDITED]
    )
    line_url = lambda line: reverse(  # noqa: E731
        "finance:line_edit", args=[PARTNERSHIP_SLUG, 2026, line.pk]
    )
    return {
        "matters": matters,
        "budget_edits": [
            (line_url(line), line.pk, str(100_000 + 1_000 * run + n))
            for n, line in enumerate(lines[:LINES_EDITED])
        ],
        "outcome_edits": [
            (line_url(line), line.pk, str(10_000 + 100 * run + n))
            for n, line in enumerate(lines[LINES_EDITED:])
        ],
        "project_edits": {
            slug: [(reverse("projects:project_edit", args=[p.pk]), p.pk) for p in projects[-2:]]
            for slug, projects in by_chair.items()
        },
        "pdfs": pdfs,
        "downloads_before": ReportDownload.objects.count(),
        "run": run,
    }


def _errands(plan, password):
    """(username, errand) per person; an errand is a function of a Browser."""
    from django.urls import reverse

    def socialchef(code):
        def errand(browser):
            browser.login(f"socialchef-{code}", password)
            browser.send("inbox", "GET", reverse("matters:inbox"))
            for pk in plan["matters"]:
                path = reverse("matters:matter_decide", args=[pk])
                query = f"?kommun={code}&beslut=approve"
                html, _ = browser.send("decide_confirm", "GET", path + query)
                fields = form_fields(html)
                browser.send("decide_post", "POST", path, fields=fields, expect=(302,))
                browser.send("inbox", "GET", reverse("matters:inbox"))

        return errand

    def kansli(browser):
        browser.login("kansli", password)
        for path, _pk, amount in plan["budget_edits"]:
            browser.submit("budget_line_save", "budget_line_form", path, budget_amount=amount)
        for path, _pk, amount in plan["outcome_edits"]:
            browser.submit("outcome_save", "budget_line_form", path, outcome_q3=amount)

    def pks(code):
        def errand(browser):
            browser.login(f"pks-{code}", password)
            browser.send("reports", "GET", reverse("reporting:index"))
            for path in plan["pdfs"]:
                browser.send("pdf_download", "GET", path)

        return errand

    def chair(slug):
        def errand(browser):
            browser.login(f"taktisk-{slug}", password)
            for path, pk in plan["project_edits"][slug]:
                browser.submit(
                    "project_save", "project_form", path, goals=f"Mål reviderade morgon {pk}."
                )

        return errand

    people = [(f"socialchef-{c}", socialchef(c)) for c in _codes()]
    people += [("kansli", kansli)]
    people += [(f"pks-{c}", pks(c)) for c in _codes()]
    people += [(f"taktisk-{s}", chair(s)) for s in plan["project_edits"]]
    return people


def run_morning(ports, plan) -> dict:
    """Everybody's errand at once; per action p50/p95 and the errors."""
    from django.conf import settings

    lock = threading.Lock()
    times, errors = defaultdict(list), []

    def record(action, ms, error):
        with lock:
            if error:
                errors.append(error)
            else:
                times[action].append(ms)

    people = _errands(plan, settings.DEMO_PASSWORD)
    start = threading.Barrier(len(people))

    def person(errand):
        browser = Browser(ports, record)
        start.wait(timeout=60)
        with contextlib.suppress(LoadFailed):  # recorded as an error already
            errand(browser)

    threads = [threading.Thread(target=person, args=(e,), daemon=True) for _, e in people]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started
    actions = {
        action: {
            "requests": len(times[action]),
            "p50_ms": round(percentile(times[action], 0.5), 1),
            "p95_ms": round(percentile(times[action], 0.95), 1),
            "mean_ms": round(statistics.mean(times[action]), 1),
        }
        for action in ACTIONS
        if times[action]
    }
    return {
        "people": len(people),
        "requests": sum(len(t) for t in times.values()),
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(elapsed, 1),
        "actions": actions,
    }


def verify(plan) -> dict:
    """What the morning left in the database: every decision counted once, every save kept."""
    from django.db.models import Count

    from finance.models import BudgetLine, Outcome
    from matters.models import Matter, MatterDecision
    from projects.models import Project
    from reporting.models import ReportDownload

    decisions = MatterDecision.objects.filter(matter_id__in=plan["matters"])
    per_pair = decisions.values("matter_id", "municipality_id").annotate(n=Count("pk"))
    expected = len(plan["matters"]) * len(_codes())
    approved = Matter.objects.filter(pk__in=plan["matters"], status=Matter.Status.APPROVED)
    lines = {
        line.pk: line
        for line in BudgetLine.objects.filter(pk__in=[e[1] for e in plan["budget_edits"]])
    }
    q3 = dict(
        Outcome.objects.filter(
            line_id__in=[e[1] for e in plan["outcome_edits"]], quarter=3
        ).values_list("line_id", "amount")
    )
    edited = [pk for edits in plan["project_edits"].values() for _, pk in edits]
    goals = dict(Project.objects.filter(pk__in=edited).values_list("pk", "goals"))
    checks = {
        "decisions": decisions.count(),
        "decisions_expected": expected,
        "each_decision_once": decisions.count() == expected and all(r["n"] == 1 for r in per_pair),
        "requests_approved": approved.count(),
        "downloads_logged": ReportDownload.objects.count() - plan["downloads_before"],
        "downloads_expected": len(_codes()) * len(plan["pdfs"]),
        "budget_amounts_saved": all(
            lines[pk].budget_amount == Decimal(amount) for _, pk, amount in plan["budget_edits"]
        ),
        "outcomes_saved": all(q3.get(pk) == Decimal(a) for _, pk, a in plan["outcome_edits"]),
        "projects_saved": all(goals[pk] == f"Mål reviderade morgon {pk}." for pk in edited),
    }
    checks["ok"] = (
        checks["each_decision_once"]
        and checks["requests_approved"] == len(plan["matters"])
        and checks["downloads_logged"] == checks["downloads_expected"]
        and checks["budget_amounts_saved"]
        and checks["outcomes_saved"]
        and checks["projects_saved"]
    )
    return checks


def run_scenario(servers: int, run: int = 1) -> dict:
    plan = prepare(run)
    with contextlib.ExitStack() as stack:
        secret_key = secrets.token_urlsafe(50)
        ports = [stack.enter_context(Gunicorn(secret_key=secret_key)).port for _ in range(servers)]
        figures = run_morning(ports, plan)
    figures.update(servers=servers, workers_per_server=2, checks=verify(plan))
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="1,2", help="app servers per run, e.g. 1,2")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    _django.setup()
    results = {}
    for run, servers in enumerate(int(n) for n in args.servers.split(",")):
        try:
            results[f"{servers}_servers"] = run_scenario(servers, run + 1)
        except LoadFailed as error:
            print(f"Morning failed: {error}", file=sys.stderr)
            return 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    failed = False
    for key, figures in results.items():
        checks = figures["checks"]
        print(
            f"{key}: {figures['people']} people, {figures['requests']} requests in "
            f"{figures['seconds']} s, {figures['errors']} errors; {checks['decisions']} decisions "
            f"(expected {checks['decisions_expected']}), "
            f"checks {'ok' if checks['ok'] else 'FAILED'}"
        )
        for sample in figures["error_samples"]:
            print(f"  error: {sample}")
        for action, row in figures["actions"].items():
            print(
                f"  {action:<18} {row['requests']:>4}  "
                f"p50 {row['p50_ms']:>7.1f}  p95 {row['p95_ms']:>7.1f}"
            )
        failed |= figures["errors"] > 0 or not checks["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
