from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Agenda2030Goal,
    FocusArea,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    PlanVersion,
    StrategicGoal,
    SurveyResult,
)


@admin.register(Agenda2030Goal)
class Agenda2030GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "year", "status"]
    list_filter = ["kind", "status", "year"]
    # Adoption and freezing go through the services (R61), never the admin.
    readonly_fields = ["status", "adoption_matter", "adopted_at", "copied_from"]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "title"]


@admin.register(GoalArea)
class GoalAreaAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "number", "title"]


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "title"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "target", "computation"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "period", "value", "source"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "frozen_at", "frozen_by", "sha256"]
    exclude = ["pdf"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SurveyResult)
class SurveyResultAdmin(SimpleHistoryAdmin):
    list_display = ["year", "partnership", "network", "question", "share", "answers"]
    list_filter = ["year", "partnership"]
    # Imported all or nothing (plans/survey.py, R63), never edited line by line.
    readonly_fields = [
        "partnership",
        "year",
        "network",
        "question",
        "share",
        "answers",
        "source",
        "imported_by",
        "imported_at",
    ]
