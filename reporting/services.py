"""Writes of the reporting app: drafts, texts, publication and downloads (R40-R42).

Drafts and publication are the office's (`manage_partnership` on the partnership);
a download is the reader's (`read_published_reports` or `manage_partnership`).
Each service checks its actor first, before anything is written.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import documents
from core.domain import record_actor
from core.errors import DomainError
from notifications import services as notifications
from notifications.models import Kind
from partnerships import permissions
from reporting.models import (
    PERIOD_ORDER,
    SECTION_FIELDS,
    Report,
    ReportDownload,
    ReportVersion,
)
from reporting.pdf import render_report_documents

logger = logging.getLogger(__name__)

# Texts of a partnership's very first report; later drafts copy the previous period (R42).
DEFAULT_TEXTS = {
    "summary": gettext_lazy(
        "Write a short summary of the period: the most important results, "
        "decisions taken and what happens next."
    ),
    "development_work": gettext_lazy(
        "Describe the inter-municipal development work during the period. "
        "The projects' stages, participating municipalities and status are filled in automatically."
    ),
    "management_system": gettext_lazy(
        "Describe the work within the management system for cooperation between Region "
        "Jönköpings län and the municipalities."
    ),
    "managed_operations": gettext_lazy(
        "Report the work of the managed operations during the period."
    ),
    "economy": gettext_lazy(
        "Comment on the financial outcome and the forecast. The fee, the split "
        "per municipality and budget against outcome are filled in automatically."
    ),
}


class ChecksumMismatch(DomainError):
    """Stored PDF bytes no longer match their SHA-256; they must never be served (R42)."""


def previous_report(*, partnership, year: int, period: str) -> Report | None:
    """The latest report of the partnership that comes before (year, period)."""
    key = (year, PERIOD_ORDER.index(period))
    earlier = [
        report
        for report in Report.objects.filter(partnership=partnership, year__lte=year)
        if report.sort_key < key
    ]
    return max(earlier, key=lambda r: r.sort_key, default=None)


@transaction.atomic
def report_create(*, actor, partnership, year: int, period: str) -> Report:
    """Start a draft; its texts start from the previous period's report (R42).

    The office's, or `permissions.OPERATOR` (`render_report` on the server).
    """
    user = permissions.require_office_act(actor, partnership)
    if Report.objects.filter(partnership=partnership, year=year, period=period).exists():
        raise DomainError(
            _("There is already a report for %(period)s %(year)s.")
            % {"period": Report(period=period).get_period_display(), "year": year},
            rule="R40",
        )
    previous = previous_report(partnership=partnership, year=year, period=period)
    texts = (
        {name: getattr(previous, name) for name in SECTION_FIELDS}
        if previous
        else {name: str(text) for name, text in DEFAULT_TEXTS.items()}
    )
    now = timezone.now()
    report = Report(
        partnership=partnership,
        year=year,
        period=period,
        created_by=user,
        created_at=now,
        updated_at=now,
        **texts,
    )
    report.full_clean()
    record_actor(report, user)
    report.save()
    return report


def report_get_or_create(*, actor, partnership, year: int, period: str) -> tuple[Report, bool]:
    """The current draft for the period, created with default texts when missing."""
    permissions.require_office_act(actor, partnership)
    report = Report.objects.filter(partnership=partnership, year=year, period=period).first()
    if report:
        return report, False
    return report_create(actor=actor, partnership=partnership, year=year, period=period), True


@transaction.atomic
def report_update_texts(*, actor, report: Report, texts: dict[str, str]) -> Report:
    """Save the staff's Markdown texts of the draft. Published versions are not touched (R42)."""
    user = permissions.require_office_act(actor, report.partnership)
    for name in SECTION_FIELDS:
        if name in texts:
            setattr(report, name, texts[name])
    report.updated_at = timezone.now()
    report.full_clean()
    record_actor(report, user)
    report.save(update_fields=[*SECTION_FIELDS, "updated_at"])
    return report


