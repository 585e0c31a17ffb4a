"""Real browser on a 375 px phone (issue 14 item 5): a one-row header, no sideways page,
and the matter pages mark "Att besluta" in the menu."""

import pytest

from projects import services
from tests.projects.conftest import ready_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT_HEIGHT = 800  # the `page` fixture's phone: 375 x 800


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


def page_scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def matter_for(org):
    services.stages_ensure_default(partnership=org.partnership, actor=org.staff)
    portfolio = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_ifo)
    project = services.project_create(
        actor=org.tactical_chair,
        portfolio=portfolio,
        title="Barnahus i länet",
        purpose="Syfte",
        regional_value="Lika stöd i hela länet",
    )
    return ready_request(org, project)


def test_phone_header_is_one_compact_menu_row_and_the_start_page_fits(login, org):
    # The socialchef of Aneby has the longest menu and two seats (steering, preparation).
    page = login("socialchef-0604")
    assert page.viewport_size == {"width": 375, "height": VIEWPORT_HEIGHT}
    assert header_height(page) < 0.15 * VIEWPORT_HEIGHT
    # The menu is one row: every item sits at the same height.
    tops = page.locator(".site-nav li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) >= 5 and len(set(tops)) == 1, tops
    # Items off screen are reached by scrolling the menu, never the page.
    logout = page.get_by_role("button", name="Logga ut")
    logout.scroll_into_view_if_needed()
    assert logout.is_visible()
    assert not page_scrolls_sideways(page)
    # The roles table stacks on a phone: it neither widens the page nor scrolls itself.
    assert page.get_by_role("cell", name="Beredningsgruppen").is_visible()
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert not page_scrolls_sideways(page)


def test_matter_pages_mark_to_decide_as_the_current_menu_item(login, live_server, org):
    matter = matter_for(org)
    page = login("socialchef-0680")
    for path in (f"/arenden/{matter.pk}/", f"/arenden/{matter.pk}/besluta/", "/att-besluta/"):
        page.goto(f"{live_server.url}{path}")
        nav = page.get_by_role("navigation", name="Huvudmeny")
        current = nav.locator("[aria-current='page']")
        assert current.all_inner_texts() == ["Att besluta"], path
        assert nav.get_by_role("link", name="Projekt").get_attribute("aria-current") is None
        assert current.is_visible()
        assert header_height(page) < 0.15 * VIEWPORT_HEIGHT
        assert not page_scrolls_sideways(page)


def test_staff_reach_the_admin_from_the_menu_on_a_phone(login, live_server, org):
    page = login("kansli")
    link = page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Administration"
    )
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().endswith("Kommunal utveckling")  # the admin's index, not a refusal
    assert page.locator("#site-name").inner_text() == "Kommunal utveckling – administration"
