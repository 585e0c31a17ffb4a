"""Sign-in with the organisations' accounts through real OpenID providers on loopback (R31).

Two providers (npm oidc-provider, tests/oidc/server.mjs) run at once, each its own
issuer on its own port of 127.0.0.1; the app talks to them over HTTP as it would to
Microsoft Entra ID. The person's side of the provider (its login and consent pages) is
driven with plain HTTP here and with Chromium in tests/browser/test_sso.py.
"""

import base64
import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import ExternalIdentity, IdentityProvider
from tests.factories import UserFactory
from tests.oidc.providers import running_providers, sign_in_at_provider

CALLBACK = "http://testserver/konto/sso/svar/"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idps():
    with running_providers(
        ["jonkoping", "region"], redirect_uris=[CALLBACK], issuer_paths={"mismatch": "/annan"}
    ) as running:
        yield running


@pytest.fixture
def providers(idps, settings):
    settings.OIDC_ALLOW_LOOPBACK_HTTP = True
    settings.SSO_CONTACT = "kansliet@example.invalid"
    made = {}
    for name, label in (("jonkoping", "Jönköpings kommun"), ("region", "Region Jönköpings län")):
        idp = idps[name]
        made[name] = IdentityProvider.objects.create(
            name=label,
            slug=name,
            issuer=idp.issuer,
            client_id=idp.client_id,
            client_secret=idp.client_secret,
        )
    return made


def start(client, slug, query=""):
    response = client.get(reverse("sso_start", args=[slug]) + query)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def sign_in(client, slug, login, *, query=""):
    """The whole round trip: our start, the provider's pages, our callback."""
    back = sign_in_at_provider(start(client, slug, query), login, back_to=CALLBACK)
    return back, client.get(back.removeprefix("http://testserver"))


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return get_user_model().objects.get(pk=user_id) if user_id else None


def link(provider, subject, user):
    return ExternalIdentity.objects.create(
        provider=provider, issuer=provider.issuer, subject=subject, user=user
    )


def test_r31_two_providers_at_once_each_signs_in_its_own_linked_person(providers):
    anna, bertil = UserFactory(username="anna"), UserFactory(username="bertil")
    link(providers["jonkoping"], "anna.a", anna)
    link(providers["region"], "bertil.b", bertil)

    client = Client()
    _back, response = sign_in(client, "jonkoping", "anna.a")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == anna

    other = Client()
    _back, response = sign_in(other, "region", "bertil.b")
    assert response.status_code == 302
    assert signed_in_user(other) == bertil
    # Signing in wrote no user and no link, only the time of the sign-in.
    assert get_user_model().objects.count() == 2
    assert ExternalIdentity.objects.filter(user__isnull=True).count() == 0


def test_r31_identity_is_issuer_and_subject_the_same_subject_elsewhere_is_someone_else(
    providers,
):
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "same-subject", anna)
    client = Client()
    _back, response = sign_in(client, "region", "same-subject")
    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_r31_email_never_matches_an_identity(providers):
    # The provider says the person's email is "maria@example.test" (server.mjs); a person
    # with that address exists, but nothing links the identity: no sign-in.
    UserFactory(username="maria", email="maria@example.test")
    client = Client()
    _back, response = sign_in(client, "jonkoping", "maria")
    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_r30_unknown_identity_gets_no_rights_and_a_swedish_page_saying_whom_to_contact(
    providers,
):
    users_before = get_user_model().objects.count()
    client = Client()
    _back, response = sign_in(client, "region", "okand.person")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Ditt konto är inte kopplat ännu" in text
    assert "kansliet@example.invalid" in text and "Kommunal utveckling" in text
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        providers["region"].issuer,
        "okand.person",
        None,
    )
    assert identity.name_hint == "Test okand.person"
    assert f">{identity.pk}<" in text  # the reference kansliet links it by
    assert get_user_model().objects.count() == users_before
    assert signed_in_user(client) is None
    # Signing in again finds the same identity, still without rights.
    _back, response = sign_in(Client(), "region", "okand.person")
    assert response.status_code == 403
    assert ExternalIdentity.objects.count() == 1


