"""Read-mostly admin for the office. Publishing goes through the report pages (R42)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import Report, ReportDownload, ReportVersion


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "partnership", "year", "period", "updated_at")
    list_filter = ("partnership", "year", "period")
    list_select_related = ("partnership",)
    readonly_fields = ("created_at", "created_by", "updated_at")


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
    """Published versions are frozen: nothing can be added, changed or deleted here."""

    list_display = ("__str__", "published_at", "published_by", "size", "sha256")
    list_select_related = ("report__partnership", "published_by")
    exclude = ("pdf", "html")
    readonly_fields = (
        "report",
        "number",
        "sha256",
        "size",
        "html_sha256",
        "reason",
        "published_at",
        "published_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ("downloaded_at", "user", "version", "format")
    list_select_related = ("user", "version__report__partnership")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("version__pdf", "version__html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
