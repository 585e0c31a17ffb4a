"""Permission matrix: URLs of the project urls and core (health check, history)."""

from tests.security.matrix import Spec, expect


def municipality_history(org):
    return {"app_label": "partnerships", "model_name": "municipality", "pk": org.aneby.pk}


def missing_object_history(org):
    return {"app_label": "partnerships", "model_name": "municipality", "pk": 987654}


SPECS = [
    Spec("healthz", get={"own": expect(200, anonymous=200)}),
    # The inbox at a short address: a plain redirect; the inbox itself checks who may see it.
    Spec("inbox_short", get={"own": expect(302, anonymous=302)}),
    Spec(
        "core:history",
        own=municipality_history,
        other=missing_object_history,
        # Staff only; non-staff get 403 before anything about the object is looked up.
        get={"own": expect(403, staff=200), "other": expect(403, staff=404)},
    ),
]
