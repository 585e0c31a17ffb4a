"""Pages of the partnership's money. Staff (manage_partnership) write; members read (R30)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, refusal_shown
from finance import charts, exports, forms, selectors, services, versions
from finance.models import BudgetLine
from partnerships import permissions
from partnerships.models import Partnership

READ = "read_partnership"
MANAGE = "manage_partnership"


def _partnership_for_allocation(user, slug: str) -> Partnership:
    """Everyone in the partnership (members and PKS) sees the fee split (R22); others 404."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or not any(
        permissions.has_perm(user, codename, partnership)
        for codename in (READ, "read_published_reports")
    ):
        raise Http404("not found")
    return partnership


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("not found")
    return year


def _form_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, refusal_shown(error))


# --- Overview and fees (R21) -----------------------------------------------


@login_required
def overview(request, slug):
    """The fee per year (decided or prospective) and the budgets."""
    partnership = permissions.get_partnership_for_user(request.user, slug, READ)
    years = selectors.fee_years(partnership=partnership, today=timezone.localdate())
    return render(
        request,
        "finance/overview.html",
        {
            "partnership": partnership,
            "fees": selectors.fee_statuses(partnership=partnership, years=years) if years else [],
            "budgets": selectors.budgets_for_partnership(partnership=partnership),
            "can_manage": permissions.has_perm(request.user, MANAGE, partnership),
            "budget_form": forms.BudgetCreateForm(
                initial={
                    "year": selectors.next_budget_year(
                        partnership=partnership, today=timezone.localdate()
                    )
                }
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fee_index(request, slug, year):
    """Staff enter a year's index with its source (R21)."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    year = _year(year)
    status = selectors.fee_status(partnership=partnership, year=year)
    if status is None:
        raise Http404("not found")
    form = forms.FeeIndexForm(
        request.POST or None,
        initial={"percent": status.index_percent, "source": status.index_source},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_index_set(
                actor=request.user,
                partnership=partnership,
                year=year,
                percent=form.cleaned_data["percent"],
                source=form.cleaned_data["source"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The index for %(year)s is saved.") % {"year": year})
            return redirect("finance:overview", slug=slug)
    return render(
        request,
        "finance/fee_index.html",
        {"partnership": partnership, "year": year, "status": status, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fee_decide(request, slug, year):
    """Confirmation step, then the fee for the year is fixed for good (R21)."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    year = _year(year)
    status = selectors.fee_status(partnership=partnership, year=year)
    if status is None:
        raise Http404("not found")
    form = forms.FeeDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fee = services.fee_decide(
                actor=request.user,
                partnership=partnership,
                year=year,
                reference=form.cleaned_data["reference"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The fee for %(year)s is decided: %(amount)s kr.")
                % {"year": year, "amount": f"{fee.amount:.0f}"},
            )
            return redirect("finance:allocation", slug=slug, year=year)
    return render(
        request,
        "finance/fee_decide.html",
        {"partnership": partnership, "year": year, "status": status, "form": form},
    )


# --- Allocation (R22) ------------------------------------------------------


@login_required
def allocation(request, slug, year):
    """The fee split per municipality: population, share, amount, total."""
    partnership = _partnership_for_allocation(request.user, slug)
    year = _year(year)
    result, error, population_missing = None, None, False
    try:
        result = selectors.fee_allocation(partnership=partnership, year=year)
    except DomainError as refusal:
        error = refusal_shown(refusal)
        population_missing = isinstance(refusal, selectors.PopulationMissing)
    return render(
        request,
        "finance/allocation.html",
        {
            "partnership": partnership,
            "year": year,
            "allocation": result,
            "error": error,
            "can_read_economy": permissions.has_perm(request.user, READ, partnership),
            # The office may import the missing figures (R22); the page says why, and links.
            "can_import_population": population_missing
            and permissions.has_perm(request.user, MANAGE, partnership),
        },
    )


def _allocation_or_none(request, slug, year):
    partnership = _partnership_for_allocation(request.user, slug)
    try:
        return selectors.fee_allocation(partnership=partnership, year=_year(year))
    except DomainError:
        return None


# No split yet (no fee, or no population figures): the export leads to the fee page, which
# says why there is nothing to export, rather than to a 404.


@login_required
def allocation_csv(request, slug, year):
    result = _allocation_or_none(request, slug, year)
    if result is None:
        return redirect("finance:allocation", slug=slug, year=year)
    return exports.allocation_csv_response(result)


@login_required
def allocation_xlsx(request, slug, year):
    result = _allocation_or_none(request, slug, year)
    if result is None:
        return redirect("finance:allocation", slug=slug, year=year)
    return exports.allocation_xlsx_response(result)


# --- Budgets (R23-R25) -----------------------------------------------------


def _budget_or_404(partnership, year):
    budget = selectors.budget_for_year(partnership=partnership, year=_year(year))
    if budget is None:
        raise Http404("not found")
    return budget


@login_required
@require_POST
def budget_create(request, slug):
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    form = forms.BudgetCreateForm(request.POST)
    if form.is_valid():
        try:
            budget = services.budget_create(
                actor=request.user,
                partnership=partnership,
                year=form.cleaned_data["year"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, refusal_shown(error))
        else:
            messages.success(
                request, _("The budget for %(year)s is created.") % {"year": budget.year}
            )
            return redirect("finance:budget", slug=slug, year=budget.year)
    else:
        messages.error(request, _("Enter a year between 2000 and 2100."))
    return redirect("finance:overview", slug=slug)


@login_required
def budget_detail(request, slug, year):
    """Budget, funding sources, multi-year plan, and budget vs outcome per area with a chart."""
    partnership = permissions.get_partnership_for_user(request.user, slug, READ)
    budget = _budget_or_404(partnership, year)
    summary = selectors.budget_summary(budget=budget)
    plan = selectors.budget_plan(summary=summary)
    funding = selectors.funding_summary(partnership=partnership, year=budget.year)
    latest = summary.latest_quarter
    return render(
        request,
        "finance/budget_detail.html",
        {
            "partnership": partnership,
            "budget": budget,
            "areas": summary.areas,
            "line_views": summary.line_views,
            "through_quarter": latest,
            "quarters": [1, 2, 3, 4],
            "sources": funding.sources,
            "sources_total": funding.total,
            "plan_years": plan.years,
            "plan_rows": plan.rows,
            "plan_totals": plan.totals,
            "totals": summary.totals,
            "chart": charts.area_chart_svg(summary.areas, budget.year, latest)
            if summary.areas
            else None,
            "can_manage": permissions.has_perm(request.user, MANAGE, partnership),
        },
    )


@login_required
def budget_outcome(request, slug, year):
    """Budget vs outcome to date and forecast per area, through a chosen quarter."""
    partnership = permissions.get_partnership_for_user(request.user, slug, READ)
    budget = _budget_or_404(partnership, year)
    chosen = request.GET.get("kvartal", "")
    summary = selectors.budget_summary(
        budget=budget, through_quarter=int(chosen) if chosen in {"1", "2", "3", "4"} else None
    )
    quarter = summary.through_quarter
    return render(
        request,
        "finance/budget_outcome.html",
        {
            "partnership": partnership,
            "budget": budget,
            "areas": summary.areas,
            "totals": summary.totals,
            "through_quarter": quarter,
            "latest_quarter": summary.latest_quarter,
            "quarters": [1, 2, 3, 4],
            "chart": charts.area_chart_svg(summary.areas, budget.year, quarter)
            if summary.areas
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_create(request, slug, year):
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    budget = _budget_or_404(partnership, year)
    form = forms.BudgetLineForm(
        request.POST or None,
        year=budget.year,
        projects=selectors.projects_for_budget(partnership=partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(
                actor=request.user, budget=budget, **form.service_arguments()
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The budget line is saved."))
            return redirect("finance:budget", slug=slug, year=budget.year)
    return render(
        request,
        "finance/line_form.html",
        {"partnership": partnership, "budget": budget, "form": form, "line": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, slug, year, pk):
    """Edit a line; a save based on an older version is refused, showing what changed."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    try:
        line = selectors.budget_line_for_partnership(partnership=partnership, year=year, pk=pk)
    except BudgetLine.DoesNotExist:
        raise Http404("not found") from None
    projects = selectors.projects_for_budget(partnership=partnership)
    conflict = None
    if request.method == "POST":
        form = forms.BudgetLineForm(request.POST, year=line.budget.year, projects=projects)
        if form.is_valid():
            expected = form.cleaned_data.get("version") or 0
            try:
                services.budget_line_update(
                    actor=request.user,
                    line=line,
                    expected_version=expected,
                    **form.service_arguments(),
                )
            except versions.StaleEdit as stale:
                conflict = stale
                refusal_shown(stale)
                # Keep what the user typed; a new save is now based on the current version.
                data = request.POST.copy()
                data["version"] = str(stale.current_version)
                form = forms.BudgetLineForm(data, year=line.budget.year, projects=projects)
                form.is_valid()
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The budget line is saved."))
                return redirect("finance:budget", slug=slug, year=line.budget.year)
    else:
        form = forms.BudgetLineForm(
            initial=forms.line_initial(line), year=line.budget.year, projects=projects
        )
    return render(
        request,
        "finance/line_form.html",
        {
            "partnership": partnership,
            "budget": line.budget,
            "form": form,
            "line": line,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request, slug, year, pk):
    """Confirmation step, then the line is removed (only while it has no outcomes)."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    try:
        line = selectors.budget_line_for_partnership(partnership=partnership, year=year, pk=pk)
    except BudgetLine.DoesNotExist:
        raise Http404("not found") from None
    error = None
    if request.method == "POST":
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = 0
        try:
            services.budget_line_delete(actor=request.user, line=line, expected_version=expected)
        except versions.StaleEdit as stale:
            error = refusal_shown(stale)
        except DomainError as refusal:
            error = refusal_shown(refusal)
        else:
            messages.success(request, _("The budget line is removed."))
            return redirect("finance:budget", slug=slug, year=line.budget.year)
    return render(
        request,
        "finance/line_delete.html",
        {"partnership": partnership, "budget": line.budget, "line": line, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding_source_edit(request, slug, year, pk=None):
    """Add or change a funding source (R23); a change based on an older version is refused."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    year = _year(year)
    source = None
    if pk is not None:
        source = selectors.funding_source_for_partnership(partnership=partnership, year=year, pk=pk)
        if source is None:
            raise Http404("not found")
    shown = ["kind", "name", "amount", "note", "version"]
    initial = model_to_dict(source, fields=shown) if source else {}
    form = forms.FundingSourceForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        expected = fields.pop("version") or 0
        try:
            services.funding_source_save(
                actor=request.user,
                partnership=partnership,
                year=year,
                source=source,
                expected_version=expected,
                **fields,
            )
        except versions.StaleEdit as stale:
            conflict = stale
            refusal_shown(stale)
            # Keep what the user typed; a new save is now based on the current version.
            data = request.POST.copy()
            data["version"] = str(stale.current_version)
            form = forms.FundingSourceForm(data)
            form.is_valid()
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The funding source is saved."))
            target = reverse("finance:budget", args=[slug, year])
            if selectors.budget_for_year(partnership=partnership, year=year) is None:
                target = reverse("finance:overview", args=[slug])
            return redirect(target)
    return render(
        request,
        "finance/funding_source_form.html",
        {
            "partnership": partnership,
            "year": year,
            "form": form,
            "source": source,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcomes_import(request, slug, year):
    """Upload quarterly outcomes from the ledger (R25); all or nothing."""
    partnership = permissions.get_partnership_for_user(request.user, slug, MANAGE)
    budget = _budget_or_404(partnership, year)
    form = forms.OutcomeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.outcomes_import(
                actor=request.user, budget=budget, text=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error(
                "file", _("Nothing was imported. %(reason)s") % {"reason": refusal_shown(error)}
            )
        else:
            messages.success(
                request,
                _("Outcomes imported: %(rows)s quarter amounts on %(lines)s budget lines.")
                % {"rows": result.rows, "lines": result.lines},
            )
            return redirect("finance:budget", slug=slug, year=budget.year)
    return render(
        request,
        "finance/outcomes_import.html",
        {"partnership": partnership, "budget": budget, "form": form},
    )
