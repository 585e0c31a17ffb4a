"""The personal meeting calendar (issue 12 item 8): its settings page and the secret feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError, refusal_shown
from meetings import calendar

# The new address is shown once, on the page the rotation redirects to.
SESSION_KEY = "meetings_calendar_new_url"


@login_required
def calendar_settings(request):
    """Show whether the person has a calendar address; POST makes a new one (rotation)."""
    if request.method == "POST":
        try:
            token = calendar.calendar_feed_rotate(actor=request.user, person=request.user)
        except DomainError as error:
            messages.error(request, refusal_shown(error))
        else:
            request.session[SESSION_KEY] = calendar.feed_url(request, token)
            messages.success(
                request, _("Your calendar has a new address. The old one no longer works.")
            )
        return redirect("meetings:calendar")
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed": calendar.calendar_feed_of(request.user),
            "new_url": request.session.pop(SESSION_KEY, None),
        },
    )


@require_GET
def calendar_feed(request, token):
    """The iCalendar feed; the token in the address is the only key (404 for a wrong one)."""
    person = calendar.person_for_token(token)
    if person is None:
        raise Http404("not found")
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar.feed_for(person, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sammantraden.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
