"""Meetings of the bodies, their agendas and numbered minutes (R50-R57, seed 004).

Only the services (`meetings.services`, `meetings.minutes`) write these rows; they
guard the actor and the rules. A § points to objects of the apps above this one
through a generic relation, so this app imports nothing above `partnerships`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from partnerships.models import Body, Membership

USER = settings.AUTH_USER_MODEL


class BodySettings(models.Model):
    """A body's own rules for its minutes (R56, R57)."""

    body = models.OneToOneField(
        Body, on_delete=models.PROTECT, related_name="meeting_settings", verbose_name=_("body")
    )
    minutes_public = models.BooleanField(
        _("minutes are public"),
        default=False,
        help_text=_("Adjusted minutes can be read by every logged-in person."),
    )
    appeal_applies = models.BooleanField(
        _("decisions can be appealed"),
        default=False,
        help_text=_("Show the last day of appeal, three weeks after the notice."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")

    def __str__(self) -> str:
        return str(self.body)


class ParagraphCounter(models.Model):
    """The next § number of a body in a calendar year (R52).

    Numbers are taken under a row lock on this row, so two secretaries
    recording at once never get the same number nor leave a gap.
    `first_number` is where the year starts (a body may start mid-year at § 92).
    """

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="paragraph_counters", verbose_name=_("body")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    first_number = models.PositiveIntegerField(
        _("first § number of the year"), default=1, validators=[MinValueValidator(1)]
    )
    next_number = models.PositiveIntegerField(_("next § number"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("§ numbering")
        verbose_name_plural = _("§ numbering")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="paragraph_counter_body_year"),
            models.CheckConstraint(
                condition=Q(next_number__gte=models.F("first_number")),
                name="paragraph_counter_not_below_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: § {self.next_number}"


class Meeting(models.Model):
    """One meeting of a body (R50)."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", _("Held")
        ADJUSTED = "adjusted", _("Minutes adjusted")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    digital = models.BooleanField(_("digital meeting"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    chair = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    adjusters = models.ManyToManyField(
        USER, blank=True, related_name="meetings_to_adjust", verbose_name=_("adjusters")
    )
    other_business = models.TextField(_("other business"), blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    agenda_changed = models.BooleanField(_("agenda changed since it was sent"), default=False)
    minutes_completed_at = models.DateTimeField(_("minutes complete"), null=True, blank=True)
    # The minutes PDF as it stood when it was marked complete: what each adjustment covers.
    review_pdf = models.BinaryField(_("minutes to adjust (PDF)"), null=True, blank=True)
    review_sha256 = models.CharField(
        _("SHA-256 of the minutes to adjust"), max_length=64, blank=True
    )
    notice_date = models.DateField(_("notice posted (anslag)"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["review_pdf"], m2m_fields=[adjusters])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["body", "date"], name="meeting_body_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name or self.body.name} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.ADJUSTED


class Attendance(models.Model):
    """Who attended, from the body's memberships on the day or as an invited guest (R50)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        PRESENT_DIGITALLY = "digital", _("Present digitally")
        ABSENT = "absent", _("Absent")
        DEPUTY_SERVING = "deputy_serving", _("Deputy serving")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    guest = models.BooleanField(_("invited guest"), default=False)
    status = models.CharField(
        _("attendance"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "guest", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="attendance_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class AgendaItem(models.Model):
    """An item of the agenda (föredragningslista, R51)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        INFORMATION = "information", _("Information")
        REPORT_IN = "report_in", _("Report-in (anmälningsärende)")
        INCOMING = "incoming", _("Incoming matter")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    presenters = models.CharField(_("presenters"), max_length=300, blank=True)
    background = models.TextField(_("background"), blank=True, help_text=_("Markdown."))
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    attachments = models.ManyToManyField(
        "core.Attachment", blank=True, related_name="+", verbose_name=_("attachments")
    )
    # An item put on this agenda by another body's § (R54) or an assignment's follow-up (R53).
    referral = models.OneToOneField(
        "Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("referred by"),
    )
    assignment = models.ForeignKey(
        "Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up the assignment"),
    )
    history = HistoricalRecords(m2m_fields=[attachments])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="agenda_item_order",
                # Moving an item swaps two orders inside one transaction.
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaVersion(models.Model):
    """A sent agenda as it was sent (R51): version 1 when first sent, a new one per change."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agenda_versions", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("version"))
    items = models.JSONField(_("items"), default=list)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("sent by")
    )
    history = HistoricalRecords(excluded_fields=["pdf"])

    class Meta:
        verbose_name = _("sent agenda")
        verbose_name_plural = _("sent agendas")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class Paragraph(models.Model):
    """A numbered § of the minutes (R52, R53). Numbers run per body and calendar year."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="paragraphs", verbose_name=_("meeting")
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("§"), editable=False)
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paragraph",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    presenters = models.CharField(_("presenters"), max_length=300, blank=True)
    text = models.TextField(_("what happened"), blank=True, help_text=_("Markdown."))
    decision = models.TextField(_("decision"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes paragraph (§)")
        verbose_name_plural = _("minutes paragraphs (§)")
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="paragraph_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} § {self.number}"

    def attachments(self):
        return self.item.attachments.all() if self.item_id else []


class ParagraphLink(models.Model):
    """A § concerns an object of the application (R54): a project, a matter, a report, ..."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="links", verbose_name=_("§")
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    target_id = models.CharField(_("object"), max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(_("label"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link from a §")
        verbose_name_plural = _("links from §")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "target_type", "target_id"], name="paragraph_link_unique"
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="paragraph_link_target")]

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.label}"


class Assignment(models.Model):
    """An assignment (uppdrag) given by a § (R53), followed up until reported done."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("§")
    )
    owner = models.CharField(_("assigned to"), max_length=200)
    owner_person = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    description = models.TextField(_("assignment"))
    due_date = models.DateField(_("due"))
    done_at = models.DateTimeField(_("reported done"), null=True, blank=True)
    done_in = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported done in"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.owner}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None


class Referral(models.Model):
    """A § refers a matter to another body's agenda (R54), e.g. "informera Kommunalt forum"."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("§")
    )
    to_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="referrals_in", verbose_name=_("to body")
    )
    title = models.CharField(_("title"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("referred"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.to_body}"


# Registered with this app from their own modules (this file stays short); the calendar
# address is issue 12 item 8.
from meetings.models_calendar import CalendarFeed  # noqa: E402
from meetings.models_minutes import Adjustment, MinutesVersion  # noqa: E402

__all__ = [
    "Adjustment",
    "AgendaItem",
    "AgendaVersion",
    "Assignment",
    "Attendance",
    "BodySettings",
    "CalendarFeed",
    "Meeting",
    "MinutesVersion",
    "Paragraph",
    "ParagraphCounter",
    "ParagraphLink",
    "Referral",
]
