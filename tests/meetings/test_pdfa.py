"""Issue 15: the minutes and their extracts are tagged PDF/A-3a, and adjusted minutes
have a stored web twin (R55, R57). The demo's PKS minutes of 2025-05-08 (seed 004).

The suite's stand-in for veraPDF: poppler's pdfinfo, pdffonts and pdftotext, and pikepdf
on the catalog (tests/reporting/pdfcheck.py; docs/accessible-documents.md).
"""

import io
import shutil

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from meetings import access, pdf, selectors
from meetings import demo as meetings_demo
from meetings.models import Meeting, MinutesVersion
from partnerships import demo as partnerships_demo
from tests.factories import UserFactory
from tests.reporting.pdfcheck import font_rows, run, struct_tree

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils")

User = get_user_model()
PARAGRAPHS = list(range(92, 107))  # § 92-106 of the demo's PKS minutes


@pytest.fixture
def demo(db):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        context = partnerships_demo.seed()
        meetings_demo.seed(**context)
    return context


@pytest.fixture
def minutes_pdf(demo, tmp_path):
    output = tmp_path / "pks.pdf"
    call_command("render_minutes", "--body", "pks", "--date", "2025-05-08", "--output", str(output))
    return output.read_bytes()


def check_catalog(data: bytes, title: str) -> None:
    """MarkInfo, StructTreeRoot, Lang, DisplayDocTitle, the sRGB intent, XMP part 3 A."""
    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "sv-SE"
        assert root.ViewerPreferences.DisplayDocTitle is True
        intents = list(root.OutputIntents)
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        profile = intents[0].DestOutputProfile.read_bytes()
        assert b"sRGB" in profile[:200] or "sRGB" in str(
            intents[0].get("/OutputConditionIdentifier")
        )
        with document.open_metadata() as xmp:
            assert xmp.get("pdfaid:part") == "3"
            assert xmp.get("pdfaid:conformance") == "A"
            assert xmp.get("dc:title") == title


def check_artifacts(data: bytes, *, running: str, footer: bool = True) -> None:
    """The running header and the page numbers are on the page but not in the tree
    (`footer`: nor is the organisation in the footer, when the body does not name it)."""
    tree_text = " ".join(n.text for n in struct_tree(data).walk())
    page_text = " ".join(run("pdftotext", data, "-layout").split())
    assert "Sida 1 av" in page_text and running in page_text
    assert "Sida 1 av" not in tree_text
    if footer:
        assert "Kommunal utveckling i Jönköpings län" not in tree_text
    with pikepdf.open(io.BytesIO(data)) as document:
        marks = [
            operands
            for operands, operator in pikepdf.parse_content_stream(document.pages[0])
            if str(operator) == "BDC"
        ]
    pagination = [m for m in marks if m[0] == "/Artifact"]
    assert len(pagination) >= 3  # running header, organisation, page number
    assert all(m[1].get("/Type") == "/Pagination" for m in pagination)


