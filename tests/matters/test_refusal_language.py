"""Matters' refusals in the user's language with no rule id shown; what is stored or
mailed stays Swedish whoever triggers it (R15)."""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.errors import DomainError
from matters import services as matter_services
from matters.models import Matter
from projects import services
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db


def _decide(org, matter, code="0680"):
    return matter_services.matter_decide(
        actor=org.socialchefer[code],
        matter=matter,
        municipality=org.municipalities[code],
        verdict="approve",
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Jönköping har redan beslutat i ärendet."),
        ("en", "Jönköping has already decided in the matter."),
    ],
)
def test_r15_second_decision_is_refused_in_the_users_language(org, proj, language, expected):
    matter = ready_request(org, proj.project)
    _decide(org, matter)
    with translation.override(language), pytest.raises(DomainError) as error:
        _decide(org, matter)
    assert (error.value.message, error.value.rule) == (expected, "R15")


def test_r15_request_title_and_closing_note_are_swedish_whoever_asks(org, proj):
    with translation.override("en"):
        first = services.funds_request_create(
            actor=org.tactical_chair, project=proj.project, amount=100
        )
        services.funds_request_create(actor=org.tactical_chair, project=proj.project, amount=200)
    first.refresh_from_db()
    assert first.title == "Gemensamma medel: Barnahus i länet"
    assert first.status == Matter.Status.SUPERSEDED
    assert first.closing_note == "Beloppet ändrades; en ny ansökan ersätter denna."


@pytest.mark.parametrize(("reminder", "prefix"), [(False, "Att besluta: "), (True, "Påminnelse: ")])
def test_r15_mail_subjects_are_swedish_in_an_english_ui(org, proj, reminder, prefix):
    matter = ready_request(org, proj.project)
    with translation.override("en"):
        sent = matter_services.send_decision_emails(matter_ids=[matter.pk], reminder=reminder)
    assert sent and len(mail.outbox) == sent
    assert {m.subject for m in mail.outbox} == {prefix + "Gemensamma medel: Barnahus i länet"}


def test_r15_decide_view_logs_the_refused_rule(client, caplog, org, proj):
    matter = ready_request(org, proj.project)
    _decide(org, matter)
    client.force_login(org.socialchef_jonkoping)
    with caplog.at_level(logging.INFO, logger="core.refusals"):
        response = client.post(
            reverse("matters:matter_decide", args=[matter.pk]),
            {"municipality": "0680", "verdict": "reject"},
        )
    assert response.status_code == 200
    assert "Jönköping har redan beslutat i ärendet." in response.content.decode()
    assert [r.getMessage() for r in caplog.records if r.name == "core.refusals"] == [
        "Refused (R15): Jönköping har redan beslutat i ärendet."
    ]


def test_r15_prepare_action_logs_the_refused_rule(client, caplog, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_aneby)  # the preparation group
    with caplog.at_level(logging.INFO, logger="core.refusals"):
        response = client.post(
            reverse("matters:matter_ready", args=[matter.pk]), {"due_date": "2999-01-01"}
        )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Ärendet är redan markerat som klart för beslut." in page
    assert [r.getMessage() for r in caplog.records if r.name == "core.refusals"] == [
        "Refused (R15): Ärendet är redan markerat som klart för beslut."
    ]
