"""Accessibility (issue 7, WCAG 2.1 AA): axe-core on every key page, each role, two widths,
and the main flow by keyboard alone.

The demo (`seed_demo`) is loaded once for the module and served by a live server of
its own; each role logs in once through the real login form and keeps its browser
context. The pages are listed in `a11y_pages.PAGES`. The database is emptied when
the module ends, as a transactional test would.
"""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import modify_settings

from tests.browser import keyboard
from tests.browser.a11y_pages import ANONYMOUS, OUTSIDER, PAGES, SOCIALCHEF, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# WCAG 2.0/2.1 level A and AA, plus the best-practice rules for landmarks, headings
# and the skip link, and the WCAG 2.2 target size (24 px) for thumbs on a phone.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {
        rule: {"enabled": True}
        for rule in (
            "heading-order",
            "empty-heading",
            "landmark-one-main",
            "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo",
            "landmark-unique",
            "page-has-heading-one",
            "region",
            "skip-link",
            "target-size",
        )
    },
    "resultTypes": ["violations"],
}
AXE = Axe()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """The demo data and a live server for this module only (one seed, not one per test)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler)
    thread.daemon = True
    allowed = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
    try:
        with django_db_blocker.unblock():
            call_command("seed_demo", stdout=StringIO())
            get_user_model().objects.create_user(
                OUTSIDER, first_name="Ulla", last_name="Utanför", password=settings.DEMO_PASSWORD
            )
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        allowed.enable()
        try:
            yield f"http://localhost:{thread.port}"
        finally:
            allowed.disable()
            thread.terminate()
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        # While Playwright's event loop runs, Django keeps this thread's connection
        # apart from the one the test database was set up with; close it, or it
        # would block dropping the test database at the end of the session.
        connections.close_all()


@pytest.fixture(scope="module")
def page_for(browser, server):
    """One browser page per role for the whole module, logged in once through the form."""
    pages = {}

    def get(username):
        if username not in pages:
            page = browser.new_context(locale="sv-SE").new_page()
            page.set_default_timeout(15000)
            if username is not ANONYMOUS:
                page.goto(f"{server}/konto/logga-in/")
                page.get_by_label("Användarnamn").fill(username)
                page.get_by_label("Lösenord").fill(settings.DEMO_PASSWORD)
                page.get_by_role("button", name="Logga in").click()
                page.wait_for_url(f"{server}/")
            pages[username] = page
        return pages[username]

    yield get
    for page in pages.values():
        page.context.close()


@pytest.fixture
def open_page(page_for):
    """open_page(username, width) -> that role's page, at that width."""

    def open_(username, width):
        page = page_for(username)
        page.set_viewport_size({"width": width, "height": 800})
        return page

    return open_


