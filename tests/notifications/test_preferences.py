"""The person's choice of how often they get mail (issue 16 item 2): their own only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notifications import services
from notifications.models import Frequency, Preference

pytestmark = pytest.mark.django_db

URL = "/konto/e-post/"


def test_the_page_shows_the_three_choices_with_each_at_once_chosen(client, org):
    assert reverse("notifications:preferences") == URL
    client.force_login(org.socialchef_aneby)
    page = client.get(URL).content.decode()
    assert "E-post från tjänsten" in page
    for label in ("Varje meddelande direkt", "En sammanfattning per dag", "per vecka"):
        assert label in page
    assert 'value="immediate" id="id_frequency_0" required checked' in page
    assert org.socialchef_aneby.email in page


def test_choosing_a_daily_summary_saves_it_with_history(client, org):
    client.force_login(org.socialchef_aneby)
    response = client.post(URL, {"frequency": "daily"}, follow=True)
    assert "Ditt val är sparat." in response.content.decode()
    preference = Preference.objects.get(person=org.socialchef_aneby)
    assert preference.frequency == Frequency.DAILY
    assert preference.history.get().history_user == org.socialchef_aneby
    assert 'value="daily" id="id_frequency_1" required checked' in response.content.decode()


def test_an_unknown_choice_is_refused_in_swedish_and_saves_nothing(client, org):
    client.force_login(org.socialchef_aneby)
    response = client.post(URL, {"frequency": "hourly"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Preference.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_nobody_chooses_for_someone_else(org):
    for actor in (org.staff, None, org.socialchef_jonkoping):
        with pytest.raises(PermissionDenied):
            services.preference_set(actor=actor, person=org.socialchef_aneby, frequency="daily")
    assert not Preference.objects.exists()


def test_the_profile_links_to_the_choice(client, org):
    client.force_login(org.pks_member)
    assert URL in client.get(reverse("profile")).content.decode()
