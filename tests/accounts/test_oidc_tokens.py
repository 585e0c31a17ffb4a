"""The ID token checks of accounts.oidc, on tokens made here (no provider needed).

The real providers (test_sso.py) only make valid tokens; these are the ones a broken
or hostile provider, or someone replaying another service's token, could send.
"""

import time

import pytest
from django.core.cache import cache
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from accounts import oidc
from accounts.models import IdentityProvider

ISSUER = "https://login.example.invalid/tenant-a/v2.0"
METADATA = {
    "issuer": ISSUER,
    "jwks_uri": "https://login.example.invalid/tenant-a/keys",
    "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
}
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
PROVIDER = IdentityProvider(issuer=ISSUER, client_id="ku-client", client_secret="s" * 32)


@pytest.fixture(autouse=True)
def published_keys():
    cache.set(oidc._cache_key("jwks", ISSUER), {"keys": [KEY.as_dict(private=False)]})
    yield
    cache.clear()


def claims(**changes):
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "sub": "person-1",
        "aud": "ku-client",
        "iat": now,
        "exp": now + 300,
        "nonce": "the-nonce",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def token(key=KEY, alg="RS256", **changes):
    return jwt.encode({"alg": alg, "kid": "k1"}, claims(**changes), key)


def verify(id_token, nonce="the-nonce"):
    return oidc._verified_claims(PROVIDER, METADATA, {"id_token": id_token}, nonce=nonce)


def refused(id_token, nonce="the-nonce"):
    with pytest.raises(oidc.SignInRefused) as caught:
        verify(id_token, nonce)
    return caught.value.reason


def test_a_valid_token_gives_its_claims():
    assert verify(token())["sub"] == "person-1"


def test_wrong_issuer_is_refused_as_such():
    assert refused(token(iss="https://login.example.invalid/tenant-b/v2.0")) == "wrong_issuer"


def test_another_audience_is_refused():
    assert refused(token(aud="another-app")) == "token"


def test_several_audiences_need_azp_naming_us():
    assert refused(token(aud=["ku-client", "another-app"])) == "token"
    assert verify(token(aud=["ku-client", "another-app"], azp="ku-client"))["sub"] == "person-1"


def test_another_nonce_or_none_is_refused():
    assert refused(token(nonce="an-old-nonce")) == "token"
    assert refused(token(nonce=None)) == "token"


def test_expired_token_is_refused():
    assert refused(token(iat=int(time.time()) - 4000, exp=int(time.time()) - 3600)) == "token"


def test_missing_subject_is_refused():
    assert refused(token(sub=None)) == "token"


def test_signature_by_another_key_is_refused():
    assert refused(token(key=OTHER_KEY)) == "token"


def test_hmac_with_the_client_secret_is_refused_even_if_the_provider_offers_it():
    assert refused(token(key=OctKey.import_key("s" * 32), alg="HS256")) == "token"


def test_unsigned_token_is_refused():
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    import base64
    import json

    body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=").decode()
    assert refused(f"{header}.{body}.") == "token"


def test_urls_must_be_https_or_allowed_loopback(settings):
    settings.OIDC_ALLOW_LOOPBACK_HTTP = False
    assert oidc.url_allowed("https://login.microsoftonline.com/x/v2.0")
    assert not oidc.url_allowed("http://127.0.0.1:8080/")
    assert not oidc.url_allowed("http://login.example.invalid/")
    settings.OIDC_ALLOW_LOOPBACK_HTTP = True
    assert oidc.url_allowed("http://127.0.0.1:8080/")
    assert not oidc.url_allowed("http://10.0.0.1/")
    assert not oidc.url_allowed("ftp://127.0.0.1/")
