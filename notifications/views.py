from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notifications import services
from notifications.forms import PreferenceForm


@login_required
def preferences(request):
    """The person's own choice: each mail at once, a daily or a weekly summary."""
    current = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, initial={"frequency": current.frequency})
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            actor=request.user, person=request.user, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "digest_hour": settings.NOTIFICATION_DIGEST_HOUR},
    )
