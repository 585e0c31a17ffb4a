"""The main menu: each app's links, shown only to those who may use them (R30)."""

from django import template
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships import permissions
from partnerships.models import Partnership

register = template.Library()


STAGE_VIEWS = {"stage_list", "stage_create", "stage_edit"}
PEOPLE_VIEWS = {
    "people_list",
    "person_add",
    "person_detail",
    "person_identity_link",
    "person_identity_unlink",
    "seat_give",
    "seat_end",
}


@register.inclusion_tag("kommunalutveckling/nav_items.html", takes_context=True)
def main_nav(context):
    """Menu links from the person's object permissions: one query, two with a partnership."""
    request = context.get("request")
    user = getattr(request, "user", None)
    links = []
    if user is not None and user.is_authenticated:
        perms = permissions.object_permissions(user)
        readable = perms["read_partnership"] or perms["read_published_reports"]
        partnership = (
            Partnership.objects.filter(pk__in=readable).order_by("name").first()
            if readable
            else None
        )
        if perms["decide_for_municipality"]:
            links.append(("inbox", reverse("matters:inbox"), _("To decide")))
        if perms["read_partnership"]:
            links.append(("projects", reverse("projects:portfolio_list"), _("Projects")))
        if partnership is not None and str(partnership.pk) in perms["read_partnership"]:
            # R60-R64: the business plan, its goals and the management system.
            links.append(("plans", reverse("plans:index", args=[partnership.slug]), _("Plan")))
            links.append(
                ("finance", reverse("finance:overview", args=[partnership.slug]), _("Economy"))
            )
        elif partnership is not None:
            year = timezone.localdate().year
            url = reverse("finance:allocation", args=[partnership.slug, year])
            links.append(("finance", url, _("Fees")))
        if perms["read_published_reports"] or perms["manage_partnership"]:
            links.append(("reporting", reverse("reporting:index"), _("Reports")))
        # Every logged-in person: a body's seats, the office and public minutes decide what
        # the list shows (meetings/access.py, R57), at no query here.
        links.append(("meetings", reverse("meetings:list"), _("Meetings")))
        if perms["manage_partnership"]:
            links.append(("stages", reverse("projects:stage_list"), _("Stages")))
            links.append(("people", reverse("people_list"), _("People")))
        # The admin lets in an office seat today or a superuser (R31); the office seat is
        # manage_partnership in the permissions above, so this asks the database nothing more.
        if admin.site.admits(user):
            links.append(("admin", reverse("admin:index"), _("Administration")))
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        current = match.app_name
        # Every matter page (inbox, history, a matter, deciding it) belongs to the menu
        # item "To decide"; the stage pages are one of their own inside the projects app.
        # So is confirming a participation decision from the inbox (R12).
        if match.app_name == "matters" or match.view_name == "projects:participation_confirm":
            current = "inbox"
        elif match.app_name == "projects" and match.url_name in STAGE_VIEWS:
            current = "stages"
        elif not match.app_name and match.url_name in PEOPLE_VIEWS:
            current = "people"
    return {"links": links, "current": current}
