"""Matters that need every member municipality's assent (R15 common funds, R5 consensus).

A matter of the kind "funds request" belongs to a project; the FK is a string
so that this app never imports `projects` (projects builds on matters).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership


class Matter(models.Model):
    """A matter that needs every member municipality's assent (R15 common funds, R5 consensus).

    One rejection rejects; approval needs all member municipalities. The
    status is only changed by the services, under a row lock on the matter.
    """

    class Kind(models.TextChoices):
        FUNDS_REQUEST = "funds_request", _("Request for common funds")
        CONSENSUS = "consensus", _("Steering group consensus decision")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a new request")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="matters", verbose_name=_("partnership")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    due_date = models.DateField(_("decide by"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready for decision since"), null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked ready by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closing_note = models.TextField(_("reason"), blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="funds_request")
                | (Q(project__isnull=False) & Q(amount__isnull=False)),
                name="matter_funds_request_has_project_and_amount",
            ),
            # R15: one open request per project at a time.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="pending", kind="funds_request"),
                name="matter_one_pending_request_per_project",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None


class MatterDecision(models.Model):
    """One municipality's decision on a matter (R15, R5). Never edited (R17)."""

    class Verdict(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    class Channel(models.TextChoices):
        APP = "app", _("In the app by the socialchef or deputy")
        COMMITTEE = "committee", _("Committee decision recorded by staff")

    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("matter")
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="matter_decisions",
        verbose_name=_("municipality"),
    )
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)
    channel = models.CharField(
        _("decided"), max_length=10, choices=Channel.choices, default=Channel.APP
    )
    committee_reference = models.CharField(
        _("committee decision reference"), max_length=120, blank=True
    )
    # R15, R54: when the committee is a body of the app, the § of its adjusted minutes.
    paragraph = models.ForeignKey(
        "meetings.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("§ in the minutes"),
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision on a matter")
        verbose_name_plural = _("decisions on matters")
        ordering = ["decided_at", "id"]
        constraints = [
            # A double-submitted form records one decision, not two.
            models.UniqueConstraint(
                fields=["matter", "municipality"], name="matter_decision_one_per_municipality"
            ),
            models.CheckConstraint(
                condition=~Q(channel="committee") | ~Q(committee_reference=""),
                name="matter_decision_committee_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter} – {self.municipality}: {self.get_verdict_display()}"


class MatterComment(models.Model):
    """A comment by the preparation group (or staff) on a matter."""

    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="comments", verbose_name=_("matter")
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
