"""Issue 15, R61: an adopted plan's frozen PDF is a tagged PDF/A-3a, and the version
stores a web twin of the same content, shown to the PDF's readers only.

The suite's stand-in for veraPDF: poppler and pikepdf (tests/reporting/pdfcheck.py).
"""

import datetime
import io
import shutil

import pikepdf
import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from matters import services as matter_services
from plans import services
from plans.models import PlanVersion
from tests.meetings.test_pdfa import check_artifacts, check_catalog
from tests.reporting.pdfcheck import font_rows, run, struct_tree

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils")


@pytest.fixture
def adopted(org, plan_setup):
    """The plan adopted by consensus of all 13 (R5), frozen as version 1 (R61)."""
    plan = plan_setup[0]
    matter = services.plan_propose(actor=org.staff, plan=plan)
    matter_services.matter_mark_ready(
        actor=org.socialchef_aneby,
        matter=matter,
        due_date=datetime.date.today() + datetime.timedelta(days=7),
    )
    for code, person in sorted(org.socialchefer.items()):
        matter_services.matter_decide(
            actor=person, matter=matter, municipality=org.municipalities[code], verdict="approve"
        )
    plan.refresh_from_db()
    return plan, plan.versions.get()


def test_issue15_r61_the_adopted_plan_pdf_is_tagged_with_headings_and_table_headers(adopted):
    plan, version = adopted
    data = bytes(version.pdf)
    assert "Tagged:          yes" in run("pdfinfo", data)
    tree = struct_tree(data)
    headings = [(n.kind, n.text) for n in tree.walk() if n.kind in ("H1", "H2", "H3", "H4")]
    assert headings[0] == ("H1", plan.title)
    assert ("H2", "Vision") in headings and ("H2", "Strategiska mål") in headings
    assert headings.index(("H2", "Strategiska mål")) < headings.index(
        ("H3", "1. Ändamålsenlig verksamhet")
    )
    levels = [int(kind[1]) for kind, _text in headings]
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    headers = {n.text: n.attributes for n in tree.walk() if n.kind == "TH"}
    assert "/Scope /Column" in headers["Mätetal"]
    assert "/Scope /Row" in headers["Andel mycket nöjda"]
    with pikepdf.open(io.BytesIO(data)) as document, document.open_outline() as outline:
        titles = [item.title for item in outline.root]
        children = [child.title for item in outline.root for child in item.children]
    assert titles == [t for k, t in headings if k == "H2"]
    assert children == [t for k, t in headings if k == "H3"]
    check_catalog(data, plan.title)
    rows = font_rows(data)
    assert rows and all(row["emb"] == "yes" for row in rows), rows
    check_artifacts(data, running=f"{plan.title} – version 1", footer=False)


def test_issue15_r61_the_version_stores_its_twin_in_the_same_insert(adopted):
    plan, version = adopted
    assert version.has_web_twin
    assert plan.title in version.html and '<th scope="row">Andel mycket nöjda</th>' in version.html
    history = version.history.get()  # one INSERT, no later UPDATE
    assert history.history_type == "+" and history.html_sha256 == version.html_sha256
    with pytest.raises(IntegrityError), transaction.atomic():  # frozen like the PDF (R61)
        PlanVersion.objects.filter(pk=version.pk).update(html="<p>annat</p>")


def test_issue15_r61_the_twin_page_has_the_pdf_readers_only(client, org, adopted):
    plan, version = adopted
    url = reverse("plans:version_web", args=[plan.pk, version.number])
    client.force_login(org.socialchef_aneby)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Andel mycket nöjda" in page
    assert reverse("plans:download", args=[plan.pk, version.number]) in page
    assert response["Cache-Control"] == "private, no-store"
    assert url in client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert client.get(reverse("plans:version_web", args=[plan.pk, 9])).status_code == 404
    client.force_login(org.outsider)
    assert client.get(reverse("plans:download", args=[plan.pk, 1])).status_code == 404
    assert client.get(url).status_code == 404


def test_issue15_r42_a_twin_that_no_longer_matches_is_never_shown(client, org, adopted):
    plan, version = adopted
    client.force_login(org.socialchef_aneby)
    with connection.cursor() as cursor:  # the trigger refuses every UPDATE (R61)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER
        cursor.execute("ALTER TABLE plans_planversion DISABLE TRIGGER planversion_frozen")
        PlanVersion.objects.filter(pk=version.pk).update(html=version.html + "<p>ändrad</p>")
        cursor.execute("ALTER TABLE plans_planversion ENABLE TRIGGER planversion_frozen")
    response = client.get(reverse("plans:version_web", args=[plan.pk, version.number]))
    assert response.status_code == 302
    assert "ändrad" not in client.get(response["Location"]).content.decode()
