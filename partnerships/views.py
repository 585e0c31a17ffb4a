from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core import attachments
from core.pagecache import cached_page
from partnerships import permissions, selectors


@login_required
@cached_page
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
