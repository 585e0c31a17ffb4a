"""Permission matrix: URLs of the project urls and core (health check, history)."""

from tests.security.matrix import Spec, expect


def municipality_history(org):
    return {"app_label": "partnerships", "model_name": "municipality", "pk": org.aneby.pk}


def missing_object_history(org):
    return {"app_label": "partnerships", "model_name": "municipality", "pk": 987654}


SPECS = [
    Spec("healthz", get={"own": expect(200, anonymous=200)}),
    # The simplest signed-in page (issue 17): everybody signed in, nobody else.
    Spec("signed_in", get={"own": expect(200)}),
    # Browsers ask for /favicon.ico on every page: everybody is sent to the static icon.
    Spec("favicon", get={"own": expect(302, anonymous=302)}),
    # The inbox and the matters moved out of /projekt/: the old addresses answer with a
    # permanent redirect for everybody (308 for a POST, which keeps its method and body);
    # the new page itself checks who may see it, and the redirect itself writes nothing.
    Spec(
        "inbox_moved",
        own=lambda org: {"rest": "historik/"},
        get={"own": expect(301, anonymous=301)},
        post={"own": expect(308, anonymous=308)},
        writes=False,
    ),
    Spec(
        "matters_moved",
        own=lambda org: {"rest": f"{org.projects.request.pk}/besluta/"},
        get={"own": expect(301, anonymous=301)},
        post={"own": expect(308, anonymous=308)},
        writes=False,
        data=lambda org, kwargs: {"municipality": "0604", "verdict": "approve"},
    ),
    Spec(
        "core:history",
        own=municipality_history,
        other=missing_object_history,
        # Staff only; non-staff get 403 before anything about the object is looked up.
        get={"own": expect(403, staff=200), "other": expect(403, staff=404)},
    ),
]
