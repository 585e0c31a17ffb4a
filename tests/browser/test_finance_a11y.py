import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "",
    "avgift/2026/",
    "budget/2026/",
    "budget/2026/utfall/",
    "budget/2026/rad/ny/",
    "budget/2026/import/",
    "avgift/2027/index/",
    "avgift/2027/besluta/",
    "budget/2026/finansiering/ny/",
]


def test_finance_pages_have_no_axe_violations(login, page, live_server):
    from io import StringIO

    from axe_playwright_python.sync_playwright import Axe
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    login("kansli", "demo")
    axe = Axe()
    problems = []
    for path in PAGES:
        page.goto(f"{live_server.url}/ekonomi/social-valfard/{path}")
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{path}: {results.generate_report()}")
    assert not problems, "\n".join(problems)
