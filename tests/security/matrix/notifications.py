"""Permission matrix: notifications (the person's own choice of how often they get mail)."""

from notifications.models import Preference
from tests.security.matrix import Spec, expect


def preferences(org):
    """Everybody's choice: a POST may only ever change the poster's own."""
    return tuple(Preference.objects.order_by("person_id").values_list("person_id", "frequency"))


SPECS = [
    Spec(
        "notifications:preferences",
        # Every logged-in person chooses for themselves; there is no one else's page.
        get={"own": expect(200)},
        post={"own": expect(302)},
        data=lambda org, kwargs: {"frequency": "weekly"},
        state=preferences,
    ),
]
