import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Municipality(models.Model):
    """One of the 13 municipalities of Jönköpings län (R1)."""

    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The SCB code has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]
        permissions = [("decide_for_municipality", _("Decide for the municipality"))]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    """Population of a municipality on a date, with its source (R22)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="population_figures",
        verbose_name=_("municipality"),
    )
    date = models.DateField(_("date"))
    population = models.PositiveIntegerField(_("population"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["-date", "municipality__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"], name="population_one_per_municipality_and_date"
            ),
            models.CheckConstraint(condition=Q(population__gte=1), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.date:%Y-%m-%d}: {self.population}"


class Partnership(models.Model):
    """A partnership inside Kommunal utveckling, e.g. Social välfärd och hälso- och sjukvård."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        Municipality, related_name="partnerships", verbose_name=_("member municipalities")
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        permissions = [
            ("read_partnership", _("Read the partnership's projects and economy")),
            ("read_published_reports", _("Read published reports")),
            ("manage_partnership", _("Manage the partnership (Kommunal utveckling staff)")),
            ("prepare_matters", _("Prepare matters (preparation group)")),
        ]

    def __str__(self) -> str:
        return self.name

    def agreement_in_force(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return (
            self.agreements.filter(effective_from__lte=on)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
            .order_by("-effective_from")
            .first()
        )


class Agreement(models.Model):
    """The cooperation agreement (samverkansavtal, R2) with its fee terms (R21-R23)."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    notice_period_months = models.PositiveSmallIntegerField(_("notice period (months)"), default=12)
    reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    # Fee terms (R21): the base fee for the base year, indexed from the year after.
    base_fee_year = models.PositiveSmallIntegerField(_("first fee year"), default=2026)
    base_fee = models.DecimalField(
        _("fee for the first year (kr)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("6200000"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    conditional_regional_funds = models.DecimalField(
        _("conditional regional funds per year (kr)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("2800000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Not guaranteed by the municipalities and never part of the fee split."),
    )
    # Population reference date (R22): month/day in the year `years_before` the fee year.
    population_reference_years_before = models.PositiveSmallIntegerField(
        _("population figures from (years before the fee year)"), default=2
    )
    population_reference_month = models.PositiveSmallIntegerField(
        _("population reference month"), default=12
    )
    population_reference_day = models.PositiveSmallIntegerField(
        _("population reference day"), default=31
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def population_reference_date(self, fee_year: int) -> datetime.date:
        """R22: default 31 December two years before the fee year (fee 2026 -> 2024-12-31)."""
        return datetime.date(
            fee_year - self.population_reference_years_before,
            self.population_reference_month,
            self.population_reference_day,
        )

    def earliest_end_date(self) -> datetime.date | None:
        """R2: one year's notice from the first written notice; None when nobody gave notice."""
        first = self.notices.order_by("given_on").first()
        return first.earliest_end_date if first else None


class TerminationNotice(models.Model):
    """A party's written notice of termination (R2). Kept forever."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="notices", verbose_name=_("agreement")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    given_on = models.DateField(_("notice given on"))
    reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termination notice")
        verbose_name_plural = _("termination notices")
        ordering = ["given_on"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.given_on:%Y-%m-%d}"

    @property
    def earliest_end_date(self) -> datetime.date:
        return add_months(self.given_on, self.agreement.notice_period_months)


class Body(models.Model):
    """A body whose members are people (R3).

    Most bodies belong to one partnership. PKS governs all of Kommunal utveckling,
    and Kommunalt forum, ReKo and its bodies form the county's management system
    with the Region (R50, R70): they belong to no single partnership
    (`partnership` is empty) and their slug is unique among such bodies.
    """

    class Kind(models.TextChoices):
        PKS = "pks", _("PKS (primary municipal cooperation body)")
        STEERING_GROUP = "steering_group", _("Steering group (network of social service directors)")
        PREPARATION_GROUP = "preparation_group", _("Preparation group")
        TACTICAL_GROUP = "tactical_group", _("Tactical steering group")
        WORKING_GROUP = "working_group", _("Working group")
        OFFICE = "office", _("Kommunal utveckling staff")
        MUNICIPAL_FORUM = "municipal_forum", _("Kommunalt forum")
        REKO = "reko", _("ReKo")
        STRATEGY_GROUP = "strategy_group", _("Strategy group")
        REKO_PREPARATION_GROUP = "reko_preparation_group", _("ReKo's preparation group")
        CHIEFS_GROUP = "chiefs_group", _("Chiefs' group")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("partnership"),
        help_text=_(
            "Empty for a body of Kommunal utveckling as a whole (PKS) or of the "
            "management system with the Region."
        ),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    description = models.TextField(_("description"), blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per year"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["partnership", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="body_slug_unique"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(partnership__isnull=True),
                name="body_slug_unique_county_wide",
            ),
        ]
        permissions = [
            ("edit_portfolio", _("Create and edit projects in the group's portfolio")),
            ("decide_gate", _("Record the group's gate decisions")),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Memberships in force on a day: started, and not yet ended (end_date is exclusive)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


class Membership(models.Model):
    """A person's seat in a body for a period, representing a municipality or organisation (R3).

    Memberships are the single source of truth for what a person may do; the
    object permissions are derived from them (partnerships.permissions, R30).
    """

    class Organisation(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region Jönköpings län")
        KU = "ku", _("Kommunal utveckling")

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy")
        CO_OPTED = "co_opted", _("Co-opted")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body")
    )
    organisation = models.CharField(
        _("represents"),
        max_length=20,
        choices=Organisation.choices,
        default=Organisation.MUNICIPALITY,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day without the seat. Empty: until further notice."),
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "municipality__code", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation="municipality") & Q(municipality__isnull=False))
                | (~Q(organisation="municipality") & Q(municipality__isnull=True)),
                name="membership_municipality_iff_represents_municipality",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or on < self.end_date)

    @property
    def represents(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        return self.get_organisation_display()


class MunicipalityEvent(models.Model):
    """Something done in a municipality's name that its socialchef should see (R15, R30).

    Append-only: written by `partnerships.events` and never changed or deleted, so a
    wrong or forged entry stays visible to the municipality.
    """

    class Kind(models.TextChoices):
        COMMITTEE_DECISION = "committee_decision", _("Committee decision recorded")
        SEAT_STARTED = "seat_started", _("Seat started")
        SEAT_ENDED = "seat_ended", _("Seat ended")
        SEAT_CHANGED = "seat_changed", _("Seat changed")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    summary = models.TextField(_("summary"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerns (type)"),
    )
    subject_id = models.CharField(_("concerns (id)"), max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    attachment = models.ForeignKey(
        "core.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attachment"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality event")
        verbose_name_plural = _("municipality events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-occurred_at"], name="event_municipality_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.occurred_at:%Y-%m-%d %H:%M}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # Append-only: an event is evidence, so it is written once and never rewritten.
        if not self._state.adding:
            raise ValueError("A municipality event is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A municipality event is never deleted.")
