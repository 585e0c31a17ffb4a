"""Plan pages: wiring, Swedish texts, the traffic light never by colour alone (R62, R64, R70)."""

from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from matters.models import Matter
from partnerships.models import Body
from plans import services
from plans.models import Plan


def test_r64_goals_page_shows_target_outcome_and_light_as_text_and_symbol(client, org, plan_setup):
    plan, goal, area, indicator = plan_setup
    services.indicator_value_set(
        actor=org.staff,
        indicator=indicator,
        year=2026,
        period="q2",
        value=D("72"),
        source="Uppföljning",
    )
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("plans:goals", args=[org.partnership.slug, 2026]) + "?period=q2")
    html = response.content.decode()
    assert response.status_code == 200
    assert goal.title in html and indicator.name in html
    assert "75\u00a0%" in html and "72\u00a0%" in html  # the Q2 target and the outcome
    # 72 against 75 with partly met from 70: colour, symbol and text together.
    assert 'class="light light--partly_met"' in html
    assert "◐" in html and "Delvis uppfyllt" in html
    assert "<svg" in html and 'role="img"' in html and "aria-labelledby" in html


def test_r61_staff_propose_the_plan_as_a_consensus_matter(client, org, plan_setup):
    plan = plan_setup[0]
    client.force_login(org.staff)
    response = client.post(reverse("plans:propose", args=[plan.pk]))
    matter = Matter.objects.get(kind=Matter.Kind.CONSENSUS)
    assert response.status_code == 302
    assert response["Location"] == reverse("matters:matter_detail", args=[matter.pk])
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PROPOSED and plan.adoption_matter == matter


def test_r61_a_reader_cannot_edit_and_nothing_changes(client, org, plan_setup):
    plan = plan_setup[0]
    client.force_login(org.socialchef_jonkoping)
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]), {"title": "Ändrad", "vision": ""}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Ändrad"


def test_r70_management_system_page_without_meetings_shows_none_held_so_far(client, org):
    Body.objects.create(
        partnership=None,
        kind=Body.Kind.REKO,
        slug="reko",
        name="ReKo",
        min_meetings_per_year=6,
        mandate="Länken mellan Kommunalt forum och strategigrupperna.",
    )
    client.force_login(org.socialchef_aneby)
    html = client.get(reverse("plans:management_system")).content.decode()
    assert "Länken mellan Kommunalt forum" in html
    assert "Sammanträder minst 6 gånger per år." in html
    year = timezone.localdate().year
    assert f"0 av minst 6 sammanträden hållna hittills {year}." in html
