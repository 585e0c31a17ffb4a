"""A GET only reads: the start page, the profile and every page the main menu links to.

Catches a read that writes behind the user's back (a get_or_create in a selector, a
"last seen" stamp, a lazily created row).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|CREATE|ALTER|DROP)\b", re.IGNORECASE)
MENU = re.compile(r'<nav[^>]*class="site-nav".*?</nav>', re.DOTALL)
LINK = re.compile(r'<a href="([^"]+)"')

PERSONAS = ("staff", "socialchef_aneby", "pks_member", "tactical_chair", "outsider")


def writes_during_get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]


def menu_links(html):
    nav = MENU.search(html)
    assert nav is not None, "the page has no main menu"
    return LINK.findall(nav.group(0))


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_page_get_writes_nothing(client, org, persona):
    client.force_login(getattr(org, persona))
    for _ in range(2):  # the first visit may warm something up: neither may write
        _response, writes = writes_during_get(client, reverse("start"))
        assert writes == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_profile_get_writes_nothing(client, org, persona):
    client.force_login(getattr(org, persona))
    _response, writes = writes_during_get(client, reverse("profile"))
    assert writes == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_main_menu_page_get_writes_nothing(client, org, persona):
    client.force_login(getattr(org, persona))
    response, _writes = writes_during_get(client, reverse("start"))
    links = menu_links(response.content.decode())
    assert reverse("start") in links and reverse("profile") in links
    for url in links:
        _response, writes = writes_during_get(client, url)
        assert writes == [], url


def test_r11_stage_list_get_writes_nothing(client, org):
    client.force_login(org.staff)
    _response, writes = writes_during_get(client, reverse("projects:stage_list"))
    assert writes == []
