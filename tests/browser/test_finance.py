import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_reads_budget_and_allocation_on_a_phone(login, page, live_server):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    login("kansli", "demo")
    page.get_by_role("link", name="Ekonomi").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ekonomi"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="Budget 2026").click()
    assert page.get_by_role("img", name="Budget och utfall per område 2026").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{live_server.url}/ekonomi/social-valfard/avgift/2026/")
    assert page.get_by_role("cell", name="6\u00a0200\u00a0000\u00a0kr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_pks_member_sees_fees_link(login, page, live_server):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    login("pks-0680", "demo")
    page.get_by_role("link", name="Avgifter").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Avgift")
