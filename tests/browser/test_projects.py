"""Real browser: approving from the inbox, a gate decision, deciding for another municipality."""

import pytest

from projects import services
from projects.models import MatterDecision, Stage
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


def test_socialchef_approves_a_request_from_the_inbox_by_keyboard(login, live_server, org):
    project = _setup(org)
    matter = ready_request(org, project)
    page = login("socialchef-0680")
    assert "Att besluta (1)" in page.get_by_role("main").inner_text()

    page.get_by_role("link", name="Att besluta", exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/projekt/att-besluta/")
    approve = page.get_by_role("link", name="Godkänn Gemensamma medel: Barnahus i länet")
    approve.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bekräfta godkännande").wait_for()
    page.get_by_label("Kommentar (frivillig)").focus()
    page.keyboard.type("Jönköping deltar gärna.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the confirm button follows the comment
    page.get_by_text("Ditt godkännande registrerades.").wait_for()
    assert "Inget väntar på ditt beslut just nu." in page.get_by_role("main").inner_text()

    decision = MatterDecision.objects.get(matter=matter)
    assert decision.municipality.code == "0680" and decision.verdict == "approve"
    assert decision.comment == "Jönköping deltar gärna."


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
    page.goto(f"{live_server.url}/projekt/arenden/{matter.pk}/besluta/?kommun=0680&beslut=reject")
    main = page.get_by_role("main").inner_text()
    assert "Du beslutar för Aneby" in main and "Jönköping" not in main
    # Even a tampered form is refused by the server.
    page.locator("input[name=municipality]").evaluate("el => el.value = '0680'")
    page.get_by_role("button", name="Bekräfta avslag").click()
    page.get_by_role("alert").wait_for()
    assert not MatterDecision.objects.filter(matter=matter).exists()
