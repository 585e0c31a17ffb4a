"""Bad input at every finance form and import (issue 7 item 4): never a 500, a clear
Swedish error, nothing half saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance import services
from finance.models import BudgetLine
from tests.security.fuzz import formula_text, fuzz_form, fuzz_import, fuzz_raw_body

pytestmark = pytest.mark.django_db

EXAMPLES = 30
MONEY_FIELDS = [
    "opening_funds",
    "granted_funds",
    "budget_amount",
    "forecast",
    "outcome_q1",
    "outcome_q2",
    "outcome_q3",
    "outcome_q4",
    "plan_2027",
    "plan_2028",
]


@pytest.fixture
def line(matrix_org):
    budget = services.budget_create(
        actor=matrix_org.staff, partnership=matrix_org.partnership, year=2026
    )
    return services.budget_line_create(
        actor=matrix_org.staff,
        budget=budget,
        area="Funktionsstöd",
        name="Kompetensutveckling",
        ledger_code="4010",
        budget_amount=Decimal("1000"),
    )


def _url(name, org, **kwargs):
    return reverse(f"finance:{name}", kwargs={"slug": org.partnership.slug, **kwargs})


def test_fee_index_form(client, matrix_org):
    fuzz_form(
        client,
        _url("fee_index", matrix_org, year=2027),
        ["percent", "source"],
        user=matrix_org.staff,
        name="fee index",
        max_examples=EXAMPLES,
    )


def test_budget_create_form(client, matrix_org):
    fuzz_form(
        client,
        _url("budget_create", matrix_org),
        ["year", "note"],
        user=matrix_org.staff,
        name="budget create",
        max_examples=EXAMPLES,
    )


def test_funding_source_form(client, matrix_org, line):
    fuzz_form(
        client,
        _url("funding_source_create", matrix_org, year=2026),
        ["kind", "name", "amount", "note"],
        user=matrix_org.staff,
        name="funding source",
        max_examples=EXAMPLES,
    )


def test_budget_line_create_form(client, matrix_org, line):
    fuzz_form(
        client,
        _url("line_create", matrix_org, year=2026),
        ["area", "project", "name", "ledger_code", *MONEY_FIELDS],
        user=matrix_org.staff,
        name="budget line create",
        max_examples=EXAMPLES,
    )


def test_budget_line_edit_form(client, matrix_org, line):
    fuzz_form(
        client,
        _url("line_edit", matrix_org, year=2026, pk=line.pk),
        ["name", "ledger_code", *MONEY_FIELDS],
        fixed={"area": line.area, "version": str(line.version)},
        user=matrix_org.staff,
        accepted=(302, 409),
        name="budget line edit",
        max_examples=EXAMPLES,
    )


def test_budget_line_raw_bodies(client, matrix_org, line):
    fuzz_raw_body(
        client,
        _url("line_edit", matrix_org, year=2026, pk=line.pk),
        user=matrix_org.staff,
        name="budget line edit",
    )


def test_outcome_import_service(matrix_org, line):
    budget = line.budget
    fuzz_import(
        lambda text: services.outcomes_import(actor=matrix_org.staff, budget=budget, text=text),
        name="outcome import",
        max_examples=100,
    )
    assert BudgetLine.objects.filter(pk=line.pk).exists()


# --- Formula payloads in texts that reach the report PDF (areas, line and source names) -----

PDF_EXAMPLES = 5  # each renders a real PDF


def report_pdf_renders(client, org, rendered: list):
    """After an accepted input, the partnership's report (its economy section) renders as PDF."""
    url = reverse("reporting:preview_pdf", args=[org.reports.draft.pk])

    def check(response, data):
        pdf = client.get(url)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        rendered.append(data)

    return check


def test_budget_line_texts_with_formula_payloads_render_in_the_report_pdf(client, matrix_org, line):
    rendered = []
    fuzz_form(
        client,
        _url("line_create", matrix_org, year=2026),
        ["area", "name"],
        fixed={"ledger_code": "4020", "budget_amount": "100"},
        values=formula_text,
        user=matrix_org.staff,
        check_accepted=report_pdf_renders(client, matrix_org, rendered),
        name="budget line texts (formula payloads, report PDF)",
        max_examples=PDF_EXAMPLES,
    )
    assert rendered, "no input was accepted, so no PDF was rendered"


def test_funding_source_names_with_formula_payloads_render_in_the_report_pdf(
    client, matrix_org, line
):
    rendered = []
    fuzz_form(
        client,
        _url("funding_source_create", matrix_org, year=2026),
        ["name", "note"],
        fixed={"kind": "other_external", "amount": "5"},
        values=formula_text,
        user=matrix_org.staff,
        check_accepted=report_pdf_renders(client, matrix_org, rendered),
        name="funding source names (formula payloads, report PDF)",
        max_examples=PDF_EXAMPLES,
    )
    assert rendered, "no input was accepted, so no PDF was rendered"
