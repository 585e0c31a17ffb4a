"""Report pages: list, drafts and previews for staff, publication, downloads (R40-R42)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import documents
from core.errors import DomainError, refusal_shown
from partnerships import permissions
from reporting import content as report_content
from reporting import selectors, services
from reporting.forms import PublishForm, ReportCreateForm, ReportTextsForm
from reporting.models import SECTION_FIELDS, Report
from reporting.pdf import render_report, render_report_twin

MANAGE = "manage_partnership"
READ_PUBLISHED = "read_published_reports"
PAGE_SIZE = 12  # three years of reports


def _get_report_for_user(user, pk: int, *, manage: bool = False) -> Report:
    """The report if the user may see it (R42).

    Staff see every report; readers see published reports only. A draft does not
    exist for anyone but staff (404); a reader asking to change a published
    report gets 403.
    """
    report = get_object_or_404(Report.objects.select_related("partnership"), pk=pk)
    partnership = report.partnership
    if permissions.has_perm(user, MANAGE, partnership):
        return report
    if not permissions.has_perm(user, READ_PUBLISHED, partnership):
        raise Http404("not found")
    if not report.versions.exists():
        raise Http404("not found")
    if manage:
        raise PermissionDenied
    return report


def _gather_or_message(request, report):
    """The report's content, or None with a message when the data cannot be read."""
    try:
        return report_content.gather(report)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
    return None


@login_required
def report_index(request):
    """Published reports with download links; drafts too for staff."""
    readable = permissions.partnerships_for_user(request.user, READ_PUBLISHED)
    managed = list(permissions.partnerships_for_user(request.user, MANAGE))
    if not managed and not readable.exists():
        raise PermissionDenied
    reports = selectors.reports_for_user(user=request.user)
    # Reports pile up over the years: published ones a page at a time, newest first.
    page = Paginator(reports.filter(is_published=True), PAGE_SIZE).get_page(request.GET.get("sida"))
    drafts = list(reports.filter(is_published=False, partnership__in=managed)) if managed else []
    return render(
        request,
        "reporting/report_index.html",
        {"page": page, "published": page.object_list, "drafts": drafts, "managed": managed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, slug):
    """Start a draft for a year and period (staff only); texts come from the previous period."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    year, period = selectors.next_report_period(partnership=partnership, today=timezone.localdate())
    form = ReportCreateForm(request.POST or None, initial={"year": year, "period": period})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                partnership=partnership,
                year=form.cleaned_data["year"],
                period=form.cleaned_data["period"],
            )
        except DomainError as error:
            form.add_error(None, refusal_shown(error))
        else:
            messages.success(request, _("The draft was created."))
            return redirect("reporting:edit", pk=report.pk)
    return render(
        request, "reporting/report_create.html", {"form": form, "partnership": partnership}
    )


@login_required
def report_detail(request, pk):
    """The report's published versions; for staff also the draft's tools and downloads."""
    report = _get_report_for_user(request.user, pk)
    is_staff = permissions.has_perm(request.user, MANAGE, report.partnership)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "versions": selectors.report_versions(report=report),
            "is_staff": is_staff,
            "downloads": selectors.report_downloads(report=report) if is_staff else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    """Staff write the text sections in Markdown (R42)."""
    report = _get_report_for_user(request.user, pk, manage=True)
    initial = {name: getattr(report, name) for name in SECTION_FIELDS}
    form = ReportTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.report_update_texts(actor=request.user, report=report, texts=form.cleaned_data)
        messages.success(request, _("The texts were saved."))
        if "preview" in request.POST:
            return redirect("reporting:preview", pk=report.pk)
        return redirect("reporting:edit", pk=report.pk)
    return render(request, "reporting/report_edit.html", {"report": report, "form": form})


@login_required
def report_preview(request, pk):
    """The draft as a web page (staff only)."""
    report = _get_report_for_user(request.user, pk, manage=True)
    content = _gather_or_message(request, report)
    # The draft shown as its web twin will be published: the same template (issue 15).
    twin = render_report_twin(content, draft=True) if content else ""
    return render(
        request,
        "reporting/report_preview.html",
        {"report": report, "twin": mark_safe(twin), "document_lang": documents.DOCUMENT_LANG},  # noqa: S308 - rendered just now from sanitised texts
    )


@login_required
def report_preview_pdf(request, pk):
    """The draft as PDF, marked as a preview (staff only). Never stored."""
    report = _get_report_for_user(request.user, pk, manage=True)
    try:
        pdf = render_report(report, draft=True)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
        return redirect("reporting:detail", pk=report.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = report.file_name(0).replace("-v0.pdf", "-forhandsgranskning.pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_publish(request, pk):
    """Confirm, then publish the next version in one atomic step (R42)."""
    report = _get_report_for_user(request.user, pk, manage=True)
    versions = list(selectors.report_versions(report=report))
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.report_publish(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, refusal_shown(error)
            )
        else:
            messages.success(
                request, _("Version %(number)s was published.") % {"number": version.number}
            )
            return redirect("reporting:detail", pk=report.pk)
    return render(
        request,
        "reporting/report_publish.html",
        {"report": report, "form": form, "versions": versions, "next_number": len(versions) + 1},
    )


def _readable_version(user, pk: int, number: int):
    """The published version if the user may read it, else 404 (R42): nothing leaks."""
    # A version exists only for a published report: loading it first answers the reader's
    # "is it published?" too, in the same query (the checks of _get_report_for_user).
    version = selectors.version_for_download(report_pk=pk, number=number)
    partnership = version.report.partnership if version is not None else None
    if version is None or not any(
        permissions.has_perm(user, codename, partnership) for codename in (MANAGE, READ_PUBLISHED)
    ):
        raise Http404("not found")
    return version


@login_required
def version_download(request, pk, number):
    """Serve the stored bytes of a published version after checking them; logged (R42)."""
    version = _readable_version(request.user, pk, number)
    report = version.report
    try:
        data = services.version_download(actor=request.user, version=version)
    except services.ChecksumMismatch as error:
        return render(
            request,
            "reporting/download_refused.html",
            {"report": report, "version": version, "message": refusal_shown(error)},
            status=500,
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.file_name}"'
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def version_web(request, pk, number):
    """The version's web twin: the frozen content of its PDF as a page (issue 15); logged.

    The same readers as the PDF. Versions published before web twins existed have none."""
    version = _readable_version(request.user, pk, number)
    report = version.report
    if not version.has_web_twin:
        raise Http404("no web version")
    try:
        twin = services.version_web_twin(actor=request.user, version=version)
    except documents.TwinChecksumMismatch as error:
        return render(
            request,
            "reporting/download_refused.html",
            {"report": report, "version": version, "message": refusal_shown(error)},
            status=500,
        )
    return documents.twin_page(
        request,
        twin=twin,
        number=version.number,
        published_at=version.published_at,
        title=f"{report.title} – {report.partnership.name}",
        back_url=reverse("reporting:detail", args=[report.pk]),
        back_label=report.title,
        pdf_url=reverse("reporting:download", args=[report.pk, version.number]),
        pdf_name=version.file_name,
    )
