from django import template
from django.contrib import admin
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """The staff history page of any tracked object: {% history_url project %}."""
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])


@register.inclusion_tag("core/history_link.html", takes_context=True)
def history_link(context, obj):
    """A link to the object's history, for staff only (the page itself refuses others)."""
    user = context.get("user")
    # Staff are those the admin lets in (kommunalutveckling/adminsite.py).
    show = bool(obj) and user is not None and admin.site.admits(user)
    return {"show": show, "object": obj}
