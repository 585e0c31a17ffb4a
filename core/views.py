from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core import jobs, selectors


@never_cache
def healthz(request):
    """Liveness and database reachability for the reverse proxy and monitors, and whether
    the scheduled jobs ran on time: 503 naming the jobs that are late or failed
    (core/jobs.py; read at most once a minute per process)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    problems = jobs.health_summary()
    if problems:
        return HttpResponse(f"jobs {problems}", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


@login_required
def history(request, app_label, model_name, pk):
    """Who changed what and when on any tracked object (R17); staff of the office only.

    Staff are those the admin lets in: an office seat on the day (R31) or a superuser.
    """
    if not admin.site.has_permission(request):
        raise PermissionDenied
    model = selectors.history_model(app_label, model_name)
    if model is None:
        raise Http404("not found")
    found = selectors.object_history(model=model, pk=pk, page_number=request.GET.get("sida"))
    if found is None:
        raise Http404("not found")
    page, entries, label = found
    return render(
        request,
        "core/history.html",
        {
            "page": page,
            "entries": entries,
            "object_label": label,
            "model_label": model._meta.verbose_name,
        },
    )
