from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Adjustment,
    Meeting,
    MinutesVersion,
    Paragraph,
    ParagraphCounter,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Meetings and minutes change through the services only (R52, R55): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("body", "date", "start_time", "status")
    list_filter = ("status", "body")
    exclude = ("review_pdf",)


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdmin):
    list_display = ("body", "year", "number", "title")
    list_filter = ("body", "year")


@admin.register(MinutesVersion)
class MinutesVersionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "sha256", "frozen_at")
    exclude = ("pdf",)


admin.site.register(Adjustment, ReadOnlyAdmin)
admin.site.register(ParagraphCounter, ReadOnlyAdmin)
