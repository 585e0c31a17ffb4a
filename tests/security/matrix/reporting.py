"""Permission matrix: reporting. One Spec per named URL of reporting/urls.py (see __init__.py).

R42 and DOMAIN.md's permission table: staff write, preview and publish; every
member of the partnership's bodies (PKS members included) reads the published
versions and downloads their PDFs; a draft exists for staff only (404 for the
readers: not even its existence leaks), and a reader asking for a staff page of
a published report gets 403. Outsiders and other partnerships' reports: 404.

Targets: "own" is our partnership's published Q1 report (version 1), "draft" its
unpublished Q2 report, "other" another partnership's published report.
"""

import contextlib
import hashlib
from types import SimpleNamespace

import pytest

from core import documents
from partnerships import permissions
from reporting import services
from reporting.models import Period, ReportVersion
from tests.security.matrix import Spec, expect
from tests.security.matrix.partnerships import other_partnership

READ = expect(200, outsider=404)  # every body member of the partnership, PKS included
STAFF = expect(403, staff=200, outsider=404)  # staff tools on a published report
DRAFT = expect(404, staff=200)  # a draft exists for staff only
HIDDEN = expect(404)

FIXED_PDF = b"%PDF-1.7\n% permission matrix\n"
FIXED_TWIN = "<article><h1>Delårsrapport Q1 2026</h1><p>Permission matrix.</p></article>"


def setup(org):
    def published(partnership, year, period):
        # Set up by the operator: the other partnership has no office among the personas.
        report = services.report_create(
            actor=permissions.OPERATOR, partnership=partnership, year=year, period=period
        )
        ReportVersion.objects.create(
            report=report,
            number=1,
            pdf=FIXED_PDF,
            sha256=hashlib.sha256(FIXED_PDF).hexdigest(),
            size=len(FIXED_PDF),
            published_by=org.staff,
            **documents.twin_fields(FIXED_TWIN),
        )
        return report

    org.reports = SimpleNamespace(
        published=published(org.partnership, 2026, Period.Q1),
        draft=services.report_create(
            actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q2
        ),
        other=published(other_partnership(org), 2026, Period.Q1),
    )


@contextlib.contextmanager
def fixed_pdf(org):
    """PDF rendering replaced by fixed bytes: the matrix tests who may, not the PDF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reporting.views.render_report", lambda report, **kwargs: FIXED_PDF)
        patch.setattr(
            "reporting.services.render_report_documents",
            lambda report, **kwargs: (FIXED_PDF, FIXED_TWIN),
        )
        yield


def report(name):
    return lambda org: {"pk": getattr(org.reports, name).pk}


def version(name):
    return lambda org: {"pk": getattr(org.reports, name).pk, "number": 1}


def texts(org, kwargs):
    return {
        "summary": "Halvåret i korthet.",
        "development_work": "Fyra projekt i genomförande.",
        "management_system": "Ledningssystemet i samverkan med Regionen.",
        "managed_operations": "De förvaltande verksamheterna.",
        "economy": "Utfallet följer budget.",
    }


REPORT_TARGETS = {"own": report("published"), "other": report("other")}

SPECS = [
    Spec("reporting:index", get={"own": expect(200, outsider=403)}),
    Spec(
        "reporting:create",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": org.reports.other.partnership.slug},
        get={"own": STAFF, "other": HIDDEN},
        post={"own": expect(403, staff=302, outsider=404), "other": HIDDEN},
        data=lambda org, kwargs: {"year": 2027, "period": Period.Q1},
    ),
    Spec(
        "reporting:detail",
        own=report("published"),
        other=report("other"),
        more={"draft": report("draft")},
        get={"own": READ, "draft": DRAFT, "other": HIDDEN},
    ),
    Spec(
        "reporting:edit",
        own=report("published"),
        other=report("other"),
        more={"draft": report("draft")},
        get={"own": STAFF, "draft": DRAFT, "other": HIDDEN},
        post={
            "own": expect(403, staff=302, outsider=404),
            "draft": expect(404, staff=302),
            "other": HIDDEN,
        },
        data=texts,
    ),
    Spec(
        "reporting:preview",
        own=report("published"),
        other=report("other"),
        more={"draft": report("draft")},
        get={"own": STAFF, "draft": DRAFT, "other": HIDDEN},
    ),
    Spec(
        "reporting:preview_pdf",
        own=report("published"),
        other=report("other"),
        more={"draft": report("draft")},
        get={"own": STAFF, "draft": DRAFT, "other": HIDDEN},
        around=fixed_pdf,
    ),
    Spec(
        "reporting:publish",
        own=report("published"),
        other=report("other"),
        more={"draft": report("draft")},
        get={"own": STAFF, "draft": DRAFT, "other": HIDDEN},
        post={
            "own": expect(403, staff=302, outsider=404),  # a correction: version 2
            "draft": expect(404, staff=302),  # version 1
            "other": HIDDEN,
        },
        data=lambda org, kwargs: {"confirm": "on", "reason": "Rättad tabell över utfallet."},
        around=fixed_pdf,
    ),
    Spec(
        "reporting:download",
        own=version("published"),
        other=version("other"),
        more={"draft": version("draft")},  # no version 1 yet: 404 for everyone
        get={"own": READ, "draft": HIDDEN, "other": HIDDEN},
        get_logs=("reporting.ReportDownload",),  # every download is logged (R42)
    ),
    Spec(
        "reporting:web",  # the web twin (issue 15): the PDF's readers, logged like a download
        own=version("published"),
        other=version("other"),
        more={"draft": version("draft")},
        get={"own": READ, "draft": HIDDEN, "other": HIDDEN},
        get_logs=("reporting.ReportDownload",),
    ),
]
