"""Refusals: translated for the reader, logged with their rule id, never showing it."""

import logging

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.errors import DomainError, ImportRefused, refusal_shown


def test_refusal_shown_logs_the_rule_at_info_and_returns_the_message(caplog):
    error = DomainError("Not now.", rule="R21")
    with caplog.at_level(logging.INFO, logger="core.refusals"):
        assert refusal_shown(error) == "Not now."
    (record,) = caplog.records
    assert record.levelno == logging.INFO and "R21" in record.getMessage()


@pytest.mark.parametrize("language, prefix", [("sv", "Rad 3: "), ("en", "Line 3: ")])
def test_import_refused_names_the_line_in_the_reader_language(language, prefix):
    with translation.override(language):
        assert ImportRefused("Bad.", line=3).message == prefix + "Bad."
        assert ImportRefused("Bad.").message == "Bad."


@pytest.mark.django_db
def test_r21_view_refusal_is_logged_with_rule_and_shown_without_it(client, org, caplog):
    client.force_login(org.staff)
    url = reverse("finance:fee_decide", args=["social-valfard", 2027])
    with caplog.at_level(logging.INFO, logger="core.refusals"):
        text = client.post(url, {"confirm": "on"}).content.decode()
    assert "Besluta avgiften för 2026 först; 2027 räknas fram från den." in text
    assert "R21" not in text
    assert any("R21" in r.getMessage() for r in caplog.records if r.name == "core.refusals")


@pytest.mark.django_db
def test_r21_refusal_reads_in_english_for_an_english_reader(client, org):
    client.force_login(org.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("finance:fee_decide", args=["social-valfard", 2027])
    text = client.post(url, {"confirm": "on"}).content.decode()
    assert "Decide the fee for 2026 first; 2027 is calculated from it." in text
