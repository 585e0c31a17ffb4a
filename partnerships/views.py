from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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
