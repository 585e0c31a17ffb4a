"""Kansliet keeps the sign-in providers in the admin; the secret is write-only (docs/sso.md)."""

import pytest
from django.urls import reverse

from accounts.models import IdentityProvider
from tests.factories import IdentityProviderFactory

pytestmark = pytest.mark.django_db


def form(provider, **changes):
    data = {
        "name": provider.name,
        "slug": provider.slug,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": "",
        "subject_claim": "oid",
        "enabled": "on",
    }
    data.update(changes)
    return data


def test_the_secret_is_never_shown_and_an_empty_field_keeps_it(client, org):
    provider = IdentityProviderFactory(client_secret="the-stored-secret")
    url = reverse("admin:accounts_identityprovider_change", args=[provider.pk])
    client.force_login(org.staff)
    assert "the-stored-secret" not in client.get(url).content.decode()
    assert client.post(url, form(provider)).status_code == 302
    provider.refresh_from_db()
    assert (provider.client_secret, provider.subject_claim) == ("the-stored-secret", "oid")
    client.post(url, form(provider, client_secret="a-new-secret"))
    provider.refresh_from_db()
    assert provider.client_secret == "a-new-secret"
    # The history records the change, never the secret.
    assert provider.history.count() >= 2
    assert not hasattr(provider.history.first(), "client_secret")


def test_the_issuer_must_be_https(client, org):
    provider = IdentityProviderFactory()
    url = reverse("admin:accounts_identityprovider_change", args=[provider.pk])
    client.force_login(org.staff)
    response = client.post(url, form(provider, issuer="http://login.example.invalid/x"))
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert IdentityProvider.objects.get(pk=provider.pk).issuer == provider.issuer


def test_nobody_but_the_office_enters(client, org):
    provider = IdentityProviderFactory()
    client.force_login(org.socialchef_aneby)
    url = reverse("admin:accounts_identityprovider_change", args=[provider.pk])
    assert client.get(url).status_code in (302, 403)
