"""Adjustments and frozen minutes (R55): kept apart from models.py, which imports them."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import WebTwin

USER = settings.AUTH_USER_MODEL


class Adjustment(models.Model):
    """A chair's or adjuster's digital adjustment (justering, R55) of the exact minutes PDF.

    Never deleted: a change to the minutes voids it (`voided_at`) and asks again.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ADJUSTER = "adjuster", _("Adjuster")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="adjustments",
        verbose_name=_("meeting"),
    )
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sha256 = models.CharField(_("SHA-256 of the adjusted PDF"), max_length=64)
    signature_id = models.CharField(_("signature id"), max_length=32, unique=True)
    adjusted_at = models.DateTimeField(_("adjusted"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["meeting", "adjusted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"],
                condition=Q(voided_at__isnull=True),
                name="adjustment_once_while_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.name} ({self.get_role_display()})"


class MinutesVersion(WebTwin):
    """Frozen, adjusted minutes (R55, like a published report R42): bytes, checksum, version,
    and the web twin of the same content (issue 15), stored in the same INSERT."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="minutes_versions",
        verbose_name=_("meeting"),
    )
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    reason = models.TextField(
        _("reason for the correction"), blank=True, help_text=_("Required from version 2.")
    )
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now)
    frozen_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("frozen by")
    )
    history = HistoricalRecords(excluded_fields=["pdf", "html"])

    class Meta:
        verbose_name = _("adjusted minutes version")
        verbose_name_plural = _("adjusted minutes versions")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="minutes_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"

    def checksum_ok(self, data: bytes) -> bool:
        return hashlib.sha256(data).hexdigest() == self.sha256
