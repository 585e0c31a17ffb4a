"""What the application tells people by mail, and how often they want it (issue 16).

A `Notification` is one thing to tell one person, recorded once per
(recipient, kind, key): recording it again changes nothing, so a rerun of a job
never tells anybody twice. A `Delivery` is one mail that went out, a single
message or a digest; its (recipient, key) is unique, which is what keeps two
runs at once from sending the same mail.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    DECISION_INVITATION = "decision_invitation", _("Invitation to decide")
    DECISION_REMINDER = "decision_reminder", _("Reminder before the due date")
    AGENDA_SENT = "agenda_sent", _("Agenda sent")
    MINUTES_TO_ADJUST = "minutes_to_adjust", _("Minutes ready to adjust")
    REPORT_PUBLISHED = "report_published", _("Report published")
    MUNICIPALITY_EVENT = "municipality_event", _("Act in the municipality's name")


# Acts done in a municipality's name are told at once whatever the person chose: they
# exist so that a wrong or forged act is noticed the same day (partnerships/events.py).
ALWAYS_AT_ONCE = frozenset({Kind.MUNICIPALITY_EVENT})


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Each message at once")
    DAILY = "daily", _("A daily summary")
    WEEKLY = "weekly", _("A weekly summary, on Mondays")


class Preference(models.Model):
    """How often a person wants mail from the application (each at once is the default)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_frequency_display()}"


class Delivery(models.Model):
    """One mail sent to one person: a single notification or a digest (the sent log)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # "n:<notification id>" for a single message, "daily:<date>" or "weekly:<monday>".
    key = models.CharField(_("key"), max_length=64)
    address = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=200)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="delivery_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"


class Notification(models.Model):
    """One thing to tell one person; mailed at once or in their digest (`delivery` once sent)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What makes it this notification and no other, e.g. "matter:12:municipality:4".
    key = models.CharField(_("key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    # A fragment of HTML made by a template with autoescape on; empty = made from the text.
    html = models.TextField(_("HTML"), blank=True)
    url = models.URLField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("sent in"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notification_once_per_key"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(delivery__isnull=True),
                name="notification_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def always_at_once(self) -> bool:
        return self.kind in ALWAYS_AT_ONCE