def test_issue15_r55_demo_minutes_are_tagged_with_headings_in_order(minutes_pdf):
    info = run("pdfinfo", minutes_pdf)
    assert "Tagged:          yes" in info
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    assert f"Title:           Protokoll – {meeting.body.name} 2025-05-08, § 92–106" in info
    tree = struct_tree(minutes_pdf)
    headings = [(n.kind, n.text) for n in tree.walk() if n.kind in ("H1", "H2", "H3", "H4")]
    assert headings[0] == ("H1", f"Protokoll från sammanträde med {meeting.body.name}")
    h2 = [text for kind, text in headings if kind == "H2"]
    assert h2[0] == "Närvaro" and h2[-1] == "Underskrifter"
    numbers = [int(t.split()[1]) for t in h2 if t.startswith("§ ")]
    assert numbers == PARAGRAPHS
    levels = [int(kind[1]) for kind, _text in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    # The bookmarks are the H2 headings, in the same order.
    with pikepdf.open(io.BytesIO(minutes_pdf)) as document, document.open_outline() as outline:
        assert [item.title for item in outline.root] == h2


def test_issue15_r55_demo_minutes_attendance_table_has_header_cells_with_scope(minutes_pdf):
    tree = struct_tree(minutes_pdf)
    headers = [n for n in tree.walk() if n.kind == "TH"]
    texts = [n.text for n in headers]
    for column in ("Namn", "Roll", "Närvaro"):
        assert column in texts
    scopes = {n.text: n.attributes for n in headers}
    assert "/Scope /Column" in scopes["Närvaro"]
    assert "/Scope /Row" in scopes["Camilla Bergqvist"]
    assert all(any(a.startswith("/Scope") for a in n.attributes) for n in headers)
    row = next(n for n in tree.walk() if n.kind == "TR" and "Camilla Bergqvist" in n.text)
    assert row.text == "Camilla Bergqvist ledamot, Eksjö Deltar digitalt"


def test_issue15_r55_demo_minutes_catalog_fonts_and_artifacts(minutes_pdf):
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    check_catalog(minutes_pdf, f"Protokoll – {meeting.body.name} 2025-05-08, § 92–106")
    rows = font_rows(minutes_pdf)
    assert rows and all(row["emb"] == "yes" for row in rows), rows
    check_artifacts(minutes_pdf, running=f"{meeting.body.name}, 2025-05-08, § 92–106 – version 1")


def test_issue15_r55_the_frozen_version_stores_its_twin_and_the_extract_is_tagged(demo):
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    version = selectors.current_minutes_version(meeting)
    assert version.has_web_twin
    assert 'id="p98"' in version.html and "Camilla Bergqvist" in version.html
    assert '<th scope="row">Camilla Bergqvist</th>' in version.html
    # Rendering again from the same content gives the same bytes: the adjustment covers
    # the SHA-256 of the minutes as they stood (R55), so rendering must not drift.
    signatures = list(meeting.adjustments.filter(voided_at__isnull=True).order_by("-role"))
    again, html = pdf.render_minutes_documents(
        meeting, signatures=signatures, version_number=version.number
    )
    assert (
        again
        == pdf.render_minutes_documents(
            meeting, signatures=signatures, version_number=version.number
        )[0]
    )
    assert html == version.html
    paragraph = meeting.paragraphs.get(number=98)
    extract = pdf.render_extract(meeting, paragraph, draft=False, signatures=signatures)
    assert "Tagged:          yes" in run("pdfinfo", extract)
    headings = [(n.kind, n.text) for n in struct_tree(extract).walk() if n.kind in ("H1", "H2")]
    assert headings[0][0] == "H1" and headings[0][1].startswith("Utdrag ur protokoll")
    assert [t for k, t in headings[1:]][0].startswith("§ 98 ")
    assert "Närvaro" not in [t for _k, t in headings]
    check_catalog(extract, f"Protokollsutdrag – {meeting.body.name} 2025-05-08, § 92–106")
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 1


def test_issue15_r57_the_twin_page_has_the_pdf_readers_only(client, demo):
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    url = reverse("meetings:minutes_web", args=[meeting.pk])
    client.force_login(User.objects.get(username="pks-0604"))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert meeting.body.name in page and "§ 98" in page
    assert reverse("meetings:minutes_pdf", args=[meeting.pk]) + "?version=1" in page
    assert response["Cache-Control"] == "private, no-store"
    detail = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert url in detail
    assert client.get(url + "?version=9").status_code == 404
    # Someone who may not read the PDF gets 404 for the page too.
    stranger = UserFactory()
    assert not access.may_read_minutes(stranger, meeting)
    client.force_login(stranger)
    assert client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert client.get(url).status_code == 404


def test_issue15_r42_a_twin_that_no_longer_matches_is_never_shown(client, demo):
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    version = selectors.current_minutes_version(meeting)
    MinutesVersion.objects.filter(pk=version.pk).update(html=version.html + "<p>ändrad</p>")
    client.force_login(User.objects.get(username="pks-0604"))
    response = client.get(reverse("meetings:minutes_web", args=[meeting.pk]))
    assert response.status_code == 500
    assert "ändrad" not in response.content.decode()
