from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Body, Partnership


class Stage(models.Model):
    """A step of the common project model (projektstegen, R11). Stages are data, ordered.

    `kind` ties a stage to the rules that name it (R13: the idea stage, R16:
    implementation); staff may rename and reorder stages freely.
    """

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        PRE_STUDY = "pre_study", _("Pre-study")
        PLANNING = "planning", _("Planning")
        IMPLEMENTATION = "implementation", _("Implementation")
        HANDOVER = "handover", _("Handover/implementation in the municipalities")
        CLOSED = "closed", _("Closed")
        STOPPED = "stopped", _("Stopped")
        REJECTED = "rejected", _("Rejected")
        OTHER = "other", _("Other")

    TERMINAL_KINDS = (Kind.CLOSED, Kind.STOPPED, Kind.REJECTED)

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="stages", verbose_name=_("partnership")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField(_("order"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["partnership", "order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["partnership", "name"], name="stage_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_terminal(self) -> bool:
        return self.kind in self.TERMINAL_KINDS


# R11: the default stage model (name, kind), in order.
DEFAULT_STAGES = [
    ("Idé", Stage.Kind.IDEA),
    ("Förstudie", Stage.Kind.PRE_STUDY),
    ("Planering", Stage.Kind.PLANNING),
    ("Genomförande", Stage.Kind.IMPLEMENTATION),
    ("Överlämning/implementering", Stage.Kind.HANDOVER),
    ("Avslutad", Stage.Kind.CLOSED),
    ("Avbruten", Stage.Kind.STOPPED),
    ("Avslag", Stage.Kind.REJECTED),
]


class Portfolio(models.Model):
    """The projects owned by one tactical steering group (projektportfölj)."""

    tactical_group = models.OneToOneField(
        Body,
        on_delete=models.PROTECT,
        related_name="portfolio",
        limit_choices_to={"kind": Body.Kind.TACTICAL_GROUP},
        verbose_name=_("tactical steering group"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership(self) -> Partnership:
        return self.tactical_group.partnership


class Project(models.Model):
    """A development project in one portfolio (R10)."""

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="projects", verbose_name=_("portfolio")
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    goals = models.TextField(_("goals"), blank=True)
    regional_value = models.TextField(
        _("regional value"),
        blank=True,
        help_text=_(
            "Why the project matters for the whole county. Required to leave the idea stage."
        ),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("project lead"),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="projects", verbose_name=_("stage")
    )
    requested_funds = models.DecimalField(
        _("requested common funds (kr)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    working_groups = models.ManyToManyField(
        Body,
        blank=True,
        related_name="projects",
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
        verbose_name=_("working groups"),
    )
    # R64: the goal areas of the business plan the project serves.
    goal_areas = models.ManyToManyField(
        "plans.GoalArea",
        blank=True,
        related_name="projects",
        verbose_name=_("goal areas served"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    history = HistoricalRecords(m2m_fields=[working_groups, goal_areas])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["portfolio", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(requested_funds__gte=0), name="project_requested_funds_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def partnership(self) -> Partnership:
        return self.portfolio.tactical_group.partnership


class ParticipationDecision(models.Model):
    """One municipality's decision on taking part in a project (R12).

    Append-only (R17): the current state is the latest row per municipality;
    no row means "undecided".
    """

    class Status(models.TextChoices):
        JOINED = "joined", _("Joined")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="participation_decisions",
        verbose_name=_("project"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="participation_decisions",
        verbose_name=_("municipality"),
    )
    status = models.CharField(_("decision"), max_length=10, choices=Status.choices)
    committee_reference = models.CharField(
        _("committee decision reference"),
        max_length=120,
        blank=True,
        help_text=_("Fill in when the committee (nämnd) decided, e.g. “SN 2026-03-12 § 45”."),
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
        verbose_name = _("participation decision")
        verbose_name_plural = _("participation decisions")
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["project", "municipality", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.project} – {self.municipality}: {self.get_status_display()}"

    @property
    def status_label(self) -> str:
        """As `get_status_display`, from the enumeration: that rebuilds the choices per call."""
        return self.Status(self.status).label


class GateDecision(models.Model):
    """A tactical group's decision to move a project to another stage (R14). Kept forever."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="gate_decisions", verbose_name=_("project")
    )
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="+", verbose_name=_("from stage")
    )
    to_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="+", verbose_name=_("to stage")
    )
    decided_on = models.DateField(_("decision date"))
    minutes_reference = models.CharField(_("minutes reference"), max_length=120)
    # R14, R54: the § of the tactical group's adjusted minutes, when kept in the app.
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
        verbose_name=_("decided by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")
        ordering = ["decided_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class ProjectStatus(models.Model):
    """The project lead's quarterly progress status. Earlier statuses are kept."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk of deviation")
        OFF_TRACK = "off_track", _("Off track")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly status")
        verbose_name_plural = _("quarterly statuses")
        ordering = ["-year", "-quarter", "-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="project_status_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period}: {self.get_status_display()}"

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def status_label(self) -> str:
        """As `get_status_display`, from the enumeration: that rebuilds the choices per call."""
        return self.Status(self.status).label
