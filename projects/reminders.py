"""The participation reminder (R12): a mail to each socialchef and deputy whose
municipality has left projects waiting for its participation decision. Run by
`send_reminders` through the inbox sources (`matters.inbox`); it writes only the
notifications (at most one reminder a day per person and municipality)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from matters import services as matter_services
from notifications import services as notifications
from notifications.models import Kind
from partnerships.models import Partnership
from projects import selectors

# R12: a project that has waited this long for a municipality's participation decision
# is in the reminder mail (`send_reminders`), once a day on every day the command runs.
PARTICIPATION_REMINDER_AFTER = datetime.timedelta(days=7)


def send_participation_reminders(*, today: datetime.date) -> int:
    """One mail per socialchef (and deputy) listing the projects that have awaited their
    municipality's participation decision for a week or more (R12)."""
    since = timezone.make_aware(
        datetime.datetime.combine(today - PARTICIPATION_REMINDER_AFTER, datetime.time.max)
    )
    site = settings.SITE_URL.rstrip("/")
    told = []
    with transaction.atomic():
        for partnership in Partnership.objects.prefetch_related("members").order_by("pk"):
            awaiting = {}
            for municipality in partnership.members.all():
                projects = list(
                    selectors.awaiting_participation(municipality.pk)
                    .filter(
                        portfolio__tactical_group__partnership=partnership, created_at__lte=since
                    )
                    .order_by("created_at", "pk")
                )
                if projects:
                    awaiting[municipality.pk] = projects
            deciders = matter_services.deciders_for(
                partnership=partnership, municipality_ids=awaiting.keys(), on=today
            )
            for membership in deciders:
                notification = _remind(
                    membership, awaiting[membership.municipality_id], site, today
                )
                if notification is not None:
                    told.append(notification)
    notifications.send_pending(notifications=told)  # the job runs outside a transaction
    return len(told)


def _remind(membership, projects, site: str, today: datetime.date):
    context = {
        "municipality": membership.municipality,
        "projects": [(p, site + reverse("projects:project_detail", args=[p.pk])) for p in projects],
    }
    with translation.override("sv"):  # whoever runs the command
        subject = _("Reminder: participation in projects for %(municipality)s") % {
            "municipality": membership.municipality.name
        }
        text = render_to_string("projects/email/awaiting_participation.txt", context)
    return notifications.notify(
        recipient=membership.person,
        kind=Kind.DECISION_REMINDER,
        key=f"participation:municipality:{membership.municipality_id}:{today.isoformat()}",
        subject=subject,
        text=text,
        url=reverse("matters:inbox"),
    )
