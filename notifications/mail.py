"""The mails themselves: plain text plus HTML, in Swedish, with an absolute link.

A single notification is its text between a greeting and a footer; a digest lists
every pending notification with its own link. The footer links to the page where
the person chooses how often they get mail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from notifications.models import Frequency, Notification

# Mail from a machine: no out-of-office replies back (RFC 3834; Exchange's own header).
HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def absolute(url: str) -> str:
    """A path made absolute with SITE_URL; an absolute address is kept as it is."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def one_line(text: str, limit: int = 150) -> str:
    """A header value on one line: a title typed with a line break would make Django
    refuse the message (BadHeaderError) and stop every other mail of the run."""
    return " ".join(str(text).split())[:limit]


def html_of(notification: Notification) -> str:
    """The HTML fragment of a notification: its own, or its text with links and paragraphs."""
    if notification.html:
        return mark_safe(notification.html)  # noqa: S308 - made by a template with autoescape
    # urlize escapes the text; linebreaks then only adds the paragraphs.
    return mark_safe(linebreaks(urlize(notification.text, autoescape=True), autoescape=False))  # noqa: S308


def _context(person) -> dict:
    return {
        "person": person,
        "name": person.get_full_name() or person.get_username(),
        "preferences_url": absolute(reverse("notifications:preferences")),
    }


def single_message(notification: Notification, address: str) -> EmailMultiAlternatives:
    person = notification.recipient
    with translation.override("sv"):
        context = {
            **_context(person),
            "notification": notification,
            "html": html_of(notification),
            "always_at_once": notification.always_at_once,
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    return _message(one_line(notification.subject), text, html, address)


def digest_message(
    person, notifications: list[Notification], frequency: str, address: str
) -> EmailMultiAlternatives:
    with translation.override("sv"):
        count = len(notifications)
        if frequency == Frequency.WEEKLY:
            subject = ngettext(
                "Weekly summary: %(count)d message from Kommunal utveckling",
                "Weekly summary: %(count)d messages from Kommunal utveckling",
                count,
            ) % {"count": count}
        else:
            subject = ngettext(
                "Daily summary: %(count)d message from Kommunal utveckling",
                "Daily summary: %(count)d messages from Kommunal utveckling",
                count,
            ) % {"count": count}
        context = {
            **_context(person),
            "items": [(n, html_of(n)) for n in notifications],
            "weekly": frequency == Frequency.WEEKLY,
            "title": subject,
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    return _message(one_line(subject), text, html, address)


def _message(subject: str, text: str, html: str, address: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [address], headers=dict(HEADERS)
    )
    message.attach_alternative(html, "text/html")
    return message