@transaction.atomic
def report_publish(*, actor, report: Report, reason: str = "") -> ReportVersion:
    """Freeze the report as the next version: PDF bytes, SHA-256, number, who, when (R42).

    The web twin is rendered from the same gathered content and saved in the same INSERT
    (issue 15), so the page and the PDF never differ.
    A correction (version 2 and later) needs a reason. Earlier versions stay as they are.
    A version names the person who published it, so the operator cannot publish.
    """
    permissions.require_office_act(actor, report.partnership, operator=False)
    # Lock the report so two publications cannot take the same number.
    report = Report.objects.select_for_update().select_related("partnership").get(pk=report.pk)
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    number = last + 1
    reason = (reason or "").strip()
    if number > 1 and not reason:
        raise DomainError(
            _("State why the report is corrected. A new version needs a reason."),
            rule="R42",
            field="reason",
        )
    pdf, html = render_report_documents(report, draft=False, version_number=number)
    version = ReportVersion(
        report=report,
        number=number,
        pdf=pdf,
        **documents.twin_fields(html),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        reason=reason,
        published_by=actor,
        published_at=timezone.now(),
    )
    version.full_clean()
    record_actor(version, actor)
    version.save()
    _tell_readers(version=version, actor=actor)
    return version


def _tell_readers(*, version: ReportVersion, actor) -> int:
    """Tell everyone who reads the partnership's published reports on the day (PKS,
    socialchefer, tactical groups, the office), the publisher excepted; after commit."""
    report = version.report
    readers = (
        permissions.report_reader_seats(report.partnership)
        .exclude(person=actor)
        .select_related("person")
        .order_by("person_id")
    )
    with translation.override("sv"):  # mail is Swedish whoever publishes
        title = report.title
        if version.number == 1:
            subject = _("Published: %(title)s") % {"title": title}
        else:
            subject = _("Corrected: %(title)s, version %(number)d") % {
                "title": title,
                "number": version.number,
            }
        text = render_to_string(
            "reporting/email/report_published.txt",
            {"version": version, "title": title, "partnership": report.partnership},
        )
    return notifications.notify_people(
        recipients=[membership.person for membership in readers],
        kind=Kind.REPORT_PUBLISHED,
        key=f"report:{report.pk}:version:{version.number}",
        subject=subject,
        text=text,
        url=reverse("reporting:detail", args=[report.pk]),
    )


PDF_CACHE_ALIAS = "published_pdfs"


def verified_pdf(version: ReportVersion) -> bytes:
    """The version's stored bytes, after checking their SHA-256 (R42).

    Published bytes never change (a database trigger refuses it), so each process
    keeps the bytes it has checked: a report the whole PKS downloads before a
    meeting is read from the database and checked once per process, not once per
    download. A mismatch is logged and refused, and nothing is kept.
    """
    store = caches[PDF_CACHE_ALIAS]
    key = f"pdf:{version.pk}:{version.sha256}"
    data = store.get(key)
    if data is not None:
        return data
    data = bytes(ReportVersion.objects.values_list("pdf", flat=True).get(pk=version.pk))
    if not version.checksum_ok(data):
        logger.error(
            "Checksum mismatch for report version %s (id %s); download refused",
            version,
            version.pk,
        )
        raise ChecksumMismatch(
            _(
                "The stored file does not match its checksum and cannot be shown. "
                "The office has received an error report."
            ),
            rule="R42",
        )
    store.set(key, data)
    return data


def _require_reader(actor, version: ReportVersion) -> None:
    partnership = version.report.partnership
    if not any(
        permissions.has_perm(actor, codename, partnership)
        for codename in ("manage_partnership", "read_published_reports")
    ):
        raise PermissionDenied


def _log_read(actor, version: ReportVersion, file_format: str) -> None:
    download = ReportDownload(
        version=version, user=actor, downloaded_at=timezone.now(), format=file_format
    )
    # The version and the user were just loaded: no need to query their existence again.
    download.full_clean(exclude=["version", "user"])
    download.save()  # one INSERT: the log is append-only and has no history table


def version_download(*, actor, version: ReportVersion) -> bytes:
    """The checked bytes of a published version (never re-rendered); the download is logged.

    For a reader of published reports or the office of the partnership (as the view, R42).
    """
    _require_reader(actor, version)
    data = verified_pdf(version)
    _log_read(actor, version, ReportDownload.Format.PDF)
    return data


def version_web_twin(*, actor, version: ReportVersion):
    """The checked web twin of a published version (issue 15); read by the same people as
    the PDF and logged like a download (R42). Raises `documents.TwinChecksumMismatch`."""
    _require_reader(actor, version)
    html = documents.verified_twin(version)
    _log_read(actor, version, ReportDownload.Format.HTML)
    return html
