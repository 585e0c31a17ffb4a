"""The participation reminder (R12): a mail to each socialchef and deputy whose
municipality has left projects waiting for its participation decision. Run by
`send_reminders` through the inbox sources (`matters.inbox`); it writes nothing."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from matters import services as matter_services
from partnerships.models import Partnership
from projects import selectors

# R12: a project that has waited this long for a municipality's participation decision
# is in the reminder mail (`send_reminders`), every time the command runs.
PARTICIPATION_REMINDER_AFTER = datetime.timedelta(days=7)


def send_participation_reminders(*, today: datetime.date) -> int:
    """One mail per socialchef (and deputy) listing the projects that have awaited their
    municipality's participation decision for a week or more (R12)."""
    since = timezone.make_aware(
        datetime.datetime.combine(today - PARTICIPATION_REMINDER_AFTER, datetime.time.max)
    )
    site = settings.SITE_URL.rstrip("/")
    mails = []
    for partnership in Partnership.objects.prefetch_related("members").order_by("pk"):
        awaiting = {}
        for municipality in partnership.members.all():
            projects = list(
                selectors.awaiting_participation(municipality.pk)
                .filter(portfolio__tactical_group__partnership=partnership, created_at__lte=since)
                .order_by("created_at", "pk")
            )
            if projects:
                awaiting[municipality.pk] = projects
        deciders = matter_services.deciders_for(
            partnership=partnership, municipality_ids=awaiting.keys(), on=today
        )
        for membership in deciders:
            person = membership.person
            if not person.email or not person.is_active:
                continue
            context = {
                "person": person,
                "municipality": membership.municipality,
                "projects": [
                    (p, site + reverse("projects:project_detail", args=[p.pk]))
                    for p in awaiting[membership.municipality_id]
                ],
                "inbox_url": site + reverse("matters:inbox"),
            }
            with translation.override("sv"):  # whoever runs the command
                subject = _("Reminder: participation in projects for %(municipality)s") % {
                    "municipality": membership.municipality.name
                }
                body = render_to_string("projects/email/awaiting_participation.txt", context)
            mails.append(
                EmailMessage(subject[:150], body, settings.DEFAULT_FROM_EMAIL, [person.email])
            )
    if mails:
        get_connection().send_messages(mails)
    return len(mails)
