import hashlib

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import attachments
from core.errors import DomainError, refusal_shown
from partnerships import forms, permissions, selectors, services


@login_required
def partnership_detail(request, slug):
    """The partnership's agreement, member municipalities and bodies with their members."""
    partnership = permissions.get_partnership_for_user(request.user, slug)
    agreement = partnership.agreement_in_force()
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "notices": agreement.notices.select_related("municipality") if agreement else [],
            "members": partnership.members.order_by("code"),
            "bodies": selectors.partnership_organisation(partnership=partnership),
            # The history is the office's, as the admin is (R31).
            "can_read_history": admin.site.has_permission(request),
        },
    )


EVENTS_PAGE_SIZE = 25


@login_required
def municipality_events(request, code):
    """What has been done in the municipality's name: committee decisions, seats (R15, R30)."""
    municipality = permissions.get_municipality_for_events(request.user, code)
    page = Paginator(selectors.municipality_events(municipality=municipality), EVENTS_PAGE_SIZE)
    return render(
        request,
        "partnerships/municipality_events.html",
        {"municipality": municipality, "page": page.get_page(request.GET.get("sida"))},
    )


@login_required
def municipality_event_attachment(request, code, pk):
    """An event's attachment, as a download, for those who may read the event."""
    municipality = permissions.get_municipality_for_events(request.user, code)
    event = get_object_or_404(
        municipality.events.select_related("attachment").defer("attachment__data"),
        pk=pk,
        attachment__isnull=False,
    )
    try:
        return attachments.download_response(event.attachment)
    except attachments.AttachmentCorrupt as error:
        return render(
            request,
            "partnerships/attachment_refused.html",
            {"municipality": municipality, "message": error.message},
            status=500,
        )


# --- Population figures (R22): upload, preview, confirm --------------------------------
# The uploaded text stays in the session between the preview and the confirmation; the
# confirmation only names it by its digest and the service checks it again before saving.

POPULATION_SESSION_KEY = "population_import"


def _fee_year(request) -> int | None:
    """The fee year the user came from (?ar=), to lead back to its split after saving."""
    value = request.GET.get("ar", "")
    return (
        int(value) if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100 else None
    )


def _population_return(partnership, year):
    if year is not None:
        return reverse("finance:allocation", args=[partnership.slug, year])
    return reverse("finance:overview", args=[partnership.slug])


def _population_pending(request, partnership):
    pending = request.session.get(POPULATION_SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("partnership") != partnership.pk:
        return None
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def population_import(request, slug):
    """Upload the CSV of `import_population`; nothing is saved before the confirmation."""
    partnership = permissions.get_partnership_for_user(request.user, slug, "manage_partnership")
    year = _fee_year(request)
    form = forms.PopulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, source = form.cleaned_data["file"], form.cleaned_data["source"]
        try:
            services.population_import_preview(actor=request.user, text=text, source=source)
        except DomainError as error:
            form.add_error(
                "file",
                _("Nothing was saved. %(reason)s Correct the file and choose it again.")
                % {"reason": refusal_shown(error)},
            )
        else:
            request.session[POPULATION_SESSION_KEY] = {
                "partnership": partnership.pk,
                "text": text,
                "source": source,
                "digest": hashlib.sha256(f"{source}\x00{text}".encode()).hexdigest(),
            }
            url = reverse("population_import_confirm", args=[partnership.slug])
            return redirect(f"{url}?ar={year}" if year else url)
    return render(
        request,
        "partnerships/population_import.html",
        {
            "partnership": partnership,
            "form": form,
            "year": year,
            "latest": selectors.latest_population_date(partnership=partnership),
            "back": _population_return(partnership, year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def population_import_confirm(request, slug):
    """The preview of the uploaded figures; saving them all, or none, on confirmation."""
    partnership = permissions.get_partnership_for_user(request.user, slug, "manage_partnership")
    year = _fee_year(request)
    start = reverse("population_import", args=[partnership.slug])
    pending = _population_pending(request, partnership)
    if pending is None:
        messages.error(request, _("No uploaded file is waiting. Choose the file to import."))
        return redirect(start)
    form = forms.PopulationConfirmForm(request.POST or None, initial={"digest": pending["digest"]})
    try:
        if request.method == "POST":
            if not form.is_valid() or form.cleaned_data["digest"] != pending["digest"]:
                messages.error(
                    request,
                    _("Another file was uploaded meanwhile. Check its preview and confirm again."),
                )
                return redirect(request.get_full_path())
            result = services.population_import(
                actor=request.user, text=pending["text"], source=pending["source"]
            )
            request.session.pop(POPULATION_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Population figures saved: %(created)s new, %(updated)s changed, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect(_population_return(partnership, year))
        preview = services.population_import_preview(
            actor=request.user, text=pending["text"], source=pending["source"]
        )
    except DomainError as error:
        # The figures stored meanwhile may make the file wrong now: nothing is saved.
        request.session.pop(POPULATION_SESSION_KEY, None)
        messages.error(
            request,
            _("Nothing was saved. %(reason)s Correct the file and choose it again.")
            % {"reason": refusal_shown(error)},
        )
        return redirect(start)
    return render(
        request,
        "partnerships/population_confirm.html",
        {
            "partnership": partnership,
            "preview": preview,
            "source": pending["source"],
            "form": form,
            "year": year,
            "start": start,
        },
    )
