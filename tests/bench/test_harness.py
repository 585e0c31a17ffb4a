"""Smoke tests of the benchmark harness (issues 6, 17): it cannot rot between bench runs."""

import http.server
import threading

import pytest

from bench import generate as bench_generate
from bench.generators import meetings as meetings_generator
from bench.generators import partnerships as partnerships_generator
from bench.generators import plans as plans_generator
from bench.generators import projects as projects_generator
from bench.generators import reporting as reporting_generator
from bench.load import LoadFailed, hammer
from bench.measure import measure_page, percentile
from bench.pages import FLOOR, HEALTHZ, PAGES, all_pages
from bench.run import check_targets, markdown
from partnerships.demo import SEATS_FROM
from partnerships.models import Membership

pytestmark = pytest.mark.django_db


def test_generator_multiplies_history_and_keeps_the_current_seats():
    context = bench_generate.generate(1)
    demo_seats = Membership.objects.count()
    demo_history = Membership.history.count()
    current = Membership.objects.active().count()
    # The seats in force when the demo's terms start get three earlier terms each.
    copied = Membership.objects.active(SEATS_FROM).count()
    assert copied > 0

    partnerships_generator.generate(4, context)

    assert Membership.objects.count() == demo_seats + 3 * copied
    # Two history rows (started, ended) per earlier term.
    assert Membership.history.count() == demo_history + 2 * 3 * copied
    assert Membership.objects.active().count() == current
    ended = Membership.objects.filter(end_date__isnull=False)
    assert ended.filter(person__username__startswith="bench-").exists()
    assert ended.exclude(person__username__startswith="bench-").exists()


def test_generator_refuses_a_database_that_already_holds_benchmark_data():
    bench_generate.generate(2)
    with pytest.raises(bench_generate.AlreadyGenerated):
        bench_generate.generate(2)


def test_page_queries_are_measured_and_do_not_grow_with_the_data():
    context = bench_generate.generate(1)
    before = {page.name: measure_page(page, runs=2, warmup=1) for page in all_pages()}
    partnerships_generator.generate(5, context)
    projects_generator.generate(3, context)
    reporting_generator.generate(3, context)
    meetings_generator.generate(3, context)
    plans_generator.generate(3, context)
    after = {page.name: measure_page(page, runs=2, warmup=1) for page in all_pages()}

    assert before[HEALTHZ.name]["queries"] == 1
    # The floor: the session, the user and the menu's permission read; no page is cheaper.
    assert before[FLOOR.name]["queries"] >= 3
    assert all(before[p.name]["queries"] >= before[FLOOR.name]["queries"] for p in PAGES)
    for figures in before.values():
        assert figures["queries"] > 0
        assert figures["median_ms"] > figures["db_median_ms"] > 0
        assert figures["python_calls"] > 0
    # Every page that grew, named at once: (queries before, queries after).
    grown = {
        name: (figures["queries"], after[name]["queries"])
        for name, figures in before.items()
        if after[name]["queries"] != figures["queries"]
    }
    assert grown == {}


def test_targets_flag_queries_that_grow_time_that_grows_and_a_slow_p95():
    def page(queries, ms, ratio):
        load = {
            "p50_ms": 1.0,
            "p95_ms": ratio,
            "rps": 1.0,
            "errors": 0,
            "p95_ratio_to_floor": ratio,
        }
        return {"queries": queries, "median_ms": ms, "db_median_ms": 0.5, "load": load}

    results = {
        "settings": {"runs": 1, "concurrency": 8, "duration_s": 5},
        "scales": {
            "1": {"rows": {"a": 1}, "generate_s": 1, "pages": {"p": page(3, 10.0, 1.0)}},
            "100": {"rows": {"a": 9}, "generate_s": 1, "pages": {"p": page(4, 13.0, 3.5)}},
        },
    }
    misses = check_targets(results)
    assert len(misses) == 3, misses
    assert "queries differ" in misses[0]
    assert "13.0 ms at 100x against 10.0 ms at 1x" in misses[1]
    assert "3.5x the floor" in misses[2]

    results["scales"]["100"]["pages"]["p"] = page(3, 12.4, 2.9)
    assert check_targets(results) == []
    table = markdown(results)
    assert "| p | 3 | 3 | 10.0 (0.5) | 12.4 (0.5) | – | – | – | – | 1.24 | 2.9 | 2.90 |" in table
    assert "Every target measured was met" in table

    # The floors themselves are not held to the ratio.
    results["scales"]["100"]["pages"]["p"]["max_p95_ratio"] = None
    results["scales"]["100"]["pages"]["p"]["load"]["p95_ratio_to_floor"] = 9.0
    assert check_targets(results) == []


