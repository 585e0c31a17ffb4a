"""Issue 14 item 6 in projects: the lead list offers who can lead (R10), and amounts take
Swedish decimals."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Body
from projects import services
from projects.forms import FundsRequestForm, ProjectForm
from projects.models import Project
from tests.factories import BodyFactory, UserFactory, seat

pytestmark = pytest.mark.django_db


def lead_options(html: str) -> set[str]:
    select = re.search(r'<select[^>]*name="lead".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="(\d+)"', select))


@pytest.fixture
def working_group(org, proj):
    group = BodyFactory(
        partnership=org.partnership, kind=Body.Kind.WORKING_GROUP, slug="ag-barnahus"
    )
    member = UserFactory(username="arbetsgrupp-barnahus", first_name="Alva")
    seat(member, group, municipality=org.municipalities["0604"])
    proj.project.working_groups.add(group)
    return member


def test_r10_edit_offers_tactical_and_working_group_members_and_the_current_lead(
    client, org, proj, working_group
):
    client.force_login(org.tactical_chair)
    html = client.get(reverse("projects:project_edit", args=[proj.project.pk])).content.decode()
    offered = lead_options(html)
    expected = {org.tactical_chair, org.tactical_member, working_group, proj.lead}
    assert offered == {str(person.pk) for person in expected}
    for not_a_lead in (org.staff, org.socialchef_aneby, org.pks_member, org.tactical_other):
        assert str(not_a_lead.pk) not in offered


def test_r10_new_project_in_a_portfolio_offers_its_tactical_group(org, proj):
    form = ProjectForm(partnership=org.partnership, portfolio=proj.aldre)
    assert set(form.fields["lead"].queryset) == {org.tactical_other}


def test_r10_a_person_outside_the_groups_cannot_be_made_lead(client, org, proj):
    client.force_login(org.tactical_chair)
    client.post(
        reverse("projects:project_edit", args=[proj.project.pk]),
        {"title": "Barnahus i länet", "purpose": "x", "requested_funds": "0", "lead": org.staff.pk},
    )
    proj.project.refresh_from_db()
    assert proj.project.lead == proj.lead


@pytest.mark.parametrize("typed", ["150000,5", "150 000,50", "150000.5"])
def test_requested_funds_take_a_comma_or_a_point(client, org, proj, typed):
    client.force_login(org.tactical_member)
    client.post(
        reverse("projects:project_create", args=[proj.ifo.pk]),
        {"title": "Med decimaler", "purpose": "Syfte", "requested_funds": typed},
    )
    assert Project.objects.get(title="Med decimaler").requested_funds == Decimal("150000.50")


def test_requested_funds_are_shown_without_a_decimal_point(client, org, proj):
    services.project_update(
        actor=org.tactical_chair, project=proj.project, requested_funds=Decimal("150000.50")
    )
    client.force_login(org.tactical_chair)
    html = client.get(reverse("projects:project_edit", args=[proj.project.pk])).content.decode()
    field = re.search(r'<input[^>]*name="requested_funds"[^>]*>', html).group(0)
    assert 'value="150000,5"' in field and 'inputmode="decimal"' in field


@pytest.mark.parametrize("typed", ["300000,25", "300 000,25", "300000.25"])
def test_funds_request_amount_takes_a_comma_or_a_point(typed):
    form = FundsRequestForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("300000.25")
    assert FundsRequestForm(initial={"amount": Decimal("300000.00")})["amount"].value() == "300000"


def test_portfolio_xlsx_in_excel_formats_with_a_frozen_header(client, org, proj):
    """Issue 14 item 7: kronor as numbers in a kronor format, a Swedish sheet title."""
    from io import BytesIO

    from openpyxl import load_workbook

    services.project_update(
        actor=org.tactical_chair, project=proj.project, requested_funds=Decimal("6200000")
    )
    client.force_login(org.tactical_chair)
    response = client.get(reverse("projects:portfolio_export_xlsx", args=[proj.ifo.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Projektportfölj" and sheet.freeze_panes == "A2"
    funds = sheet.cell(row=2, column=6)
    assert funds.value == 6200000 and funds.number_format == '#,##0 "kr"'
    assert sheet.column_dimensions["A"].width >= len("Barnahus i länet")
