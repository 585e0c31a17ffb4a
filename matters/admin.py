from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from matters.models import Matter, MatterDecision


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Matters change through the services only; decisions are kept forever (R15, R17)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "due_date", "created_at")
    list_filter = ("kind", "status")


admin.site.register(MatterDecision, ReadOnlyAdmin)
