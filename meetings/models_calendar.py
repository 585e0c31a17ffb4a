"""A person's secret calendar address (issue 12 item 8), kept apart from the meeting models."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarFeed(models.Model):
    """The secret token of a person's meeting calendar, stored only as its SHA-256.

    The address itself is shown once, when it is made; making a new one (rotation)
    replaces the hash, so the old address stops working at once (404).
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_calendar",
        verbose_name=_("person"),
    )
    token_sha256 = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("address made"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["token_sha256"])

    class Meta:
        app_label = "meetings"
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return str(self.person)
