"""Start page and partnership page: who may see what."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_start_page_shows_the_persons_bodies_and_roles(client, org):
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("start"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Socialchefsnätverket" in text and "Beredningsgruppen" in text
    assert "Aneby" in text


def test_start_page_needs_login(client):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_outsider_start_page_says_no_seat(client, org):
    client.force_login(org.outsider)
    response = client.get(reverse("start"))
    assert "inget aktuellt uppdrag" in response.content.decode()


def test_socialchef_reads_partnership_page(client, org, django_assert_max_num_queries):
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("partnership_detail", args=[org.partnership.slug]))
    assert response.status_code == 200
    assert "Jönköping" in response.content.decode()


def test_pks_member_gets_403_on_partnership_page(client, org):
    client.force_login(org.pks_member)
    response = client.get(reverse("partnership_detail", args=[org.partnership.slug]))
    assert response.status_code == 403


def test_outsider_gets_404_on_partnership_page(client, org):
    client.force_login(org.outsider)
    response = client.get(reverse("partnership_detail", args=[org.partnership.slug]))
    assert response.status_code == 404


def test_healthz(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok"


def test_login_page_is_swedish(client, db):
    response = client.get(reverse("login"))
    assert "Logga in" in response.content.decode()
    assert 'lang="sv"' in response.content.decode()


def test_swedish_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Logga in" in response.content.decode()


def test_english_when_chosen_with_the_language_switch(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert 'lang="en"' in response.content.decode()
    assert "Log in" in response.content.decode()


def test_pks_member_start_page_links_no_partnership_page_they_cannot_read(client, org):
    client.force_login(org.pks_member)
    response = client.get(reverse("start"))
    assert (
        reverse("partnership_detail", args=[org.partnership.slug]) not in response.content.decode()
    )


def test_socialchef_start_page_links_the_partnership_page(client, org):
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("start"))
    assert reverse("partnership_detail", args=[org.partnership.slug]) in response.content.decode()
