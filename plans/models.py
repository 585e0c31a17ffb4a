"""Business plans and their follow-up (R60-R64): plans, goals, goal areas, indicators, values.

A `Plan` is a partnership's business plan (verksamhetsplan) for a year, or a strategy
group's three-year strategy or yearly action plan (R60, R70). Staff draft it; the
partnership's plan is adopted by the steering group's consensus (R5, R61) through a
consensus matter of `matters`, after which its content is frozen and a `PlanVersion`
keeps the PDF bytes like a published report (R42). Indicator values are follow-up:
they are entered (or computed, plans/indicators.py) also after adoption.

The yearly evaluation survey (R63) is imported as CSV with the header
`ar,natverk,fraga,andel_mycket_nojda,antal_svar` (one line per network and question;
plans/survey.py, the page "Importera utvärderingsenkäten" and `import_survey`): each
`SurveyResult` keeps a network's aggregate, and the indicators whose `survey_question` is
the question get the answers-weighted share as their full-year value.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import WebTwin
from partnerships.models import Body, Partnership

NUMBER = {"max_digits": 14, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Agenda2030Goal(models.Model):
    """One of the 17 global goals of Agenda 2030, loaded by a data migration (R60)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Agenda 2030 goal")
        verbose_name_plural = _("Agenda 2030 goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Plan(models.Model):
    """A business plan, a strategy group's strategy or its action plan (R60, R61, R70)."""

    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Business plan")
        STRATEGY = "strategy", _("Three-year strategy")
        ACTION_PLAN = "action_plan", _("Action plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed for adoption")
        ADOPTED = "adopted", _("Adopted")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("partnership"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("strategy group"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        validators=YEAR_VALIDATORS,
        help_text=_("The last year the plan covers; a strategy covers three years."),
    )
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    follow_up = models.TextField(_("follow-up methods"), blank=True)
    financing = models.TextField(_("financing"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adoption_matter = models.OneToOneField(
        "matters.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_plan",
        verbose_name=_("adoption matter"),
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adoption_reference = models.CharField(
        _("adoption reference"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the body and paragraph of the minutes that adopted the plan."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copy of"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="business_plan") & Q(partnership__isnull=False) & Q(body__isnull=True)
                )
                | (~Q(kind="business_plan") & Q(partnership__isnull=True) & Q(body__isnull=False)),
                name="plan_owner_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("year")), name="plan_last_year_not_before"
            ),
            models.UniqueConstraint(
                fields=["partnership", "year"],
                condition=Q(kind="business_plan"),
                name="plan_one_business_plan_per_year",
            ),
            models.UniqueConstraint(
                fields=["body", "kind", "year"],
                condition=Q(body__isnull=False),
                name="plan_one_per_group_kind_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def years_label(self) -> str:
        return str(self.year) if self.last_year == self.year else f"{self.year}–{self.last_year}"

    def file_name(self, version_number: int) -> str:
        """ASCII file name of a frozen version, e.g. Verksamhetsplan-2026-v1.pdf."""
        stem = {
            self.Kind.BUSINESS_PLAN: "Verksamhetsplan",
            self.Kind.STRATEGY: "Strategi",
            self.Kind.ACTION_PLAN: "Handlingsplan",
        }[self.kind]
        owner = self.partnership.slug if self.partnership_id else self.body.slug
        return f"{stem}-{self.years_label.replace('–', '-')}-{owner}-v{version_number}.pdf"


class FocusArea(models.Model):
    """A focus area decided by PKS for the plan period (R60)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["plan", "number", "id"]

    def __str__(self) -> str:
        return self.title


class StrategicGoal(models.Model):
    """A strategic goal of a plan (R60), or a strategy group's development area."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    agenda_goals = models.ManyToManyField(
        Agenda2030Goal, blank=True, related_name="+", verbose_name=_("Agenda 2030 goals")
    )
    history = HistoricalRecords(m2m_fields=[agenda_goals])

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["plan", "number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class GoalArea(models.Model):
    """A goal area ("Mål (område)") under a strategic goal (R60); projects may serve it (R64)."""

    goal = models.ForeignKey(
        StrategicGoal, on_delete=models.CASCADE, related_name="areas", verbose_name=_("goal")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    agenda_goals = models.ManyToManyField(
        Agenda2030Goal, blank=True, related_name="+", verbose_name=_("Agenda 2030 goals")
    )
    history = HistoricalRecords(m2m_fields=[agenda_goals])

    class Meta:
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        ordering = ["goal", "number", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        """E.g. "2.1": the goal's number and the area's (needs `goal`, select it)."""
        return f"{self.goal.number}.{self.number}"


class Indicator(models.Model):
    """An indicator (mätetal) of a goal area (R62).

    `series` is shared by an indicator and its copies in later plans, so its values
    can be followed over several years. `computation` names a computation of the
    registry (plans/indicators.py); empty means values are entered by staff.
    """

    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percent")
        KRONOR = "kronor", _("Kronor")
        INDEX = "index", _("Index")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    goal_area = models.ForeignKey(
        GoalArea, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal area")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **NUMBER)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target = models.DecimalField(_("target for the year"), null=True, blank=True, **NUMBER)
    target_q1 = models.DecimalField(_("target Q1"), null=True, blank=True, **NUMBER)
    target_q2 = models.DecimalField(_("target Q2"), null=True, blank=True, **NUMBER)
    target_q3 = models.DecimalField(_("target Q3"), null=True, blank=True, **NUMBER)
    partly_met_from = models.DecimalField(
        _("partly met from"),
        null=True,
        blank=True,
        help_text=_(
            "The value from which the target counts as partly met (below the target when "
            "higher is better, above it when lower is better). Empty: met or not met only."
        ),
        **NUMBER,
    )
    computation = models.CharField(
        _("computed from"),
        max_length=60,
        blank=True,
        help_text=_("Empty: staff enter the values."),
    )
    survey_question = models.CharField(
        _("survey question"),
        max_length=60,
        blank=True,
        help_text=_("The evaluation survey's question whose results feed this indicator."),
    )
    series = models.UUIDField(_("series"), default=uuid.uuid4, editable=False)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal_area", "number", "id"]
        indexes = [models.Index(fields=["series"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    def target_for(self, period: str):
        """The target a period's value is judged against: the quarter's, else the year's."""
        quarterly = {"q1": self.target_q1, "q2": self.target_q2, "q3": self.target_q3}
        value = quarterly.get(period)
        return self.target if value is None else value


class ValuePeriod(models.TextChoices):
    """The period a value covers: the year to the end of a quarter, or the whole year."""

    Q1 = "q1", _("Q1")
    Q2 = "q2", _("Q2 (January–June)")
    Q3 = "q3", _("Q3 (January–September)")
    YEAR = "year", _("Full year")


VALUE_PERIOD_ORDER = [ValuePeriod.Q1, ValuePeriod.Q2, ValuePeriod.Q3, ValuePeriod.YEAR]


class IndicatorValue(models.Model):
    """An indicator's outcome for a year and period, with its source (R62, R63)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    period = models.CharField(_("period"), max_length=10, choices=ValuePeriod.choices)
    value = models.DecimalField(_("value"), **NUMBER)
    source = models.CharField(_("source"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="indicator_value_unique_period"
            ),
        ]
        # The goals page and report read the values of the chart's years by series
        # (plans/selectors.py): by year, not a scan of every year's values.
        indexes = [models.Index(fields=["year"], name="indicator_value_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_period_display()}: {self.value}"


class PlanVersion(WebTwin):
    """A frozen version of an adopted plan (R61, like a published report R42). Never changed.

    With the web twin of the same content (issue 15), stored in the same INSERT."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    reason = models.TextField(_("reason for the new version"), blank=True)
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    # The PDF bytes are frozen; history keeps who and when without copying them.
    history = HistoricalRecords(excluded_fields=["pdf", "html"])

    class Meta:
        verbose_name = _("adopted plan version")
        verbose_name_plural = _("adopted plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def file_name(self) -> str:
        return self.plan.file_name(self.number)

    def checksum_ok(self, data: bytes) -> bool:
        return hashlib.sha256(data).hexdigest() == self.sha256


class SurveyResult(models.Model):
    """One network's answers to one question of the yearly evaluation survey (R63).

    Imported from the survey's aggregates (plans/survey.py), all or nothing; the
    indicators whose `survey_question` is the question get the answers-weighted share.
    """

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="survey_results",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    network = models.CharField(_("network"), max_length=200)
    question = models.CharField(_("survey question"), max_length=60)
    share = models.DecimalField(
        _("share very satisfied (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    answers = models.PositiveIntegerField(_("answers"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        ordering = ["partnership", "year", "question", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "network", "question"],
                name="survey_result_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.network}: {self.question}"
