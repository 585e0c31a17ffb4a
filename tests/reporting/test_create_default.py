"""Issue 14 item 6: "Ny rapport" offers the next period that has no report yet (R40)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import selectors, services
from reporting.models import Period

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 29)


def create(org, year, period):
    services.report_create(actor=org.staff, partnership=org.partnership, year=year, period=period)


def offered(client, org):
    text = client.get(reverse("reporting:create", args=[org.partnership.slug])).content.decode()
    year = re.search(r'<input[^>]*name="year"[^>]*value="(\d+)"', text).group(1)
    period = re.search(r'<option value="(\w+)"[^>]*selected', text).group(1)
    return int(year), period


def test_r40_no_reports_offers_this_years_first_period(org):
    assert selectors.next_report_period(partnership=org.partnership, today=DAY) == (2026, "q1")


def test_r40_offers_the_period_after_the_latest_report(org):
    create(org, 2026, Period.Q1)
    create(org, 2026, Period.Q2)
    assert selectors.next_report_period(partnership=org.partnership, today=DAY) == (
        2026,
        "annual",
    )
    create(org, 2026, Period.ANNUAL)
    create(org, 2026, Period.ACCOUNTS)
    assert selectors.next_report_period(partnership=org.partnership, today=DAY) == (2027, "q1")


def test_r40_old_reports_do_not_pull_the_default_into_the_past(org):
    create(org, 2024, Period.ACCOUNTS)
    assert selectors.next_report_period(partnership=org.partnership, today=DAY) == (2026, "q1")


def test_r40_the_create_form_does_not_offer_an_existing_period(client, org):
    this_year = timezone.localdate().year
    client.force_login(org.staff)
    assert offered(client, org) == (this_year, "q1")
    create(org, this_year, Period.Q1)
    assert offered(client, org) == (this_year, "q2")