def test_morning_and_lighthouse_misses_are_reported():
    checks = {"ok": False, "each_decision_once": False, "decisions": 51}
    results = {
        "scales": {"1": {"pages": {}}},
        "morning": {"1_servers": {"errors": 2, "checks": checks}},
        "lighthouse": {
            "inbox": {
                "scores": {"performance": 94, "accessibility": 100, "best-practices": 95},
                "transfer_bytes": 120_000,
            }
        },
    }
    misses = check_targets(results)
    assert any("2 errors" in m for m in misses)
    assert any("database check failed" in m for m in misses)
    assert "inbox: Lighthouse performance 94 (target 95)" in misses
    assert "inbox: 120 kB transferred (target <= 100 kB)" in misses
    assert not any("accessibility" in m or "best-practices" in m for m in misses)


def test_operations_are_timed_and_their_targets_checked():
    from django.contrib.auth import get_user_model

    from bench.measure import measure_all
    from bench.pages import Operation

    bench_generate.generate(1)
    count_users = Operation("count_users", lambda: get_user_model().objects.count(), runs=2)
    measured = measure_all(runs=1, warmup=1, operations=[count_users])
    figures = measured["operations"]["count_users"]
    assert figures["queries"] == 1 and figures["median_ms"] > 0
    assert set(measured["pages"]) == {page.name for page in all_pages()}

    slow = {**figures, "median_ms": 3500.0, "target_ms": 3000, "target_scale": 10}
    results = {"scales": {"1": {"pages": {}, "operations": {"q1_pdf": slow}}}}
    assert check_targets(results) == []  # the target applies at 10x only
    results["scales"]["10"] = results["scales"].pop("1")
    assert check_targets(results) == ["q1_pdf: 3500 ms at 10x (target <= 3000 ms)"]


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([7.0], 0.95) == 7.0


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_load_generator_is_bounded_and_counts_wrong_statuses_as_errors():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        options = {"cookie": None, "expected_status": 200, "concurrency": 2, "duration": 0.3}
        good = hammer(port, "/ok", **options)
        assert good["requests"] > 0 and good["errors"] == 0
        assert good["p95_ms"] >= good["p50_ms"] > 0
        with pytest.raises(LoadFailed, match="no successful request"):
            hammer(port, "/missing", **{**options, "duration": 0.1})
    finally:
        server.shutdown()
        server.server_close()


def test_lighthouse_runs_a_page_again_only_when_lighthouse_itself_asks(monkeypatch):
    from bench import lighthouse

    outcomes = [lighthouse.RuntimeErrorReported("NO_NAVSTART"), {"scores": {}}]

    def once(url, cookie):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(lighthouse, "_audit_once", once)
    assert lighthouse.audit_page("http://127.0.0.1:1/", None) == {"scores": {}}
    assert outcomes == []

    # A page that does not load is not tried again, and a persistent error fails the step.
    calls = []

    def broken(url, cookie):
        calls.append(url)
        raise LoadFailed("connection refused")

    monkeypatch.setattr(lighthouse, "_audit_once", broken)
    with pytest.raises(LoadFailed):
        lighthouse.audit_page("http://127.0.0.1:1/", None)
    assert len(calls) == 1

    def always(url, cookie):
        calls.append(url)
        raise lighthouse.RuntimeErrorReported("NO_NAVSTART")

    monkeypatch.setattr(lighthouse, "_audit_once", always)
    with pytest.raises(lighthouse.RuntimeErrorReported):
        lighthouse.audit_page("http://127.0.0.1:1/", None)
    assert len(calls) == 1 + lighthouse.TRIES
