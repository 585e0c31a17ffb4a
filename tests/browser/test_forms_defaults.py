"""Issue 14 item 6 on a phone: forms start at the next missing year/period, decimals are
Swedish, the lead list offers only people who can lead."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR", "")
SLUG = "social-valfard"


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"forms-{name}.png"), full_page=True)


def test_staff_forms_start_at_the_next_missing_year_and_period(login, page, live_server):
    call_command("seed_demo", stdout=StringIO())
    login("kansli", "demo")
    page.goto(live_server.url + reverse("finance:overview", args=[SLUG]))
    offered = int(page.locator('input[name="year"]').input_value())
    assert offered == 2027  # the demo has a budget for 2026
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "ny-budget")

    page.goto(live_server.url + reverse("reporting:create", args=[SLUG]))
    assert page.locator('input[name="year"]').input_value() == "2026"
    assert page.locator('select[name="period"]').input_value() == "q2"  # Q1 2026 exists
    shot(page, "ny-rapport")


def test_index_is_shown_and_taken_with_a_decimal_comma(login, page, live_server):
    call_command("seed_demo", stdout=StringIO())
    login("kansli", "demo")
    page.goto(live_server.url + reverse("finance:fee_index", args=[SLUG, 2027]))
    field = page.get_by_label("Index (procent)")
    field.fill("3,1")
    page.get_by_label("Källa för indexet").fill("SKR, PKV oktober 2026")
    page.get_by_role("button", name="Spara index").click()
    page.goto(live_server.url + reverse("finance:fee_index", args=[SLUG, 2027]))
    assert page.get_by_label("Index (procent)").input_value() == "3,1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "index")


def test_lead_list_offers_the_tactical_and_working_groups_only(login, page, live_server):
    from projects.models import Project

    call_command("seed_demo", stdout=StringIO())
    project = Project.objects.filter(portfolio__tactical_group__slug="taktisk-ifo").first()
    login("taktisk-ifo", "demo")
    page.goto(live_server.url + reverse("projects:project_edit", args=[project.pk]))
    names = page.locator('select[name="lead"] option').all_inner_texts()
    assert "Elin Karlsson" in names
    assert len(names) < 15  # not the demo's 31 users
    assert not any("kansli" in name.lower() for name in names)
    funds = page.locator('input[name="requested_funds"]')
    assert "." not in funds.input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "projektledare")
