"""The office's population import page (R22): upload, preview, confirm; all or nothing."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import views
from partnerships.models import PopulationFigure

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "partnerships" / "data" / "population-2024-12-31.csv"
FIGURES_2024 = DATA.read_text(encoding="utf-8")
# The same 13 municipalities a year later, each 10 more people.
FIGURES_2025 = "kommunkod,kommun,datum,folkmangd\n" + "".join(
    f"{code},{name},2025-12-31,{int(population) + 10}\n"
    for code, name, _date, population in (
        line.split(",") for line in FIGURES_2024.strip().splitlines()[1:]
    )
)


def upload_url(org):
    return reverse("population_import", args=[org.partnership.slug])


def confirm_url(org):
    return reverse("population_import_confirm", args=[org.partnership.slug])


def csv_file(text, name="folkmangd.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(client, org, text, *, query=""):
    return client.post(upload_url(org) + query, {"file": csv_file(text), "source": "SCB 2026"})


@pytest.fixture
def figures_2024(client, org):
    client.force_login(org.staff)
    upload(client, org, FIGURES_2024)
    client.post(
        confirm_url(org), {"digest": client.session[views.POPULATION_SESSION_KEY]["digest"]}
    )
    assert PopulationFigure.objects.count() == 13


def test_r22_upload_shows_a_preview_and_saves_nothing(client, org, figures_2024):
    response = upload(client, org, FIGURES_2025, query="?ar=2027")
    assert response.status_code == 302
    assert response["Location"] == confirm_url(org) + "?ar=2027"
    assert PopulationFigure.objects.filter(date=datetime.date(2025, 12, 31)).count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "13 rader" in page and "13 nya" in page
    assert "Jönköping" in page and "147\u00a0664" in page  # the 2025 figure
    assert "147\u00a0654" in page and "2024-12-31" in page  # the previous one
    total_2024 = sum(int(line.rsplit(",", 1)[1]) for line in FIGURES_2024.split()[1:])
    assert f"{total_2024 + 130:,}".replace(",", "\u00a0") in page
    assert "+130" in page  # the change in total
    assert PopulationFigure.objects.filter(date=datetime.date(2025, 12, 31)).count() == 0


def test_r22_confirm_saves_all_and_leads_back_to_the_fee(client, org, figures_2024):
    upload(client, org, FIGURES_2025, query="?ar=2027")
    digest = client.session[views.POPULATION_SESSION_KEY]["digest"]
    response = client.post(confirm_url(org) + "?ar=2027", {"digest": digest})
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:allocation", args=[org.partnership.slug, 2027])
    saved = PopulationFigure.objects.filter(date=datetime.date(2025, 12, 31))
    assert saved.count() == 13
    assert {figure.source for figure in saved} == {"SCB 2026"}
    assert views.POPULATION_SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Folkmängd sparad: 13 nya, 0 ändrade, 0 oförändrade." in page


def test_r22_confirm_uses_the_server_side_text_not_the_client(client, org):
    client.force_login(org.staff)
    upload(client, org, FIGURES_2024)
    # Whatever the client sends besides the digest is ignored; a wrong digest saves nothing.
    response = client.post(confirm_url(org), {"digest": "0" * 64, "text": FIGURES_2025})
    assert response.status_code == 302
    assert PopulationFigure.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "En annan fil laddades upp" in page


def test_r22_confirm_rechecks_the_file(client, org, monkeypatch):
    client.force_login(org.staff)
    upload(client, org, FIGURES_2024)
    session = client.session
    pending = session[views.POPULATION_SESSION_KEY]
    pending["text"] += "0999,Påhittad,2024-12-31,100\n"  # as if changed after the preview
    session[views.POPULATION_SESSION_KEY] = pending
    session.save()
    response = client.post(confirm_url(org), {"digest": pending["digest"]})
    assert response.status_code == 302 and response["Location"] == upload_url(org)
    assert PopulationFigure.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "Inget sparades. Rad 15:" in page and "0999" in page


def test_r22_bad_line_refused_with_line_number_and_nothing_kept(client, org):
    client.force_login(org.staff)
    response = upload(client, org, FIGURES_2024 + "0617,Gnosjö,2024-12-31,många\n")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget sparades. Rad 15:" in page and "många" in page
    assert "välj den igen" in page  # the browser forgets the file: say so
    assert views.POPULATION_SESSION_KEY not in client.session
    assert PopulationFigure.objects.count() == 0


def test_r22_confirm_without_upload_leads_to_the_upload(client, org):
    client.force_login(org.staff)
    response = client.get(confirm_url(org))
    assert response.status_code == 302 and response["Location"] == upload_url(org)


@pytest.mark.parametrize(
    "persona, status", [("socialchef_aneby", 403), ("pks_member", 403), ("outsider", 404)]
)
def test_r22_only_the_office_imports(client, org, persona, status):
    client.force_login(getattr(org, persona))
    assert client.get(upload_url(org)).status_code == status
    assert upload(client, org, FIGURES_2024).status_code == status
    assert client.post(confirm_url(org), {"digest": "x"}).status_code == status
    assert PopulationFigure.objects.count() == 0


def test_r22_fee_page_links_the_office_to_the_import(client, org):
    fee_page = reverse("finance:allocation", args=[org.partnership.slug, 2026])
    link = upload_url(org) + "?ar=2026"
    client.force_login(org.staff)
    page = client.get(fee_page).content.decode()
    assert "Folkmängd saknas" in page and link in page
    assert "fordelning.csv" not in page and "inget att ladda ner" in page
    overview = client.get(reverse("finance:overview", args=[org.partnership.slug]))
    assert upload_url(org) in overview.content.decode()
    client.force_login(org.socialchef_aneby)
    assert upload_url(org) not in client.get(fee_page).content.decode()
