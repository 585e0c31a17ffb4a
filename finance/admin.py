"""Read-only admin views of the money: every change goes through the finance pages and
their services (rules R21-R25, lost-update protection, history with the user)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from finance.models import Budget, BudgetLine, FundingSource, Outcome, PlanYear, YearlyFee


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YearlyFee)
class YearlyFeeAdmin(ReadOnlyAdmin):
    list_display = ("partnership", "year", "index_percent", "amount", "decided_at", "decided_by")
    list_filter = ("partnership", "year")
    list_select_related = ("partnership", "decided_by")


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "partnership", "year", "kind", "amount", "guaranteed")
    list_filter = ("year", "kind")
    list_select_related = ("partnership",)


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    fields = ("area", "name", "ledger_code", "opening_funds", "granted_funds", "budget_amount")
    readonly_fields = fields
    can_delete = False
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("partnership", "year")
    list_select_related = ("partnership",)
    inlines = [BudgetLineInline]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    fields = ("quarter", "amount")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class PlanYearInline(OutcomeInline):
    model = PlanYear
    fields = ("year", "net_cost")
    readonly_fields = fields


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("name", "budget", "area", "ledger_code", "budget_amount", "version")
    list_filter = ("budget__year", "area")
    list_select_related = ("budget__partnership",)
    inlines = [OutcomeInline, PlanYearInline]
