"""Reports to the member municipalities (R40-R42).

A `Report` is the staff's working copy (the draft): its text sections. Each
publication freezes a `ReportVersion`: the PDF bytes with their SHA-256, a
version number, who and when. Versions are never changed or deleted; a
correction is a new version with a reason (R42).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import WebTwin
from partnerships.models import Partnership


class Period(models.TextChoices):
    """Report periods (R40), in the order they are written during a year."""

    Q1 = "q1", _("Interim report Q1")
    Q2 = "q2", _("Interim report Q2")
    ANNUAL = "annual", _("Annual report")
    ACCOUNTS = "accounts", _("Year-end accounts")


PERIOD_ORDER = [Period.Q1, Period.Q2, Period.ANNUAL, Period.ACCOUNTS]

# period -> (month, day of the as-of date, outcomes counted through this quarter)
PERIOD_CUTOFF = {
    Period.Q1: (3, 31, 1),
    Period.Q2: (6, 30, 2),
    Period.ANNUAL: (12, 31, 4),
    Period.ACCOUNTS: (12, 31, 4),
}

# period -> ASCII stem of the download file name
PERIOD_FILE_STEM = {
    Period.Q1: "Delarsrapport-Q1",
    Period.Q2: "Delarsrapport-Q2",
    Period.ANNUAL: "Verksamhetsberattelse",
    Period.ACCOUNTS: "Arsbokslut",
}

# The text sections every report has (R41), in report order: (field, heading).
SECTIONS = [
    ("summary", pgettext_lazy("report section", "Summary")),
    ("development_work", _("Inter-municipal development work")),
    ("management_system", _("Joint management system with the Region")),
    ("managed_operations", _("Managed operations")),
    ("economy", _("Economy")),
]
SECTION_FIELDS = [name for name, _label in SECTIONS]


class Report(models.Model):
    """One report of a partnership for a year and period; its texts are the draft (R40-R42)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="reports", verbose_name=_("partnership")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    summary = models.TextField(pgettext_lazy("report section", "Summary"), blank=True)
    development_work = models.TextField(_("Inter-municipal development work"), blank=True)
    management_system = models.TextField(_("Joint management system with the Region"), blank=True)
    managed_operations = models.TextField(_("Managed operations"), blank=True)
    economy = models.TextField(_("Economy"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["partnership", "-year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "period"], name="report_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.get_period_display()} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, PERIOD_ORDER.index(self.period))

    @property
    def as_of(self) -> datetime.date:
        """The date the report describes: 31 March, 30 June or 31 December."""
        month, day, _quarter = PERIOD_CUTOFF[self.period]
        return datetime.date(self.year, month, day)

    @property
    def through_quarter(self) -> int:
        return PERIOD_CUTOFF[self.period][2]

    def file_name(self, version_number: int) -> str:
        """E.g. Delarsrapport-Q1-2026-social-valfard-v1.pdf (ASCII, safe in every browser)."""
        slug = slugify(self.partnership.slug) or "partnerskap"
        return f"{PERIOD_FILE_STEM[self.period]}-{self.year}-{slug}-v{version_number}.pdf"

    def section_texts(self) -> list[tuple[str, str, str]]:
        """(field, heading, Markdown text) for every section, in report order."""
        return [(name, label, getattr(self, name)) for name, label in SECTIONS]


class ReportVersion(WebTwin):
    """A published, frozen version of a report (R42). Never changed once saved.

    Besides the PDF, a version published since issue 15 stores its web twin (`html`,
    `html_sha256`, from `core.models.WebTwin`): the same content as an accessible page.
    """

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    reason = models.TextField(
        _("reason for the correction"), blank=True, help_text=_("Required from version 2.")
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    # The PDF bytes and the web twin are frozen; history keeps who and when without them.
    history = HistoricalRecords(excluded_fields=["pdf", "html"])

    class Meta:
        verbose_name = _("published report version")
        verbose_name_plural = _("published report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="report_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def file_name(self) -> str:
        return self.report.file_name(self.number)

    def checksum_ok(self, data: bytes) -> bool:
        return hashlib.sha256(data).hexdigest() == self.sha256


class ReportDownload(models.Model):
    """One download of a published version: who, when, which version (R42). Never changed.

    Reading the version's web twin is logged the same way, as format "html"."""

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        HTML = "html", _("Web page")

    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.PROTECT,
        related_name="downloads",
        verbose_name=_("version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_downloads",
        verbose_name=_("user"),
    )
    downloaded_at = models.DateTimeField(_("downloaded"), default=timezone.now)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.PDF)
    # No history table: the log is append-only, each row already says who and when.

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.version} – {self.user}"
