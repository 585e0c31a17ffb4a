"""Real browser, phone width (375 px): issue 14 items 3 and 4 in "Att besluta".

Item 3: a project awaiting Jönköping's participation decision (R12) is in the inbox
with the same one-tap flow (Ansluter / Avstår, then confirm). Item 4: after a decision
the message names the matter or project, gives the new tally and links to it.
Screenshots go to $SHOTS_DIR (default /work/shots) when it can be written.
"""

import os
import pathlib

import pytest

from matters.models import MatterDecision
from projects import services
from projects.models import ParticipationDecision
from tests.projects.conftest import approve_all, ready_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = pathlib.Path(os.environ.get("SHOTS_DIR", "/work/shots"))


def _shot(page, name):
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    page.screenshot(path=str(SHOTS / f"inbox-{name}.png"), full_page=True)


def _project(org):
    services.stages_ensure_default(partnership=org.partnership, actor=org.staff)
    portfolio = services.portfolio_ensure(actor=org.staff, tactical_group=org.tactical_ifo)
    return services.project_create(
        actor=org.tactical_chair,
        portfolio=portfolio,
        title="Barnahus i länet",
        purpose="Samlat stöd till barn som utsatts för våld.",
        regional_value="Lika stöd i hela länet",
    )


def test_socialchef_joins_a_project_from_the_inbox_on_a_phone(login, live_server, org):
    project = _project(org)
    page = login("socialchef-0680")
    assert "Att besluta (1)" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Att besluta", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/att-besluta/")
    card = page.locator(".inbox__item", has_text="Barnahus i länet")
    assert "Deltar er kommun i projektet?" in card.inner_text()
    assert "13 av 13 kommuner" in card.inner_text()
    _shot(page, "participation-375")

    page.get_by_role("link", name="Ansluter Barnahus i länet").click()
    page.get_by_role("heading", name="Bekräfta att ni ansluter").wait_for()
    assert not ParticipationDecision.objects.exists()  # nothing until confirmed
    _shot(page, "participation-confirm-375")
    page.get_by_role("button", name="Bekräfta att ni ansluter").click()

    page.wait_for_url(f"{live_server.url}/att-besluta/")
    status = page.get_by_role("status")
    status.get_by_text("Jönköping ansluter till ”Barnahus i länet”.").wait_for()
    assert "1 av 13 har anslutit." in status.inner_text()
    link = status.get_by_role("link", name="Öppna projektet")
    assert link.get_attribute("href") == f"/projekt/{project.pk}/"
    assert "Inget väntar på ditt beslut just nu." in page.get_by_role("main").inner_text()
    _shot(page, "after-joining-375")
    decision = ParticipationDecision.objects.get()
    assert (decision.municipality.code, decision.status) == ("0680", "joined")


def test_after_approving_the_message_names_the_matter_and_the_tally(login, live_server, org):
    project = _project(org)
    for code in org.socialchefer:
        services.participation_decide(
            actor=org.socialchefer[code],
            project=project,
            municipality=org.municipalities[code],
            status="joined",
        )
    matter = ready_request(org, project)
    approve_all(org, matter, except_codes=("0604", "0617", "0642", "0680"))
    page = login("socialchef-0680")
    page.goto(f"{live_server.url}/att-besluta/")
    _shot(page, "inbox-375")
    page.get_by_role("link", name="Godkänn Gemensamma medel: Barnahus i länet").click()
    page.get_by_role("button", name="Bekräfta godkännande").click()
    page.wait_for_url(f"{live_server.url}/att-besluta/")
    status = page.get_by_role("status")
    status.get_by_text("Ditt godkännande av ”Gemensamma medel: Barnahus i länet”").wait_for()
    assert "10 av 13 har godkänt." in status.inner_text()
    _shot(page, "after-deciding-375")
    status.get_by_role("link", name="Öppna ärendet").click()
    page.wait_for_url(f"{live_server.url}/arenden/{matter.pk}/")
    assert MatterDecision.objects.filter(matter=matter, municipality__code="0680").exists()