def test_authorization_request_uses_pkce_s256_state_and_nonce(providers):
    client = Client()
    url = start(client, "jonkoping")
    assert url.startswith(providers["jonkoping"].issuer + "/auth?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    flow = client.session["oidc_flows"][query["state"]]
    digest = hashlib.sha256(flow["verifier"].encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert query["nonce"] == flow["nonce"] and len(query["nonce"]) >= 32
    assert len(query["state"]) >= 32
    assert query["redirect_uri"] == CALLBACK


def test_tokens_are_not_kept_in_the_session(providers):
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "anna.a", anna)
    client = Client()
    sign_in(client, "jonkoping", "anna.a")
    session = dict(client.session.items())
    assert session.pop("oidc_flows") == {}
    assert set(session) == {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}


def test_replayed_state_is_refused_in_the_same_and_in_another_browser(providers):
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "anna.a", anna)
    client = Client()
    back, response = sign_in(client, "jonkoping", "anna.a")
    assert signed_in_user(client) == anna
    path = back.removeprefix("http://testserver")

    replay = client.get(path)
    assert replay.status_code == 400
    assert "redan använts" in replay.content.decode()

    attacker = Client()
    response = attacker.get(path)
    assert response.status_code == 400
    assert "redan använts" in response.content.decode()
    assert signed_in_user(attacker) is None


def test_expired_code_is_refused(providers):
    # server.mjs gives logins starting with "expired-code" codes that live one second, and
    # holds the answer back 2.5 seconds; the wait here makes sure.
    bertil = UserFactory(username="bertil")
    link(providers["region"], "expired-code-bertil", bertil)
    client = Client()
    back = sign_in_at_provider(start(client, "region"), "expired-code-bertil", back_to=CALLBACK)
    time.sleep(0.5)
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert "tog för lång tid" in response.content.decode()
    assert signed_in_user(client) is None


def test_answer_from_another_issuer_is_refused_before_its_code_is_used(providers, idps):
    """The mix-up: the attempt was for Jönköping, the answer comes from the Region."""
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "anna.a", anna)
    link(providers["region"], "anna.a", anna)
    client = Client()
    url = start(client, "jonkoping")
    foreign = idps["region"].issuer + url.removeprefix(idps["jonkoping"].issuer)
    back = sign_in_at_provider(foreign, "anna.a", back_to=CALLBACK)
    assert parse_qs(urlsplit(back).query)["iss"] == [idps["region"].issuer]
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert "en annan inloggningstjänst" in response.content.decode()
    assert signed_in_user(client) is None


def test_provider_whose_discovery_names_another_issuer_is_refused(providers, idps):
    mismatch = idps["mismatch"]
    assert mismatch.issuer != mismatch.url
    IdentityProvider.objects.create(
        name="Felkonfigurerad", slug="fel", issuer=mismatch.url, client_id=mismatch.client_id
    )
    client = Client()
    response = client.get(reverse("sso_start", args=["fel"]))
    assert response.status_code == 502
    assert "inte rätt inställd" in response.content.decode()
    assert "oidc_flows" not in client.session


def test_cancelled_at_the_provider_is_a_clear_page(providers):
    client = Client()
    url = start(client, "jonkoping")
    state = parse_qs(urlsplit(url).query)["state"][0]
    response = client.get(
        reverse("sso_callback"),
        {"error": "access_denied", "state": state, "iss": providers["jonkoping"].issuer},
    )
    assert response.status_code == 400
    assert "avbröts" in response.content.decode()


def test_inactive_person_is_not_signed_in(providers):
    anna = UserFactory(username="anna", is_active=False)
    link(providers["jonkoping"], "anna.a", anna)
    client = Client()
    _back, response = sign_in(client, "jonkoping", "anna.a")
    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_next_leads_on_after_sign_in_but_never_off_site(providers):
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "anna.a", anna)
    _back, response = sign_in(Client(), "jonkoping", "anna.a", query="?next=/konto/profil/")
    assert response["Location"] == "/konto/profil/"
    _back, response = sign_in(Client(), "jonkoping", "anna.a", query="?next=https://evil.example/")
    assert response["Location"] == "/"


def test_disabled_or_unknown_provider_is_404(providers):
    IdentityProvider.objects.filter(slug="region").update(enabled=False)
    assert Client().get(reverse("sso_start", args=["region"])).status_code == 404
    assert Client().get(reverse("sso_start", args=["finns-inte"])).status_code == 404


def test_login_page_offers_each_enabled_provider(providers):
    IdentityProvider.objects.filter(slug="region").update(enabled=False)
    text = Client().get(reverse("login")).content.decode()
    assert "Logga in med Jönköpings kommun" in text
    assert "Region Jönköpings län" not in text
    assert 'name="password"' in text  # the password login stays
