"""Sign-in with the organisation's account (OpenID Connect), next to the password login."""

import logging

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import oidc
from accounts.identities import identity_signed_in
from accounts.models import IdentityProvider

log = logging.getLogger(__name__)

# The password backend's path: the session then reloads the person like any other login.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def _refused(request, reason: str, *, provider=None, status=400, identity=None):
    return render(
        request,
        "accounts/sso_refused.html",
        {
            "reason": reason,
            "provider": provider,
            "identity": identity,
            "contact": settings.SSO_CONTACT,
        },
        status=status,
    )


@require_safe
@never_cache
def sso_start(request, slug):
    """Send the person to their organisation's sign-in page (authorization request)."""
    provider = get_object_or_404(IdentityProvider, slug=slug, enabled=True)
    next_url = _safe_next(request, request.GET.get("next", ""))
    redirect_uri = request.build_absolute_uri(reverse("sso_callback"))
    try:
        url = oidc.begin(request, provider, redirect_uri=redirect_uri, next_url=next_url)
    except oidc.SignInRefused as refusal:
        log.warning("SSO start refused for provider %s: %s", provider.pk, refusal)
        return _refused(request, refusal.reason, provider=provider, status=502)
    return redirect(url)


@require_safe
@never_cache
def sso_callback(request):
    """The provider's answer: sign the person in if their identity is linked (R31)."""
    try:
        signed_in = oidc.complete(request)
    except oidc.SignInRefused as refusal:
        # The reason and the provider's words, never a token or a personal claim.
        log.warning("SSO sign-in refused: %s", refusal)
        return _refused(request, refusal.reason)
    identity = identity_signed_in(signed_in=signed_in)
    user = identity.user
    if user is None:
        return _refused(
            request, "unknown_identity", provider=signed_in.provider, status=403, identity=identity
        )
    if not user.is_active:
        return _refused(request, "inactive", provider=signed_in.provider, status=403)
    login(request, user, backend=SESSION_BACKEND)
    return redirect(_safe_next(request, signed_in.next_url) or settings.LOGIN_REDIRECT_URL)
