"""Finance pages: staff write, members read, PKS sees the fee split, outsiders get nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from finance import services
from finance.models import Budget, BudgetLine, FundingSource, Outcome, YearlyFee

pytestmark = pytest.mark.django_db
SLUG = "social-valfard"


def url(name, *args):
    return reverse(f"finance:{name}", args=[SLUG, *args])


# --- Overview --------------------------------------------------------------


def test_member_reads_overview_with_fees(client, org):
    client.force_login(org.socialchef_aneby)
    response = client.get(url("overview"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "6\u00a0200\u00a0000\u00a0kr" in text and "Ej beslutad" in text
    assert url("fee_decide", 2026) not in text  # no staff actions for members


def test_staff_sees_actions_on_overview(client, org):
    client.force_login(org.staff)
    text = client.get(url("overview")).content.decode()
    assert url("fee_decide", 2026) in text and url("budget_create") in text


@pytest.mark.parametrize("persona, status", [("pks_member", 403), ("outsider", 404)])
def test_overview_refused(client, org, persona, status):
    client.force_login(getattr(org, persona))
    assert client.get(url("overview")).status_code == status


def test_overview_needs_login(client, org):
    response = client.get(url("overview"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_nav_shows_economy_to_members_fees_to_pks_nothing_to_outsiders(client, org):
    client.force_login(org.socialchef_aneby)
    assert f'href="{url("overview")}"' in client.get(reverse("start")).content.decode()
    client.force_login(org.pks_member)
    assert "/ekonomi/social-valfard/avgift/" in client.get(reverse("start")).content.decode()
    client.force_login(org.outsider)
    assert "/ekonomi/" not in client.get(reverse("start")).content.decode()


# --- Fee index and decision (R21) -------------------------------------------


def test_r21_staff_enters_index(client, org):
    client.force_login(org.staff)
    response = client.post(url("fee_index", 2027), {"percent": "3,25", "source": "SKR PKV"})
    assert response.status_code == 302
    fee = YearlyFee.objects.get(year=2027)
    assert fee.index_percent == Decimal("3.25") and fee.index_source == "SKR PKV"
    assert fee.history.first().history_user == org.staff


def test_r21_bad_index_keeps_input_and_changes_nothing(client, org):
    client.force_login(org.staff)
    response = client.post(url("fee_index", 2027), {"percent": "tre", "source": "Min källa"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ange indexet i procent" in text and 'value="Min källa"' in text
    assert not YearlyFee.objects.exists()


def test_r21_member_cannot_enter_index(client, org):
    client.force_login(org.socialchef_jonkoping)
    response = client.post(url("fee_index", 2027), {"percent": "3", "source": "x"})
    assert response.status_code == 403
    assert not YearlyFee.objects.exists()


def test_r21_decide_needs_confirmation(client, org):
    client.force_login(org.staff)
    assert client.get(url("fee_decide", 2026)).status_code == 200
    response = client.post(url("fee_decide", 2026), {"reference": "PKS § 4"})
    assert response.status_code == 200 and "Bekräfta" in response.content.decode()
    assert not YearlyFee.objects.exists()
    response = client.post(url("fee_decide", 2026), {"reference": "PKS § 4", "confirm": "on"})
    assert response.status_code == 302
    fee = YearlyFee.objects.get(year=2026)
    assert fee.amount == Decimal("6200000") and fee.decided_by == org.staff
    assert fee.decision_reference == "PKS § 4"


def test_r21_decide_refused_shows_reason(client, org):
    client.force_login(org.staff)
    response = client.post(url("fee_decide", 2027), {"confirm": "on"})
    assert response.status_code == 200
    assert "Besluta avgiften för 2026 först" in response.content.decode()
    assert not YearlyFee.objects.filter(decided_at__isnull=False).exists()


@pytest.mark.parametrize("persona, status", [("socialchef_aneby", 403), ("outsider", 404)])
def test_r21_decide_refused_for_non_staff(client, org, persona, status):
    client.force_login(getattr(org, persona))
    response = client.post(url("fee_decide", 2026), {"confirm": "on"})
    assert response.status_code == status
    assert not YearlyFee.objects.exists()


# --- Allocation page and downloads (R22) ------------------------------------


@pytest.mark.parametrize("persona", ["socialchef_aneby", "pks_member", "tactical_member", "staff"])
def test_r22_everyone_in_the_partnership_reads_allocation(client, org, populations, persona):
    client.force_login(getattr(org, persona))
    response = client.get(url("allocation", 2026))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Jönköping" in text and "2\u00a0474\u00a0142\u00a0kr" in text
    assert "147\u00a0654" in text and "39,91&nbsp;%" in text
    assert "6\u00a0200\u00a0000\u00a0kr" in text
    assert "Inte beslutad" in text


def test_r22_outsider_gets_404_on_allocation_and_downloads(client, org, populations):
    client.force_login(org.outsider)
    for name in ("allocation", "allocation_csv", "allocation_xlsx"):
        assert client.get(url(name, 2026)).status_code == 404


def test_r22_allocation_page_names_missing_population(client, org, populations):
    populations[0].delete()
    client.force_login(org.socialchef_aneby)
    response = client.get(url("allocation", 2026))
    assert response.status_code == 200
    assert "Folkmängd saknas för Aneby (0604) per 2024-12-31" in response.content.decode()
    # No split, nothing to export: the downloads lead to the page that says why, never 404.
    for name in ("allocation_csv", "allocation_xlsx"):
        answer = client.get(url(name, 2026))
        assert answer.status_code == 302 and answer["Location"] == url("allocation", 2026)
    assert "download>" not in response.content.decode()


def test_r22_csv_download(client, org, populations):
    client.force_login(org.pks_member)
    response = client.get(url("allocation_csv", 2026))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "kommunkod,kommun,folkmangd,andel,avgift_kr"
    assert len(lines) == 14
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == 6200000


def test_r22_xlsx_download(client, org, populations):
    client.force_login(org.socialchef_aneby)
    response = client.get(url("allocation_xlsx", 2026))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(rows) == 13
    assert sum(r[4] for r in rows) == 6200000
    assert sheet.cell(row=sheet.max_row, column=5).value == 6200000


def test_r22_allocation_query_count_is_flat(
    client, org, populations, django_assert_max_num_queries
):
    client.force_login(org.socialchef_aneby)
    with django_assert_max_num_queries(16):
        assert client.get(url("allocation", 2026)).status_code == 200


# --- Budget page ------------------------------------------------------------


def test_r25_member_reads_budget_with_chart_and_table(client, org, budget, line):
    services.budget_line_update(
        actor=org.staff,
        line=line,
        expected_version=1,
        outcomes={1: Decimal("300000"), 2: Decimal("350000")},
    )
    client.force_login(org.socialchef_aneby)
    response = client.get(url("budget", 2026))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and "<title" in text and "<desc" in text
    assert "1\u00a0700\u00a0tkr" in text  # available = 500 000 + 1 200 000
    assert "650\u00a0tkr" in text  # outcome to date Q1 + Q2
    assert "administrationskostnader" in text
    assert url("line_edit", 2026, line.pk) not in text


def test_budget_page_refused(client, org, budget):
    client.force_login(org.pks_member)
    assert client.get(url("budget", 2026)).status_code == 403
    client.force_login(org.outsider)
    assert client.get(url("budget", 2026)).status_code == 404


def test_budget_page_missing_year_is_404(client, org):
    client.force_login(org.staff)
    assert client.get(url("budget", 2031)).status_code == 404


def test_budget_page_queries_do_not_grow_with_lines(client, org, budget, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        services.budget_line_create(
            actor=org.staff,
            budget=budget,
            area=f"Område {n % 3}",
            name=f"Rad {n}",
            ledger_code=f"K{n}",
            budget_amount=Decimal("1000"),
            outcomes={1: Decimal("10")},
            plan={2027: Decimal("5")},
        )

    add(0)
    add(1)
    client.force_login(org.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(url("budget", 2026))
    for n in range(2, 12):
        add(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("budget", 2026))
    assert "Rad 11" in response.content.decode()
    assert len(many) == len(few)


def test_staff_creates_budget(client, org):
    client.force_login(org.staff)
    response = client.post(url("budget_create"), {"year": "2027", "note": "Plan"})
    assert response.status_code == 302
    assert Budget.objects.get().year == 2027


def test_member_cannot_create_budget(client, org):
    client.force_login(org.socialchef_aneby)
    assert client.post(url("budget_create"), {"year": "2027"}).status_code == 403
    assert not Budget.objects.exists()


def test_budget_create_get_not_allowed(client, org):
    client.force_login(org.staff)
    assert client.get(url("budget_create")).status_code == 405


# --- Budget lines ------------------------------------------------------------

LINE_POST = {
    "area": "Funktionsstöd",
    "project": "",
    "name": "",
    "ledger_code": "FUNK",
    "opening_funds": "100 000",
    "granted_funds": "1 200 000",
    "budget_amount": "1 250 000,50",
    "forecast": "",
    "outcome_q1": "300 000",
    "outcome_q2": "",
    "outcome_q3": "",
    "outcome_q4": "",
    "plan_2027": "1 100 000",
    "plan_2028": "",
}


def test_r25_staff_adds_line(client, org, budget, project):
    client.force_login(org.staff)
    assert client.get(url("line_create", 2026)).status_code == 200
    response = client.post(url("line_create", 2026), {**LINE_POST, "project": project.pk})
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.name == "Barn i fokus" and line.project == project
    assert line.budget_amount == Decimal("1250000.50")
    assert line.outcomes.get().amount == Decimal("300000")
    assert line.plan_years.get().year == 2027


def test_r25_bad_amount_keeps_input_and_saves_nothing(client, org, budget):
    client.force_login(org.staff)
    response = client.post(url("line_create", 2026), {**LINE_POST, "budget_amount": "12,3,4"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett belopp i kronor" in text and 'value="1 200 000"' in text
    assert not BudgetLine.objects.exists()


def test_r25_duplicate_code_is_a_form_error(client, org, budget, line):
    client.force_login(org.staff)
    response = client.post(url("line_create", 2026), {**LINE_POST, "ledger_code": "IFO"})
    assert response.status_code == 200
    assert "Koden IFO används redan" in response.content.decode()
    assert BudgetLine.objects.count() == 1


@pytest.mark.parametrize("persona, status", [("socialchef_aneby", 403), ("outsider", 404)])
def test_r25_non_staff_cannot_add_or_edit_lines(client, org, budget, line, persona, status):
    client.force_login(getattr(org, persona))
    assert client.post(url("line_create", 2026), LINE_POST).status_code == status
    edit = {**LINE_POST, "version": "1"}
    assert client.post(url("line_edit", 2026, line.pk), edit).status_code == status
    assert BudgetLine.objects.count() == 1
    line.refresh_from_db()
    assert line.area == "Individ och familj" and line.version == 1


def test_r25_staff_edits_line(client, org, budget, line):
    client.force_login(org.staff)
    page = client.get(url("line_edit", 2026, line.pk)).content.decode()
    assert 'value="1500000"' in page and 'name="version" value="1"' in page
    response = client.post(url("line_edit", 2026, line.pk), {**LINE_POST, "version": "1"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.area == "Funktionsstöd" and line.version == 2


def test_lost_update_second_editor_is_refused_with_changes_and_input_kept(client, org, line):
    client.force_login(org.staff)
    first = {**LINE_POST, "ledger_code": "IFO", "budget_amount": "1 600 000", "version": "1"}
    assert client.post(url("line_edit", 2026, line.pk), first).status_code == 302
    second = {**LINE_POST, "ledger_code": "IFO", "budget_amount": "1 700 000", "version": "1"}
    response = client.post(url("line_edit", 2026, line.pk), second)
    text = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har ändrat raden" in text
    assert "Budget: 1\u00a0500\u00a0000\u00a0kr → 1\u00a0600\u00a0000\u00a0kr" in text
    assert 'value="1 700 000"' in text and 'name="version" value="2"' in text
    line.refresh_from_db()
    assert line.budget_amount == Decimal("1600000") and line.version == 2
    # Saving again from the refreshed form is a conscious overwrite.
    third = {**second, "version": "2"}
    assert client.post(url("line_edit", 2026, line.pk), third).status_code == 302
    line.refresh_from_db()
    assert line.budget_amount == Decimal("1700000")


def test_line_of_another_year_is_404(client, org, line):
    client.force_login(org.staff)
    assert client.get(url("line_edit", 2027, line.pk)).status_code == 404


# --- Funding sources ----------------------------------------------------------


def test_r23_staff_adds_conditional_regional_funds(client, org, budget):
    client.force_login(org.staff)
    data = {
        "kind": "conditional_regional",
        "name": "Villkorad samverkan med Regionen",
        "amount": "2 800 000",
    }
    assert client.post(url("funding_source_create", 2026), data).status_code == 302
    source = FundingSource.objects.get()
    assert source.guaranteed is False and source.amount == Decimal("2800000")
    page = client.get(url("budget", 2026)).content.decode()
    assert "garanteras inte av kommunerna" in page.lower()
    data["amount"] = "2 700 000"
    edit = client.get(url("funding_source_edit", 2026, source.pk)).content.decode()
    assert 'name="version" value="1"' in edit
    data["version"] = "1"
    assert client.post(url("funding_source_edit", 2026, source.pk), data).status_code == 302
    source.refresh_from_db()
    assert source.amount == Decimal("2700000") and source.version == 2


def test_lost_update_second_editor_of_a_funding_source_is_refused_with_changes(client, org, budget):
    source = services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind="state_grant",
        name="Statsbidrag",
        amount=Decimal("500000"),
    )
    client.force_login(org.staff)
    opened = {"kind": "state_grant", "name": "Statsbidrag", "version": "1"}
    first = {**opened, "amount": "600 000"}
    assert client.post(url("funding_source_edit", 2026, source.pk), first).status_code == 302
    second = {**opened, "amount": "700 000", "note": "Min ändring"}
    response = client.post(url("funding_source_edit", 2026, source.pk), second)
    text = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har ändrat finansieringskällan" in text
    assert "Belopp: 500\u00a0000\u00a0kr → 600\u00a0000\u00a0kr" in text
    assert 'value="700 000"' in text and 'value="Min ändring"' in text
    assert 'name="version" value="2"' in text
    source.refresh_from_db()
    assert source.amount == Decimal("600000") and source.note == "" and source.version == 2
    # Saving again from the refreshed form is a conscious overwrite.
    assert (
        client.post(
            url("funding_source_edit", 2026, source.pk), {**second, "version": "2"}
        ).status_code
        == 302
    )
    source.refresh_from_db()
    assert source.amount == Decimal("700000") and source.version == 3


def test_r23_member_cannot_add_funding_source(client, org, budget):
    client.force_login(org.socialchef_aneby)
    data = {"kind": "fee", "name": "Avgift", "amount": "1"}
    assert client.post(url("funding_source_create", 2026), data).status_code == 403
    assert not FundingSource.objects.exists()


# --- Import ---------------------------------------------------------------------


def upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("utfall.csv", text.encode("utf-8"), content_type="text/csv")


def test_r25_staff_imports_outcomes(client, org, budget, line):
    client.force_login(org.staff)
    assert client.get(url("outcomes_import", 2026)).status_code == 200
    response = client.post(
        url("outcomes_import", 2026), {"file": upload("ar;kvartal;kod;belopp\n2026;1;IFO;500\n")}
    )
    assert response.status_code == 302
    assert Outcome.objects.get().amount == Decimal("500")


def test_r25_bad_import_shows_line_and_saves_nothing(client, org, budget, line):
    client.force_login(org.staff)
    text = "ar;kvartal;kod;belopp\n2026;1;IFO;500\n2026;1;NOPE;5\n"
    response = client.post(url("outcomes_import", 2026), {"file": upload(text)})
    assert response.status_code == 200
    assert "Rad 3: Okänd kod" in response.content.decode()
    assert not Outcome.objects.exists()


def test_r25_member_cannot_import(client, org, budget, line):
    client.force_login(org.socialchef_aneby)
    text = "ar;kvartal;kod;belopp\n2026;1;IFO;500\n"
    assert client.post(url("outcomes_import", 2026), {"file": upload(text)}).status_code == 403
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("percent", ["1e400", "NaN", "99", "3,1234"])
def test_r21_odd_index_input_is_a_form_error_not_a_500(client, org, percent):
    client.force_login(org.staff)
    response = client.post(url("fee_index", 2027), {"percent": percent, "source": "PKV"})
    assert response.status_code == 200
    assert not YearlyFee.objects.exists()


def test_r21_index_with_three_decimals(client, org):
    client.force_login(org.staff)
    client.post(url("fee_index", 2027), {"percent": "2,125 %", "source": "PKV"})
    assert YearlyFee.objects.get().index_percent == Decimal("2.125")


def test_overview_query_count_is_bounded(client, org, django_assert_max_num_queries):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    for year in (2027, 2028, 2029):
        services.fee_index_set(
            actor=org.staff,
            partnership=org.partnership,
            year=year,
            percent=Decimal("2"),
            source="x",
        )
    client.force_login(org.staff)
    with django_assert_max_num_queries(14):
        response = client.get(url("overview"))
    assert "2029" in response.content.decode()


def test_r25_staff_removes_line_without_outcomes_after_confirmation(client, org, line):
    client.force_login(org.staff)
    assert client.get(url("line_delete", 2026, line.pk)).status_code == 200
    response = client.post(url("line_delete", 2026, line.pk), {"version": "1"})
    assert response.status_code == 302
    assert not BudgetLine.objects.exists()
    assert BudgetLine.history.filter(history_type="-").get().history_user == org.staff


def test_r25_line_with_outcomes_cannot_be_removed(client, org, line):
    services.budget_line_update(
        actor=org.staff, line=line, expected_version=1, outcomes={1: Decimal("5")}
    )
    client.force_login(org.staff)
    response = client.post(url("line_delete", 2026, line.pk), {"version": "2"})
    assert response.status_code == 200 and "har utfall" in response.content.decode()
    assert BudgetLine.objects.count() == 1


def test_r25_stale_remove_is_refused(client, org, line):
    services.budget_line_update(actor=org.staff, line=line, expected_version=1, name="Nytt namn")
    client.force_login(org.staff)
    response = client.post(url("line_delete", 2026, line.pk), {"version": "1"})
    assert "Någon annan har ändrat raden" in response.content.decode()
    assert BudgetLine.objects.count() == 1


def test_r25_member_cannot_remove_line(client, org, line):
    client.force_login(org.socialchef_aneby)
    assert client.post(url("line_delete", 2026, line.pk), {"version": "1"}).status_code == 403
    assert BudgetLine.objects.count() == 1


def test_r25_budget_outcome_page_through_chosen_quarter(client, org, line, budget):
    services.budget_line_update(
        actor=org.staff,
        line=line,
        expected_version=1,
        outcomes={1: Decimal("100000"), 2: Decimal("200000")},
    )
    client.force_login(org.tactical_member)
    text = client.get(url("budget_outcome", 2026)).content.decode()
    assert "<svg" in text and "300\u00a0tkr" in text  # Q1 + Q2
    text = client.get(url("budget_outcome", 2026) + "?kvartal=1").content.decode()
    assert "100\u00a0tkr" in text and "300\u00a0tkr" not in text
    assert client.get(url("budget_outcome", 2026) + "?kvartal=x").status_code == 200


def test_budget_outcome_page_refused(client, org, budget):
    client.force_login(org.pks_member)
    assert client.get(url("budget_outcome", 2026)).status_code == 403
    client.force_login(org.outsider)
    assert client.get(url("budget_outcome", 2026)).status_code == 404


@pytest.mark.parametrize("persona, status", [("socialchef_jonkoping", 403), ("outsider", 404)])
def test_r23_non_staff_cannot_change_funding_source(client, org, budget, persona, status):
    source = services.funding_source_save(
        actor=org.staff,
        partnership=org.partnership,
        year=2026,
        kind=FundingSource.Kind.FEE,
        name="Kommunernas avgift",
        amount=Decimal("6200000"),
    )
    client.force_login(getattr(org, persona))
    data = {"kind": "fee", "name": "Annat", "amount": "1"}
    assert client.post(url("funding_source_edit", 2026, source.pk), data).status_code == status
    source.refresh_from_db()
    assert source.name == "Kommunernas avgift" and source.amount == Decimal("6200000")


def test_r23_duplicate_funding_source_name_is_a_field_error(client, org, budget):
    client.force_login(org.staff)
    data = {"kind": "state_grant", "name": "Statsbidrag", "amount": "100"}
    client.post(url("funding_source_create", 2026), data)
    response = client.post(url("funding_source_create", 2026), {**data, "amount": "200"})
    assert response.status_code == 200
    assert "Det finns redan en finansieringskälla" in response.content.decode()
    assert FundingSource.objects.count() == 1
