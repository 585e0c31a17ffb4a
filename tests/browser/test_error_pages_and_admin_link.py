"""Real browser (issue 14 items 1 and 9): a missing or forbidden page is the site's own
Swedish page, never Django's technical one; kansliet's menu leads to the admin; every
page has a favicon."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missing_page_is_the_swedish_404_page(login, live_server, org):
    page = login("pks-0680")
    response = page.goto(f"{live_server.url}/finns-inte/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
    assert "URLconf" not in page.content() and "Traceback" not in page.content()
    # The site's layout with its menu, and a way back.
    assert page.locator(".site-header").count() == 1
    assert page.get_by_role("link", name="Tillbaka till start").is_visible()


def test_a_forbidden_page_is_the_swedish_403_page(login, live_server, org):
    page = login("pks-0680")
    response = page.goto(f"{live_server.url}/projekt/steg/")
    assert response.status == 403
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Du har inte tillgång till den här sidan"
    assert "Traceback" not in page.content()
    assert page.get_by_role("link", name="Tillbaka till start").is_visible()


def test_staff_menu_leads_to_the_admin_and_others_see_no_such_link(login, live_server, org):
    page = login("kansli")
    page.get_by_role("link", name="Administration").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.url == f"{live_server.url}/admin/"

    page.context.clear_cookies()
    page = login("socialchef-0604")
    assert page.get_by_role("link", name="Administration").count() == 0


def test_every_page_links_a_favicon_that_is_served(login, live_server, org):
    page = login("socialchef-0604")
    href = page.locator("link[rel=icon]").first.get_attribute("href")
    assert href
    assert page.request.get(f"{live_server.url}{href}").status == 200
    assert page.request.get(f"{live_server.url}/favicon.ico").status == 200
