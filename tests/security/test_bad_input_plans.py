"""Bad input on the plan forms (R60-R62): never a 500, a clear Swedish error, nothing half saved."""

import pytest
from django.urls import reverse

from tests.security.fuzz import fuzz_form

pytestmark = pytest.mark.django_db

EXAMPLES = 12


def test_indicator_form(client, matrix_org):
    plans = matrix_org.plans
    fuzz_form(
        client,
        reverse("plans:part_create_in", args=[plans.own.plan.pk, "indicator", plans.own.area.pk]),
        ["number", "name", "unit", "direction", "target", "partly_met_from", "computation"],
        user=matrix_org.staff,
        name="plan indicator",
        max_examples=EXAMPLES,
    )


def test_goal_form(client, matrix_org):
    fuzz_form(
        client,
        reverse("plans:part_create", args=[matrix_org.plans.own.plan.pk, "goal"]),
        ["number", "title", "description", "agenda_goals"],
        user=matrix_org.staff,
        name="plan goal",
        max_examples=EXAMPLES,
    )


def test_value_form(client, matrix_org):
    plans = matrix_org.plans
    fuzz_form(
        client,
        reverse("plans:value_enter", args=[plans.own.plan.pk, plans.own.indicator.pk]),
        ["year", "period", "value", "source", "comment"],
        user=matrix_org.staff,
        name="indicator value",
        max_examples=EXAMPLES,
    )


def test_plan_texts_form(client, matrix_org):
    fuzz_form(
        client,
        reverse("plans:plan_edit", args=[matrix_org.plans.own.plan.pk]),
        ["title", "vision", "introduction", "follow_up", "financing"],
        user=matrix_org.staff,
        name="plan texts",
        max_examples=EXAMPLES,
    )
