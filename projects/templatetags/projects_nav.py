"""The projects app's links in the main menu, shown only to those who may use them."""

from django import template

from partnerships.models import Body, Membership
from partnerships.permissions import DECIDING_ROLES, READ_BODY_KINDS

register = template.Library()


@register.inclusion_tag("projects/includes/nav.html", takes_context=True)
def projects_nav(context):
    """One query per request: which of the app's links the person's seats open (R30)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "request": request}
    nav = getattr(request, "_projects_nav", None)
    if nav is None:
        seats = set(
            Membership.objects.active().filter(person=user).values_list("body__kind", "role")
        )
        nav = {
            "decides": any(
                kind == Body.Kind.STEERING_GROUP and role in DECIDING_ROLES for kind, role in seats
            ),
            "reads": any(kind in READ_BODY_KINDS for kind, _ in seats),
            "manages": any(kind == Body.Kind.OFFICE for kind, _ in seats),
        }
        request._projects_nav = nav
    return {"nav": nav, "request": request}
