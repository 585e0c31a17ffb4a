"""Benchmark data for the reporting app: years of published reports, their PDFs and downloads.

Every period of earlier years has a published report (R40): the PDF bytes
stored in the version with their SHA-256 (R42), now and then a correction as
version 2, and the download log of the people who read it. The demo's Q1 2026
report stays as it is.

At scale N, N - 1 earlier reports are added, going back period by period (Year-end
accounts, Annual report, Q2, Q1 of 2025, then 2024, ...). Their PDF is the demo's
published PDF when there is one (the real thing), otherwise a valid PDF of
PDF_SIZE bytes, so a download serves as many bytes as a real report.
"""

import datetime
import hashlib

from bench.generators._history import at, created_rows
from bench.generators.partnerships import BATCH_SIZE
from partnerships.models import Membership
from reporting.models import PERIOD_CUTOFF, PERIOD_ORDER, Report, ReportDownload, ReportVersion

PDF_SIZE = 250_000
CORRECTED_EVERY = 5  # every fifth report has a version 2
FIRST_YEAR = 2025  # the year before the demo's report


def synthetic_pdf(size: int = PDF_SIZE) -> bytes:
    """A valid one-page PDF of about `size` bytes (a long text stream)."""
    lines = []
    total = 0
    while total < size:
        y = 800 - len(lines) % 70 * 11
        line = f"BT /F1 9 Tf 40 {y} Td (Benchmark rapport rad {len(lines)}) Tj ET\n"
        lines.append(line)
        total += len(line)
    stream = "".join(lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _earlier_periods(count: int):
    """(year, period) of `count` reports before Q1 2026, newest first."""
    year, index = FIRST_YEAR, len(PERIOD_ORDER) - 1
    for _ in range(count):
        yield year, PERIOD_ORDER[index]
        index -= 1
        if index < 0:
            year, index = year - 1, len(PERIOD_ORDER) - 1


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) earlier published reports with downloads; returns counts."""
    if scale <= 1:
        return None
    partnership = context["partnership"]
    kansli = context["kansli"]
    demo_version = (
        ReportVersion.objects.filter(report__partnership=partnership).order_by("pk").first()
    )
    pdf = bytes(demo_version.pdf) if demo_version else synthetic_pdf()
    sha256 = hashlib.sha256(pdf).hexdigest()
    # The readers: everyone with a current seat in the partnership (PKS, socialchefer...).
    readers = sorted(
        set(
            Membership.objects.active()
            .filter(body__partnership=partnership)
            .values_list("person_id", flat=True)
        )
    )

    reports = []
    for year, period in _earlier_periods(scale - 1):
        month, day, _quarter = PERIOD_CUTOFF[period]
        written = datetime.date(year, month, day) + datetime.timedelta(days=20)
        reports.append(
            Report(
                partnership_id=partnership.pk,
                year=year,
                period=period,
                summary="Benchmark: sammanfattning av perioden.",
                development_work="Benchmark: utvecklingsarbetet under perioden.",
                management_system="Benchmark: ledningssystemet.",
                managed_operations="Benchmark: förvaltande verksamheter.",
                economy="Benchmark: ekonomin följer budget.",
                created_at=at(written),
                created_by_id=kansli.pk,
                updated_at=at(written + datetime.timedelta(days=5)),
            )
        )
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)

    versions = []
    for position, report in enumerate(reports):
        published = report.updated_at + datetime.timedelta(days=1)
        numbers = (1, 2) if position % CORRECTED_EVERY == CORRECTED_EVERY - 1 else (1,)
        for number in numbers:
            versions.append(
                ReportVersion(
                    report_id=report.pk,
                    number=number,
                    pdf=pdf,
                    sha256=sha256,
                    size=len(pdf),
                    reason="Benchmark: rättad tabell." if number > 1 else "",
                    published_at=published + datetime.timedelta(days=7 * (number - 1)),
                    published_by_id=kansli.pk,
                )
            )
    # Large rows: a small batch keeps each INSERT a few MB.
    ReportVersion.objects.bulk_create(versions, batch_size=20)

    downloads = []
    for position, version in enumerate(versions):
        for step, reader in enumerate(readers[position % 3 :: 2]):
            downloads.append(
                ReportDownload(
                    version_id=version.pk,
                    user_id=reader,
                    downloaded_at=version.published_at + datetime.timedelta(hours=2 + step),
                )
            )
    ReportDownload.objects.bulk_create(downloads, batch_size=BATCH_SIZE)

    for model, objects, when, excluded in [
        (Report, reports, lambda o: o.created_at, ()),
        (ReportVersion, versions, lambda o: o.published_at, ("pdf", "html")),
    ]:
        model.history.model.objects.bulk_create(
            created_rows(model, objects, when=when, actor_id=kansli.pk, excluded=excluded),
            batch_size=BATCH_SIZE,
        )
    return {
        "bench_reporting": {
            "reports": len(reports),
            "versions": len(versions),
            "downloads": len(downloads),
            "pdf_bytes": len(pdf),
        }
    }
