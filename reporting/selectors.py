"""Tuned reads of reports. PDF bytes and web twins are only loaded to be read."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When

from partnerships import permissions
from reporting.models import PERIOD_ORDER, Report, ReportDownload, ReportVersion


def _versions_without_bytes():
    return (
        ReportVersion.objects.defer("pdf", "html")
        .select_related("published_by")
        .order_by("-number")
    )


def _period_rank():
    return Case(
        *[When(period=period, then=Value(rank)) for rank, period in enumerate(PERIOD_ORDER)],
        output_field=IntegerField(),
    )


def next_report_period(*, partnership, today: datetime.date) -> tuple[int, str]:
    """The (year, period) "Ny rapport" offers: the first one without a report that follows
    the partnership's latest report, and not before this year's first period (R40)."""
    taken = set(Report.objects.filter(partnership=partnership).values_list("year", "period"))
    start = (today.year, 0)
    if taken:
        year, period = max(taken, key=lambda key: (key[0], PERIOD_ORDER.index(key[1])))
        start = max(start, (year, PERIOD_ORDER.index(period) + 1))
    year, rank = start
    while True:
        if rank >= len(PERIOD_ORDER):
            year, rank = year + 1, 0
        if (year, PERIOD_ORDER[rank]) not in taken:
            return year, PERIOD_ORDER[rank].value
        rank += 1


def reports_for_user(*, user):
    """Reports the user may see: published ones for readers, also drafts for staff (R42).

    A fixed number of queries whatever the number of reports and versions.
    """
    readable = permissions.partnerships_for_user(user, "read_published_reports")
    managed = permissions.partnerships_for_user(user, "manage_partnership")
    published = Exists(ReportVersion.objects.filter(report=OuterRef("pk")))
    return (
        Report.objects.annotate(is_published=published)
        .filter(Q(partnership__in=managed) | Q(partnership__in=readable, is_published=True))
        .select_related("partnership")
        # The list shows each version's number and date: not its bytes nor who published it.
        .prefetch_related(
            Prefetch(
                "versions",
                # html_sha256: the card's "Read as web page" (has_web_twin) without a query.
                queryset=ReportVersion.objects.only(
                    "report_id", "number", "published_at", "html_sha256"
                ).order_by("-number"),
            )
        )
        .annotate(period_rank=_period_rank())
        .order_by("partnership__name", "-year", "-period_rank")
    )


def report_versions(*, report: Report):
    """The report's published versions, newest first, with their download counts."""
    return (
        _versions_without_bytes()
        .filter(report=report)
        .select_related("report__partnership")  # for the file names
        .annotate(download_count=Count("downloads"))
    )


def report_downloads(*, report: Report, limit: int = 50):
    """The latest downloads of any version of the report: who, when, which version."""
    return (
        ReportDownload.objects.filter(version__report=report)
        .select_related("user", "version")
        .defer("version__pdf", "version__html")
        .order_by("-downloaded_at")[:limit]
    )


def version_for_download(*, report_pk: int, number: int) -> ReportVersion | None:
    """The published version with its report and partnership (for the check and file name)."""
    return (
        ReportVersion.objects.select_related("report__partnership")
        .defer("pdf", "html")  # read by services.verified_pdf or the web twin's view
        .filter(report_id=report_pk, number=number)
        .first()
    )
