import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_socialchef_logs_in_and_sees_the_start_page(login, live_server):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    page = login("socialchef-0680", "demo")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    assert page.get_by_text("Socialchefsnätverket (styrgrupp)").is_visible()
    assert page.get_by_role("cell", name="Ordförande").is_visible()


def test_wrong_password_shows_a_swedish_error(login, page, live_server, org):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").is_visible()
    assert "korrekt användarnamn" in page.get_by_role("alert").inner_text()
