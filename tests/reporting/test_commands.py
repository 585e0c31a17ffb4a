"""`render_report` per DOMAIN.md, and the demo reports."""

import csv
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reporting.models import Report, ReportVersion
from tests.reporting import summaries
from tests.reporting.pdftext import line_with, pdf_text


def test_render_report_creates_the_draft_and_writes_the_pdf(org, fake_providers, tmp_path):
    output = tmp_path / "q1.pdf"
    out = StringIO()
    call_command(
        "render_report", "--year", "2026", "--period", "q1", "--output", str(output), stdout=out
    )
    report = Report.objects.get()
    assert (report.year, report.period) == (2026, "q1")
    assert "Nytt utkast skapat" in out.getvalue()
    text = pdf_text(output.read_bytes())
    for row in summaries.allocation(Decimal("6200000")):
        assert line_with(text, row.name, f"{int(row.amount):,}".replace(",", " ") + " kr")
    assert not ReportVersion.objects.exists()


def test_render_report_renders_the_current_draft_texts(org, draft, fake_providers, tmp_path):
    draft.summary = "Aktuell utkasttext för rendering."
    draft.save()
    output = tmp_path / "q1.pdf"
    call_command(
        "render_report",
        "--year=2026",
        "--period=q1",
        "--partnership=social-valfard",
        f"--output={output}",
        stdout=StringIO(),
    )
    assert "Aktuell utkasttext för rendering." in pdf_text(output.read_bytes())
    assert Report.objects.count() == 1


def test_render_report_unknown_partnership_is_a_clear_error(org, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command(
            "render_report",
            "--year=2026",
            "--period=q1",
            "--partnership=okand",
            f"--output={tmp_path / 'x.pdf'}",
        )
    assert not (tmp_path / "x.pdf").exists()


def test_render_report_without_report_data_is_a_clear_error(org, tmp_path, economy_refused):
    with pytest.raises(CommandError, match="Underlaget"):
        call_command(
            "render_report", "--year=2026", "--period=q1", f"--output={tmp_path / 'x.pdf'}"
        )


def test_render_report_rejects_unknown_period(org, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "render_report", "--year=2026", "--period=q3", f"--output={tmp_path / 'x.pdf'}"
        )


def test_demo_publishes_q1_once_when_data_exists(db, fake_providers):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    report = Report.objects.get(year=2026, period="q1")
    assert "Demotext" in report.summary
    assert list(report.versions.values_list("number", flat=True)) == [1]


def test_demo_leaves_a_draft_when_the_report_data_is_missing(db, economy_refused):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    report = Report.objects.get(year=2026, period="q1")
    assert not report.versions.exists()
    assert "utkast" in out.getvalue()


@pytest.mark.integration
def test_integration_demo_q1_pdf_holds_every_municipality_and_its_fee(db, tmp_path):
    """Real providers: the rendered Q1 2026 report shows exactly the fee_allocation amounts."""
    from django.conf import settings

    from partnerships import permissions
    from partnerships.models import Partnership
    from reporting.pdf import render_report
    from reporting.services import report_get_or_create

    call_command("seed_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="social-valfard")
    report, _created = report_get_or_create(
        actor=permissions.OPERATOR, partnership=partnership, year=2026, period="q1"
    )
    text = pdf_text(render_report(report, draft=True))

    out = StringIO()
    call_command("fee_allocation", "--year=2026", "--format=csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 13
    assert sum(Decimal(r["avgift_kr"]) for r in rows) == Decimal("6200000")
    for row in rows:
        amount = f"{int(Decimal(row['avgift_kr'])):,}".replace(",", " ") + " kr"
        line = line_with(text, row["kommun"], amount)
        assert line is not None, f"{row['kommun']} {amount} saknas i PDF:en"
    assert settings.LANGUAGE_CODE == "sv"
