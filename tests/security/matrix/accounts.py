"""Permission matrix: accounts (login, logout, profile, password change and reset)."""

from django.contrib.auth import get_user_model
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import IdentityProvider
from tests.security.matrix import Spec, expect


def passwords(org):
    """Password hashes of everybody: a refused password form must leave them all as they were."""
    return tuple(get_user_model().objects.order_by("pk").values_list("pk", "password"))


def unreachable_provider(org):
    """A provider whose issuer is plain HTTP, which settings refuse outside the demo: the
    start page answers without any network (the real flow is tests/accounts/test_sso.py)."""
    provider = IdentityProvider.objects.create(
        name="Testkommun", slug="testkommun", issuer="http://127.0.0.1:9", client_id="ku"
    )
    return {"slug": provider.slug}


def broken_reset_link(org):
    return {"uidb64": urlsafe_base64_encode(force_bytes(org.outsider.pk)), "token": "x-ogiltig"}


SPECS = [
    Spec(
        "login",
        # Logged-in people are sent on to the start page (redirect_authenticated_user).
        get={"own": expect(302, anonymous=200)},
        post={"own": expect(302, anonymous=200)},
        data=lambda org, kwargs: {"username": "kansli", "password": "fel lösenord"},
        state=passwords,
        writes=False,
    ),
    Spec(
        "logout",
        get={"own": expect(405, anonymous=405)},
        post={"own": expect(302, anonymous=302)},
        writes=False,  # ends the session only
    ),
    Spec("profile", get={"own": expect(200)}),
    Spec(
        "password_change",
        get={"own": expect(200)},
        post={"own": expect(200)},
        data=lambda org, kwargs: {
            "old_password": "inte mitt lösenord",
            "new_password1": "Ett helt nytt lösenord 42",
            "new_password2": "Ett helt nytt lösenord 42",
        },
        state=passwords,
        writes=False,
    ),
    Spec("password_change_done", get={"own": expect(200)}),
    Spec(
        "password_reset",
        get={"own": expect(200, anonymous=200)},
        post={"own": expect(302, anonymous=302)},
        data=lambda org, kwargs: {"email": "ingen@example.invalid"},
        state=passwords,
        writes=False,
    ),
    Spec("password_reset_done", get={"own": expect(200, anonymous=200)}),
    Spec(
        "password_reset_confirm",
        own=broken_reset_link,
        # A broken or used link shows "invalid link" to everyone and changes nothing.
        get={"own": expect(200, anonymous=200)},
        post={"own": expect(200, anonymous=200)},
        data=lambda org, kwargs: {
            "new_password1": "Ett helt nytt lösenord 42",
            "new_password2": "Ett helt nytt lösenord 42",
        },
        state=passwords,
        writes=False,
    ),
    Spec("password_reset_complete", get={"own": expect(200, anonymous=200)}),
    # Sign-in with the organisation's account: the same for everybody, signed in or not,
    # and never a write by GET (a start without a working provider is 502, an answer
    # without a started sign-in 400).
    Spec(
        "sso_start",
        own=unreachable_provider,
        get={"own": expect(502, anonymous=502)},
    ),
    Spec("sso_callback", get={"own": expect(400, anonymous=400)}),
]
