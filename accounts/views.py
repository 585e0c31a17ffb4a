from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partnerships import selectors
from projects import selectors as project_selectors


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@login_required
def profile(request):
    """The person's own profile: contact details and current memberships."""
    memberships = selectors.memberships_for_person(person=request.user)
    return render(request, "accounts/profile.html", {"memberships": memberships})


@login_required
def start(request):
    """The person's bodies and roles, and links to what they may use."""
    memberships = list(selectors.memberships_for_person(person=request.user))
    partnerships = {m.body.partnership for m in memberships}
    return render(
        request,
        "accounts/start.html",
        {
            "memberships": memberships,
            "partnerships": sorted(partnerships, key=lambda p: p.name),
            "awaiting_count": project_selectors.awaiting_count(user=request.user),
        },
    )
