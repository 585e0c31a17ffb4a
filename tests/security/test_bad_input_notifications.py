"""Bad input at the mail preference form (issue 16 item 2): never a 500, a clear Swedish
error and nothing saved, and an accepted choice changes only the poster's own."""

import pytest
from django.urls import reverse

from notifications.models import Frequency, Preference
from tests.security.fuzz import fuzz_form, fuzz_raw_body

pytestmark = pytest.mark.django_db


def test_mail_preference_form(client, matrix_org):
    person = matrix_org.socialchef_aneby

    def only_own_choice(response, data):
        rows = list(Preference.objects.values_list("person_id", "frequency"))
        assert rows == [(person.pk, data["frequency"])]
        assert data["frequency"] in Frequency.values

    fuzz_form(
        client,
        reverse("notifications:preferences"),
        ["frequency"],
        user=person,
        check_accepted=only_own_choice,
        name="mail preference",
    )


def test_mail_preference_form_raw_bytes(client, matrix_org):
    fuzz_raw_body(
        client,
        reverse("notifications:preferences"),
        user=matrix_org.staff,
        name="mail preference",
    )
