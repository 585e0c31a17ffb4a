"""The person's own pages, which gather what every app offers them (top layer)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from matters import selectors as matter_selectors
from partnerships import permissions, selectors


@login_required
def profile(request):
    """The person's own profile: contact details and current memberships."""
    memberships = selectors.memberships_for_person(person=request.user)
    return render(request, "accounts/profile.html", {"memberships": memberships})


@login_required
def start(request):
    """The person's bodies and roles, and links to what they may use."""
    memberships = list(selectors.memberships_for_person(person=request.user))
    # Link only to partnerships the person may read (a PKS member reads reports only).
    partnerships = {
        m.body.partnership for m in memberships if m.body.kind in permissions.READ_BODY_KINDS
    }
    return render(
        request,
        "kommunalutveckling/start.html",
        {
            "memberships": memberships,
            "partnerships": sorted(partnerships, key=lambda p: p.name),
            "awaiting_count": matter_selectors.awaiting_count(user=request.user),
        },
    )


@login_required
@require_safe
def signed_in(request):
    """The simplest signed-in page: the session, the user and the layout with the menu,
    no data of its own. Monitors check sign-in with it; the benchmark measures every
    page against it (issue 17, "the floor")."""
    return render(request, "kommunalutveckling/signed_in.html")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the site's icon."""
    response = redirect(static("favicon.svg"))
    # Not permanent: the icon's address changes with its content (hashed static names).
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response
