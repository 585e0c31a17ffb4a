"""The partnership's money (R20-R25): yearly fee, funding sources, budgets, outcomes."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership
from projects.models import Project

MONEY = {"max_digits": 14, "decimal_places": 2}


class YearlyFee(models.Model):
    """The partnership's fee for one year (R21).

    Staff enter the index (percent, with its source) for years after the base
    year; deciding the fee fixes `amount` with who and when. A decided fee is
    never recomputed or edited.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="fees", verbose_name=_("partnership")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    index_percent = models.DecimalField(
        _("index (percent)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-50")), MaxValueValidator(Decimal("50"))],
    )
    index_source = models.CharField(_("source of the index"), max_length=200, blank=True)
    index_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("index entered by"),
    )
    index_entered_at = models.DateTimeField(_("index entered at"), null=True, blank=True)
    amount = models.DecimalField(_("fee (kr)"), null=True, blank=True, **MONEY)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly fee")
        verbose_name_plural = _("yearly fees")
        ordering = ["partnership", "year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="fee_one_per_year"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, decided_at__isnull=True)
                | Q(amount__isnull=False, decided_at__isnull=False),
                name="fee_amount_iff_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class FundingSource(models.Model):
    """Where a year's money comes from (R23, R25)."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Municipalities' fee")
        CONDITIONAL_REGIONAL = "conditional_regional", _("Conditional regional funds")
        STATE_GRANT = "state_grant", _("State grants")
        OTHER_EXTERNAL = "other_external", _("Other external funds")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="funding_sources",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(
        _("amount (kr)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    guaranteed = models.BooleanField(
        _("guaranteed by the municipalities"),
        default=True,
        help_text=_("The conditional regional funds are never guaranteed."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Raised by every save; a save based on an older version is refused (lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["partnership", "year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "name"], name="funding_source_name_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="conditional_regional") | Q(guaranteed=False),
                name="conditional_regional_funds_not_guaranteed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Budget(models.Model):
    """The partnership's budget for one year (R25). Excludes KU's own administration (R24)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("partnership")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="budget_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"


class BudgetLine(models.Model):
    """A line of a budget: an area, or a project within an area (R25).

    Available funds are derived (opening + granted), never stored. `version`
    protects against lost updates: every change increments it and a save based
    on an older version is refused.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="lines", verbose_name=_("budget")
    )
    area = models.CharField(_("area"), max_length=120)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    ledger_code = models.CharField(
        _("ledger code"),
        max_length=30,
        help_text=_("The code used in the ledger export, e.g. 'IFO' or '5123'."),
    )
    opening_funds = models.DecimalField(_("opening funds (kr)"), default=Decimal("0"), **MONEY)
    granted_funds = models.DecimalField(
        _("expected/granted funds (kr)"), default=Decimal("0"), **MONEY
    )
    budget_amount = models.DecimalField(_("budget (kr)"), default=Decimal("0"), **MONEY)
    forecast = models.DecimalField(_("full-year forecast (kr)"), null=True, blank=True, **MONEY)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "area", "project", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "ledger_code"], name="budget_line_ledger_code_unique"
            ),
            models.UniqueConstraint(
                fields=["budget", "project"],
                condition=Q(project__isnull=False),
                name="budget_line_one_per_project",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def available_funds(self) -> Decimal:
        """R25: available = opening + granted (derived, never stored)."""
        return self.opening_funds + self.granted_funds

    @property
    def is_project_line(self) -> bool:
        return self.project_id is not None


class Outcome(models.Model):
    """The outcome (utfall) of a budget line for one quarter, in kronor (R25)."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("budget line")
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    amount = models.DecimalField(_("outcome (kr)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["line", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="outcome_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="outcome_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} Q{self.quarter}"


class PlanYear(models.Model):
    """Multi-year plan: a line's planned net cost for a later year (R25, seed 001 table 3)."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="plan_years",
        verbose_name=_("budget line"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    net_cost = models.DecimalField(_("net cost (kr)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned net cost")
        verbose_name_plural = _("planned net costs")
        ordering = ["line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="plan_one_per_line_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year}"
