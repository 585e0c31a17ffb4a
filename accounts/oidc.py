"""Sign-in with an organisation's OpenID Connect provider (R31; docs/sso.md).

The authorization code flow with PKCE (S256), `state` and `nonce`, for any number
of providers at once (`IdentityProvider` rows, one per municipality and the
Region). The protocol's hard parts are Authlib's and joserfc's: the PKCE
challenge, the ID token's signature (JWKS, asymmetric algorithms only) and its
claims (`CodeIDToken`: issuer, audience, expiry, issued-at, nonce, azp, at_hash).
This module adds what is ours:

- the provider's discovery document must name exactly the issuer kansliet
  configured (OpenID Connect Discovery 4.3), and endpoints use HTTPS (plain HTTP
  on loopback only where settings allow it: the demo and the tests);
- each sign-in attempt lives in the session under its random `state`, is taken
  out when the answer comes back (a replayed or foreign `state` finds nothing)
  and expires after `OIDC_FLOW_MAX_AGE` seconds;
- the answer's `iss` parameter (RFC 9207) and the ID token's `iss` must be that
  attempt's provider, so one provider's answer is never taken for another's;
- tokens are used once to read the ID token's claims and never stored or logged.

A refusal raises `SignInRefused` with a reason; the view shows a Swedish page for it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode, urlsplit

import requests
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from accounts.models import IdentityProvider

log = logging.getLogger(__name__)

SESSION_KEY = "oidc_flows"
# Sign-in attempts kept at once (several tabs); the oldest goes first.
MAX_FLOWS = 5
METADATA_CACHE_SECONDS = 60 * 60
HTTP_TIMEOUT = 10
# Signature algorithms accepted for ID tokens: asymmetric only (never "none" nor HMAC
# with the client secret, which anyone holding the secret could forge).
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class SignInRefused(Exception):
    """A sign-in that did not go through; `reason` chooses the page the person sees."""

    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_MISCONFIGURED = "provider_misconfigured"
    WRONG_ISSUER = "wrong_issuer"
    STATE = "state"
    CODE = "code"
    TOKEN = "token"  # noqa: S105 (a reason, not a secret)
    DENIED = "denied"

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SignedIn:
    """What a completed sign-in tells: who, at which provider, and where to go next."""

    provider: IdentityProvider
    issuer: str
    subject: str
    name: str
    email: str
    next_url: str


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def url_allowed(url: str) -> bool:
    """HTTPS, or plain HTTP on loopback where settings allow it (the demo, the tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return (
        parts.scheme == "http"
        and getattr(settings, "OIDC_ALLOW_LOOPBACK_HTTP", False)
        and _is_loopback(parts.hostname)
    )


def _get_json(url: str) -> dict:
    if not url_allowed(url):
        raise SignInRefused(SignInRefused.PROVIDER_MISCONFIGURED, f"insecure URL {url}")
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused(SignInRefused.PROVIDER_UNAVAILABLE, str(error)) from error
    if not isinstance(data, dict):
        raise SignInRefused(SignInRefused.PROVIDER_UNAVAILABLE, f"not a JSON object: {url}")
    return data


def _cache_key(kind: str, issuer: str) -> str:
    return f"oidc:{kind}:{hashlib.sha256(issuer.encode()).hexdigest()}"


def discover(provider: IdentityProvider) -> dict:
    """The provider's discovery document, checked to name the configured issuer exactly."""
    key = _cache_key("metadata", provider.issuer)
    metadata = cache.get(key)
    if metadata is not None:
        return metadata
    metadata = _get_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
    if metadata.get("issuer") != provider.issuer:
        # Discovery 4.3: a document naming another issuer is not this provider's.
        raise SignInRefused(
            SignInRefused.PROVIDER_MISCONFIGURED,
            f"discovery names issuer {metadata.get('issuer')!r}, configured {provider.issuer!r}",
        )
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(name), str) or not url_allowed(metadata[name]):
            raise SignInRefused(SignInRefused.PROVIDER_MISCONFIGURED, f"bad {name}")
    if "S256" not in metadata.get("code_challenge_methods_supported", ["S256"]):
        raise SignInRefused(SignInRefused.PROVIDER_MISCONFIGURED, "no PKCE S256")
    cache.set(key, metadata, METADATA_CACHE_SECONDS)
    return metadata


