"""Real browser: approving from the inbox, a gate decision, deciding for another municipality."""

import pytest

from matters.models import MatterDecision
from projects import services
from projects.models import Stage
from tests.browser import keyboard
from tests.projects.conftest import join, ready_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup(org):
    services.stages_ensure_default(partnership=org.partnership, actor=org.staff)
    portfolio = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_ifo)
    project = services.project_create(
        actor=org.tactical_chair,
        portfolio=portfolio,
        title="Barnahus i länet",
        purpose="Syfte",
        regional_value="Lika stöd i hela länet",
    )
    return project


def test_socialchef_approves_a_request_from_the_inbox_by_keyboard(page, live_server, org):
    """Issue 7 item 7 and issue 3 item 6: log in, open the inbox, approve with a comment and
    confirm using Tab / Enter and typing only (no mouse, no programmatic focus), on a 375 px
    screen; `keyboard.tab_to` asserts a visible focus at every stop on the way."""
    project = _setup(org)
    join(org, project, "0680")  # participation (R12) is asked in the inbox too: decided
    matter = ready_request(org, project)

    page.goto(f"{live_server.url}/konto/logga-in/")
    keyboard.type_into(page, page.get_by_label("Användarnamn"), "socialchef-0680")
    keyboard.type_into(page, page.get_by_label("Lösenord"), "correct horse battery")
    keyboard.press(page, "Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert "Att besluta (1)" in page.get_by_role("main").inner_text()

    keyboard.activate(page, page.get_by_role("link", name="Att besluta", exact=True))
    page.wait_for_url(f"{live_server.url}/att-besluta/")
    assert keyboard.focused(page) is None  # a new page: the walk starts from the top
    keyboard.use_skip_link(page)
    keyboard.activate(
        page, page.get_by_role("link", name="Godkänn Gemensamma medel: Barnahus i länet")
    )
    page.get_by_role("heading", name="Bekräfta godkännande").wait_for()
    assert not MatterDecision.objects.filter(matter=matter).exists()  # nothing yet

    keyboard.type_into(page, page.get_by_label("Kommentar (frivillig)"), "Jönköping deltar gärna.")
    stops = keyboard.tab_to(page, page.get_by_role("button", name="Bekräfta godkännande"))
    assert len(stops) == 1, "the confirm button does not follow the comment"
    keyboard.press(page, "Enter")
    # Issue 14.4: the message names the matter, gives the tally and links to the matter.
    page.get_by_text("Ditt godkännande av ”Gemensamma medel: Barnahus i länet”").wait_for()
    assert "1 av 13 har godkänt." in page.get_by_role("status").inner_text()
    assert page.get_by_role("status").get_by_role("link", name="Öppna ärendet").is_visible()
    assert "Inget väntar på ditt beslut just nu." in page.get_by_role("main").inner_text()

    decision = MatterDecision.objects.get(matter=matter)
    assert decision.municipality.code == "0680" and decision.verdict == "approve"
    assert decision.comment == "Jönköping deltar gärna."

    # The decision is in the history, reached by keyboard from the inbox.
    keyboard.activate(page, page.get_by_role("link", name="Fattade beslut"))
    page.wait_for_url(f"{live_server.url}/att-besluta/historik/")
    row = page.get_by_role("row", name="Gemensamma medel: Barnahus i länet")
    assert "Godkänt" in row.inner_text()


def test_socialchef_cancels_a_rejection_by_keyboard_and_nothing_is_recorded(page, live_server, org):
    """The confirmation step can be left by keyboard (Cancel) without deciding anything."""
    project = _setup(org)
    matter = ready_request(org, project)
    page.goto(f"{live_server.url}/konto/logga-in/")
    keyboard.type_into(page, page.get_by_label("Användarnamn"), "socialchef-0680")
    keyboard.type_into(page, page.get_by_label("Lösenord"), "correct horse battery")
    keyboard.press(page, "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/projekt/{project.pk}/")
    # The project page offers the decision that awaits Jönköping.
    keyboard.activate(
        page, page.get_by_role("link", name="Avslå Gemensamma medel: Barnahus i länet")
    )
    page.get_by_role("heading", name="Bekräfta avslag").wait_for()
    keyboard.activate(page, page.get_by_role("link", name="Avbryt"))
    page.wait_for_url(f"{live_server.url}/att-besluta/")
    assert not MatterDecision.objects.filter(matter=matter).exists()
    assert "Barnahus i länet" in page.get_by_role("main").inner_text()


def test_tactical_chair_moves_a_project_through_a_gate(login, live_server, org):
    project = _setup(org)
    join(org, project, "0604", "0680")
    page = login("taktisk-ifo")
    page.goto(f"{live_server.url}/projekt/{project.pk}/")
    page.get_by_role("link", name="Beslut om steg").click()
    page.get_by_label("Flytta till steg").select_option(label="Förstudie")
    page.get_by_label("Protokollsreferens").fill("TS IFO 2026-03-04 § 3")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.get_by_text("Projektet flyttades till steget ”Förstudie”.").wait_for()
    assert "TS IFO 2026-03-04 § 3" in page.get_by_role("main").inner_text()
    project.refresh_from_db()
    assert project.stage.kind == Stage.Kind.PRE_STUDY


def test_socialchef_cannot_decide_for_another_municipality(login, live_server, org):
    project = _setup(org)
    matter = ready_request(org, project)
    page = login("socialchef-0604")
    page.goto(f"{live_server.url}/arenden/{matter.pk}/besluta/?kommun=0680&beslut=reject")
    main = page.get_by_role("main").inner_text()
    assert "Du beslutar för Aneby" in main and "Jönköping" not in main
    # Even a tampered form is refused by the server.
    page.locator("input[name=municipality]").evaluate("el => el.value = '0680'")
    page.get_by_role("button", name="Bekräfta avslag").click()
    page.get_by_role("alert").wait_for()
    assert not MatterDecision.objects.filter(matter=matter).exists()
