from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    GateDecision,
    ParticipationDecision,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
)


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "order", "partnership")
    list_filter = ("partnership",)


@admin.register(Portfolio)
class PortfolioAdmin(SimpleHistoryAdmin):
    list_display = ("name", "tactical_group")


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "portfolio", "stage", "requested_funds")
    list_filter = ("portfolio", "stage")
    search_fields = ("title",)

    def get_readonly_fields(self, request, obj=None):
        # Stage changes are gate decisions (R14): recorded through the app, never edited here.
        return ("stage",) if obj else ()


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Decisions are kept forever and never edited in place (R17)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (ParticipationDecision, GateDecision, ProjectStatus):
    admin.site.register(model, ReadOnlyAdmin)