def _key_set(provider: IdentityProvider, metadata: dict, *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", provider.issuer)
    jwks = None if refresh else cache.get(key)
    if jwks is None:
        jwks = _get_json(metadata["jwks_uri"])
        cache.set(key, jwks, METADATA_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(jwks)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise SignInRefused(SignInRefused.PROVIDER_MISCONFIGURED, "unreadable JWKS") from error


def _flow_max_age() -> int:
    return getattr(settings, "OIDC_FLOW_MAX_AGE", 600)


# --- The flow ----------------------------------------------------------------


def begin(request, provider: IdentityProvider, *, redirect_uri: str, next_url: str) -> str:
    """Start a sign-in: remember the attempt in the session, return the provider's URL."""
    metadata = discover(provider)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # RFC 7636: 43-128 unreserved characters
    flows = dict(request.session.get(SESSION_KEY) or {})
    now = time.time()
    flows = {
        key: flow
        for key, flow in flows.items()
        if isinstance(flow, dict) and now - flow.get("created", 0) < _flow_max_age()
    }
    while len(flows) >= MAX_FLOWS:
        flows.pop(min(flows, key=lambda key: flows[key]["created"]))
    flows[state] = {
        "provider": provider.pk,
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "next": next_url,
        "created": now,
    }
    request.session[SESSION_KEY] = flows
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile email",
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    separator = "&" if "?" in metadata["authorization_endpoint"] else "?"
    return metadata["authorization_endpoint"] + separator + urlencode(params)


def _take_flow(request, state: str) -> dict:
    """The attempt named by `state`, removed from the session: it can be answered once."""
    flows = dict(request.session.get(SESSION_KEY) or {})
    flow = flows.pop(state, None) if state else None
    if flow is not None:
        request.session[SESSION_KEY] = flows
    if not isinstance(flow, dict):
        raise SignInRefused(SignInRefused.STATE, "unknown or already used state")
    if time.time() - flow.get("created", 0) >= _flow_max_age():
        raise SignInRefused(SignInRefused.STATE, "expired state")
    return flow


def complete(request) -> SignedIn:
    """Finish a sign-in from the provider's answer (the callback's query string)."""
    params = request.GET
    flow = _take_flow(request, params.get("state", ""))
    provider = IdentityProvider.objects.filter(pk=flow["provider"], enabled=True).first()
    if provider is None:
        raise SignInRefused(SignInRefused.PROVIDER_UNAVAILABLE, "provider removed or disabled")
    metadata = discover(provider)
    # RFC 9207: the answer names its issuer; another provider's answer is refused here,
    # before its code is sent anywhere.
    answered_by = params.get("iss")
    if answered_by is not None and answered_by != provider.issuer:
        raise SignInRefused(SignInRefused.WRONG_ISSUER, f"answer from {answered_by!r}")
    if answered_by is None and metadata.get("authorization_response_iss_parameter_supported"):
        raise SignInRefused(SignInRefused.WRONG_ISSUER, "answer without iss")
    if params.get("error"):
        raise SignInRefused(SignInRefused.DENIED, params.get("error", "")[:100])
    code = params.get("code")
    if not code:
        raise SignInRefused(SignInRefused.CODE, "no code")
    tokens = _exchange_code(provider, metadata, code=code, flow=flow)
    claims = _verified_claims(provider, metadata, tokens, nonce=flow["nonce"])
    subject = claims.get(provider.subject_claim)
    if not isinstance(subject, str) or not subject:
        raise SignInRefused(SignInRefused.TOKEN, f"no {provider.subject_claim} claim")
    return SignedIn(
        provider=provider,
        issuer=provider.issuer,
        subject=subject,
        name=str(claims.get("name") or "")[:200],
        email=str(claims.get("email") or "")[:254],
        next_url=flow.get("next") or "",
    )


def _exchange_code(provider: IdentityProvider, metadata: dict, *, code: str, flow: dict) -> dict:
    """The token endpoint's answer for the code, with the PKCE verifier. Never stored."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow["redirect_uri"],
        "code_verifier": flow["verifier"],
    }
    auth = None
    methods = metadata.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
    if provider.client_secret and "client_secret_basic" in methods:
        # RFC 6749 2.3.1: the id and secret are form-encoded before Basic.
        auth = (quote_plus(provider.client_id), quote_plus(provider.client_secret))
    else:
        data["client_id"] = provider.client_id
        if provider.client_secret:
            data["client_secret"] = provider.client_secret
    try:
        response = requests.post(
            metadata["token_endpoint"],
            data=data,
            auth=auth,
            timeout=HTTP_TIMEOUT,
            headers={"Accept": "application/json"},
        )
        answer = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused(SignInRefused.PROVIDER_UNAVAILABLE, str(error)) from error
    if response.status_code != 200 or not isinstance(answer, dict):
        error = answer.get("error") if isinstance(answer, dict) else None
        # invalid_grant: the code expired, was used already, or is not for this client.
        raise SignInRefused(SignInRefused.CODE, f"token endpoint: {error or response.status_code}")
    if not isinstance(answer.get("id_token"), str):
        raise SignInRefused(SignInRefused.TOKEN, "no id_token")
    return answer


def _verified_claims(provider: IdentityProvider, metadata: dict, tokens: dict, *, nonce: str):
    """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in ASYMMETRIC_ALGORITHMS]
    try:
        try:
            token = jwt.decode(
                tokens["id_token"], _key_set(provider, metadata), algorithms=algorithms
            )
        except InvalidKeyIdError:
            # The provider rotated its keys since we cached them.
            keys = _key_set(provider, metadata, refresh=True)
            token = jwt.decode(tokens["id_token"], keys, algorithms=algorithms)
    except (JoseError, ValueError) as error:
        raise SignInRefused(SignInRefused.TOKEN, f"signature: {error}") from error
    if token.claims.get("iss") != provider.issuer:
        raise SignInRefused(
            SignInRefused.WRONG_ISSUER, f"id_token from {token.claims.get('iss')!r}"
        )
    claims = CodeIDToken(
        token.claims,
        token.header,
        options={
            "iss": {"essential": True, "values": [provider.issuer]},
            "aud": {"essential": True, "values": [provider.client_id]},
            "sub": {"essential": True},
        },
        params={
            "nonce": nonce,
            "client_id": provider.client_id,
            "access_token": tokens.get("access_token"),
        },
    )
    try:
        claims.validate(leeway=60)
    except JoseError as error:
        raise SignInRefused(SignInRefused.TOKEN, f"claims: {error}") from error
    return dict(claims)
