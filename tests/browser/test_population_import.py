"""Issue 14, item 2: kansliet imports the population figures the 2027 fee split needs (R22),
from the fee page's message, with a preview before anything is saved; on a phone."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KU_SHOTS", "/work/shots")
FEE_2027 = "/ekonomi/social-valfard/avgift/2027/"


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"popimport-{name}.png"), full_page=True)


def _axe_clean(page):
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    assert result.violations_count == 0, result.generate_report()


def _figures_2025() -> str:
    """The demo's figures on 2024-12-31, each municipality 25 more a year later."""
    import datetime

    from partnerships.models import PopulationFigure

    rows = PopulationFigure.objects.filter(date=datetime.date(2024, 12, 31)).select_related(
        "municipality"
    )
    lines = [
        f"{f.municipality.code},{f.municipality.name},2025-12-31,{f.population + 25}"
        for f in rows.order_by("municipality__code")
    ]
    assert len(lines) == 13
    return "kommunkod,kommun,datum,folkmangd\n" + "\n".join(lines) + "\n"


def test_r22_office_imports_missing_population_from_the_fee_page(login, page, live_server):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    text = _figures_2025()
    login("kansli", "demo")
    page.goto(live_server.url + FEE_2027)
    assert page.get_by_role("alert").inner_text().startswith("Folkmängd saknas")
    # Nothing to export yet: no download links, and the page says why.
    assert page.get_by_role("link", name="Ladda ner CSV").count() == 0
    assert page.get_by_text("Det finns inget att ladda ner").is_visible()
    _shot(page, "fee-2027-missing")
    page.get_by_role("link", name="Importera folkmängd").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Importera folkmängd"

    # A bad line: refused with its line number, nothing saved, the file must be chosen again.
    bad = text + "0617,Gnosjö,2025-12-31,många\n"
    page.get_by_label("CSV-fil med folkmängd").set_input_files(
        {"name": "folkmangd.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    error = page.locator(".field__error").inner_text()
    assert "Inget sparades. Rad 15:" in error and "välj den igen" in error
    _axe_clean(page)
    _shot(page, "import-refused")

    page.get_by_label("CSV-fil med folkmängd").set_input_files(
        {"name": "folkmangd.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Granska folkmängden"
    assert page.get_by_text("Filen har 13 rader").is_visible()
    total = page.locator("tfoot tr")
    assert "Summa" in total.inner_text() and "+325" in total.inner_text()
    assert page.get_by_text("Folkmängd per 2025-12-31 jämfört med 2024-12-31").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    table = page.locator(".table-wrap").first
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth"), "the preview scrolls sideways"
    _axe_clean(page)
    _shot(page, "preview")

    page.get_by_role("button", name="Spara folkmängden").click()
    assert page.url.endswith(FEE_2027)
    assert page.get_by_text("Folkmängd sparad: 13 nya, 0 ändrade, 0 oförändrade.").is_visible()
    assert page.get_by_text("Folkmängd saknas").count() == 0
    assert page.get_by_role("link", name="Ladda ner CSV").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "fee-2027-after-import")
    # The exports of the split now answer.
    csv = page.request.get(live_server.url + FEE_2027 + "fordelning.csv")
    assert csv.status == 200 and len(csv.text().splitlines()) == 14
