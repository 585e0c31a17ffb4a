"""The evaluation survey's import page (R63): upload, preview, confirm.

As the population import (partnerships/views.py): the uploaded text stays in the
session between the preview and the confirmation; the confirmation names it only by its
digest and the service checks it all again before saving.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError, refusal_shown
from partnerships import permissions
from plans import survey
from plans.forms import SurveyConfirmForm, SurveyUploadForm

SURVEY_SESSION_KEY = "survey_import"


def _pending(request, partnership):
    pending = request.session.get(SURVEY_SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("partnership") != partnership.pk:
        return None
    return pending


def _refused(error: DomainError) -> str:
    return _("Nothing was saved. %(reason)s Correct the file and choose it again.") % {
        "reason": refusal_shown(error)
    }


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request, slug):
    """Upload the CSV of `import_survey`; nothing is saved before the confirmation."""
    partnership = permissions.get_partnership_for_user(request.user, slug, "manage_partnership")
    form = SurveyUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        text, year = form.cleaned_data["file"], form.cleaned_data["year"]
        try:
            survey.survey_import_preview(
                actor=request.user, partnership=partnership, year=year, text=text
            )
        except DomainError as error:
            form.add_error("file", _refused(error))
        else:
            request.session[SURVEY_SESSION_KEY] = {
                "partnership": partnership.pk,
                "year": year,
                "text": text,
                "digest": hashlib.sha256(f"{year}\x00{text}".encode()).hexdigest(),
            }
            return redirect("plans:survey_import_confirm", slug=partnership.slug)
    return render(
        request,
        "plans/survey_import.html",
        {"partnership": partnership, "form": form, "header": ",".join(survey.SURVEY_HEADER)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_import_confirm(request, slug):
    """The preview of the uploaded results; saving them all, or none, on confirmation."""
    partnership = permissions.get_partnership_for_user(request.user, slug, "manage_partnership")
    pending = _pending(request, partnership)
    if pending is None:
        messages.error(request, _("No uploaded file is waiting. Choose the file to import."))
        return redirect("plans:survey_import", slug=partnership.slug)
    form = SurveyConfirmForm(request.POST or None, initial={"digest": pending["digest"]})
    arguments = {"partnership": partnership, "year": pending["year"], "text": pending["text"]}
    try:
        if request.method == "POST":
            if not form.is_valid() or form.cleaned_data["digest"] != pending["digest"]:
                messages.error(
                    request,
                    _("Another file was uploaded meanwhile. Check its preview and confirm again."),
                )
                return redirect(request.get_full_path())
            result = survey.survey_import(actor=request.user, **arguments)
            request.session.pop(SURVEY_SESSION_KEY, None)
            messages.success(
                request,
                _("The survey results were saved; %(count)s indicators got their value.")
                % {"count": len(result.outcomes)},
            )
            return redirect("plans:goals", slug=partnership.slug, year=pending["year"])
        preview = survey.survey_import_preview(actor=request.user, **arguments)
    except DomainError as error:
        # What was stored meanwhile may make the file wrong now: nothing is saved.
        request.session.pop(SURVEY_SESSION_KEY, None)
        messages.error(request, _refused(error))
        return redirect("plans:survey_import", slug=partnership.slug)
    return render(
        request,
        "plans/survey_confirm.html",
        {
            "partnership": partnership,
            "preview": preview,
            "year": pending["year"],
            "source": survey.survey_source(pending["year"]),
            "form": form,
            "start": reverse("plans:survey_import", args=[partnership.slug]),
        },
    )