def violation_report(results, where: str) -> str:
    """Readable axe violations: rule, impact, what to do, and each failing element."""
    lines = [f"{len(results.response['violations'])} accessibility violation(s) on {where}:"]
    for violation in results.response["violations"]:
        lines.append(
            f"\n* {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            for line in node.get("failureSummary", "").splitlines():
                lines.append(f"      {line}")
    return "\n".join(lines)


def assert_accessible(page, where: str, lang: str = "sv") -> None:
    """0 axe violations, the page language right, no dangling aria references, and no
    sideways scrolling (reflow)."""
    assert page.locator("html").get_attribute("lang") == lang, f"{where}: page language"
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, violation_report(results, where)
    dangling = page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
          .flatMap(el => ((el.getAttribute("aria-describedby") || "") + " "
                          + (el.getAttribute("aria-labelledby") || "")).split(/\\s+/))
          .filter(id => id && !document.getElementById(id))"""
    )
    assert dangling == [], f"{where}: aria references to missing ids {dangling}"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow} px"


def page_id(entry):
    return f"{entry.name}[{entry.username or 'anonym'}]"


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_page_has_no_wcag_21_aa_violations(server, open_page, entry, width):
    page = open_page(entry.username, width)
    response = page.goto(server + entry.url())
    where = f"{page_id(entry)} at {width}px ({page.url})"
    assert response.status == entry.status, f"{where}: status {response.status}"
    if entry.username is not ANONYMOUS:
        assert "/konto/logga-in/" not in page.url, f"{where}: not logged in"
    assert_accessible(page, where)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_login_errors_are_accessible(server, open_page, width):
    page = open_page(ANONYMOUS, width)
    page.goto(f"{server}/konto/logga-in/")
    page.get_by_role("button", name="Logga in").click()
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    # The error summary takes the focus, so it is read out and seen first.
    assert keyboard.has_focus(alert)
    assert page.locator(".field__error").count() == 2
    assert page.title().startswith("Fel: ")
    assert_accessible(page, f"login with errors at {width}px")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_password_change_errors_are_accessible_and_change_nothing(server, open_page, width):
    page = open_page(SOCIALCHEF, width)
    page.goto(f"{server}/konto/losenord/")
    page.get_by_label("Gammalt lösenord").fill("inte-mitt-losenord")
    page.locator("#id_new_password1").fill("kort")
    page.locator("#id_new_password2").fill("annat")
    page.get_by_role("button", name="Byt lösenord").click()
    assert page.get_by_role("alert").is_visible()
    assert page.url.endswith("/konto/losenord/")
    assert_accessible(page, f"password change with errors at {width}px")
    user = get_user_model().objects.get(username=SOCIALCHEF)
    assert user.check_password(settings.DEMO_PASSWORD)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_keyboard_only_login_partnership_and_logout(server, browser, width):
    """Tab / Shift+Tab / Enter only: log in, use the skip link, open the partnership,
    expand a body, log out; every focus stop shows a visible outline."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    try:
        walk_by_keyboard(server, context.new_page())
    finally:
        context.close()


def walk_by_keyboard(server, page):
    page.goto(f"{server}/konto/logga-in/")

    keyboard.type_into(page, page.get_by_label("Användarnamn"), SOCIALCHEF)
    keyboard.type_into(page, page.get_by_label("Lösenord"), settings.DEMO_PASSWORD)
    keyboard.press(page, "Enter")
    page.wait_for_url(f"{server}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")

    keyboard.use_skip_link(page)
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert in_main, f"after the skip link the focus left the main content: {keyboard.focused(page)}"
    keyboard.assert_focus_visible(page)

    keyboard.activate(page, page.get_by_role("link", name="Social välfärd och hälso- och sjukvård"))
    page.wait_for_url(f"{server}/partnerskap/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Social välfärd och hälso- och sjukvård"
    )

    body = page.locator("details", has_text="Beredningsgruppen")
    keyboard.activate(page, body.locator("summary"))
    assert body.get_attribute("open") is not None
    assert body.get_by_role("cell", name="Karin Lindqvist").is_visible()

    keyboard.activate(page, page.get_by_role("button", name="Logga ut"), backwards=True)
    page.wait_for_url(f"{server}/konto/logga-in/")
    page.goto(f"{server}/")
    assert "/konto/logga-in/" in page.url, "still logged in after logging out by keyboard"


def test_keyboard_only_language_switch_sets_the_page_language(server, browser):
    """WCAG 3.1.1: the language chosen by keyboard in the footer is the page's lang."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{server}/konto/logga-in/")
        keyboard.select_by_keyboard(page, page.get_by_label("Språk"), "English")
        with page.expect_navigation():
            keyboard.activate(page, page.get_by_role("button", name="Byt"))
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Log in"
        assert_accessible(page, "login in English", lang="en")

        keyboard.select_by_keyboard(page, page.get_by_label("Language"), "Svenska")
        with page.expect_navigation():
            keyboard.activate(page, page.get_by_role("button", name="Change"))
        assert page.get_by_role("heading", level=1).inner_text() == "Logga in"
    finally:
        context.close()
