from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def finance_nav_link(context):
    """(url, label) of the 'Ekonomi' menu item for people who may see it, else None.

    Members read the economy; PKS members see the fee split (R22). Cached per request.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if hasattr(request, "_finance_nav_link"):
        return request._finance_nav_link
    link = None
    partnership = permissions.partnerships_for_user(user, "read_partnership").first()
    if partnership is not None:
        link = (reverse("finance:overview", args=[partnership.slug]), _("Economy"))
    else:
        partnership = permissions.partnerships_for_user(user, "read_published_reports").first()
        if partnership is not None:
            year = timezone.localdate().year
            link = (reverse("finance:allocation", args=[partnership.slug, year]), _("Fees"))
    request._finance_nav_link = link
    return link
