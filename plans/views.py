"""Plan pages: the goals page, plans and their drafts, adoption, downloads, and the
management system with the Region (R60-R64, R70). Thin: access, form, service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import documents
from core.errors import DomainError, refusal_shown
from partnerships import permissions
from partnerships.models import Body
from plans import access, reports, selectors, services
from plans.forms import (
    AdoptionRecordForm,
    FocusAreaForm,
    GoalAreaForm,
    GoalForm,
    GroupPlanCreateForm,
    IndicatorForm,
    PlanCreateForm,
    PlanTextsForm,
    ValueForm,
)
from plans.models import (
    FocusArea,
    GoalArea,
    Indicator,
    Plan,
    PlanVersion,
    StrategicGoal,
    ValuePeriod,
)

GROUP_PLANS_PAGE_SIZE = 20


def _get_plan_for_user(user, pk: int, *, edit: bool = False) -> Plan:
    """The plan if the user may read it (else 404: its existence must not leak); 403 for a
    reader asking to change it."""
    plan = get_object_or_404(Plan.objects.select_related("partnership", "body"), pk=pk)
    if not access.may_read(user, plan):
        raise Http404("not found")
    if edit and not access.may_edit(user, plan):
        raise PermissionDenied
    return plan


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, refusal_shown(error))


@login_required
def plan_index(request, slug):
    """The partnership's business plans, newest first; staff start next year's plan."""
    partnership = permissions.get_partnership_for_user(request.user, slug)
    may_edit = permissions.has_perm(request.user, "manage_partnership", partnership)
    plans = list(selectors.business_plans(partnership=partnership))
    next_year = max([p.year for p in plans] + [timezone.localdate().year - 1]) + 1
    form = PlanCreateForm(initial={"year": next_year}) if may_edit else None
    return render(
        request,
        "plans/plan_index.html",
        {"partnership": partnership, "plans": plans, "may_edit": may_edit, "form": form},
    )


@login_required
@require_POST
def plan_create(request, slug):
    """Start a plan for a year as a copy of the last one (R60); staff only."""
    partnership = permissions.get_partnership_for_user(request.user, slug, "manage_partnership")
    form = PlanCreateForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user, partnership=partnership, year=form.cleaned_data["year"]
            )
        except DomainError as error:
            messages.error(request, refusal_shown(error))
        else:
            messages.success(request, _("The plan was created."))
            return redirect("plans:plan_detail", pk=plan.pk)
    else:
        messages.error(request, _("Enter a year between 2020 and 2100."))
    return redirect("plans:index", slug=partnership.slug)


@login_required
def goals(request, slug, year):
    """The year's goals: indicators, targets, outcome to date, traffic light and charts."""
    partnership = permissions.get_partnership_for_user(request.user, slug)
    plan = selectors.business_plan_for(partnership=partnership, year=year)
    if plan is None:
        raise Http404("not found")
    period = request.GET.get("period", ValuePeriod.YEAR)
    if period not in ValuePeriod.values:
        period = ValuePeriod.YEAR
    return render(
        request,
        "plans/goals.html",
        {
            "partnership": partnership,
            "plan": plan,
            "period": period,
            "periods": ValuePeriod.choices,
            "follow_up": selectors.goals_follow_up(plan=plan, period=period),
            "may_edit": access.may_edit(request.user, plan),
        },
    )


@login_required
def plan_detail(request, pk):
    """The plan's content, status and frozen versions; for staff the draft's tools."""
    plan = _get_plan_for_user(request.user, pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "doc": selectors.plan_document(plan=plan),
            "versions": list(plan.versions.defer("pdf", "html").select_related("frozen_by")),
            "may_edit": access.may_edit(request.user, plan),
            "adoption_form": AdoptionRecordForm() if plan.body_id else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    """Staff edit the texts of a draft plan (R60)."""
    plan = _get_plan_for_user(request.user, pk, edit=True)
    form = PlanTextsForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request, "plans/part_form.html", {"plan": plan, "form": form, "heading": _("Edit plan")}
    )


# kind -> (model, form, how to find it in the plan, parent model and its lookup)
PARTS = {
    "goal": (StrategicGoal, GoalForm, "plan", None, None),
    "focus": (FocusArea, FocusAreaForm, "plan", None, None),
    "area": (GoalArea, GoalAreaForm, "goal__plan", StrategicGoal, "plan"),
    "indicator": (Indicator, IndicatorForm, "goal_area__goal__plan", GoalArea, "goal__plan"),
}
PARENT_FIELD = {"area": "goal", "indicator": "goal_area"}
HEADINGS = {
    "goal": (_("New strategic goal"), _("Edit strategic goal")),
    "focus": (_("New focus area"), _("Edit focus area")),
    "area": (_("New goal area"), _("Edit goal area")),
    "indicator": (_("New indicator"), _("Edit indicator")),
}


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request, pk, kind, part_id=None, parent_id=None):
    """Create or edit a goal, focus area, goal area or indicator of a draft plan (R60, R62)."""
    if kind not in PARTS:
        raise Http404("not found")
    plan = _get_plan_for_user(request.user, pk, edit=True)
    model, form_class, lookup, parent_model, parent_lookup = PARTS[kind]
    if part_id is not None:
        instance = get_object_or_404(model, pk=part_id, **{lookup: plan})
    else:
        instance = model()
        if parent_model is None:
            instance.plan = plan
        else:
            parent = get_object_or_404(parent_model, pk=parent_id, **{parent_lookup: plan})
            setattr(instance, PARENT_FIELD[kind], parent)
    initial = {}
    if part_id is not None and hasattr(instance, "agenda_goals"):
        initial["agenda_goals"] = list(instance.agenda_goals.all())
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        try:
            services.plan_part_save(
                actor=request.user, part=part, agenda_goals=form.cleaned_data.get("agenda_goals")
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan_detail", pk=plan.pk)
    heading = HEADINGS[kind][0 if part_id is None else 1]
    return render(
        request,
        "plans/part_form.html",
        {"plan": plan, "form": form, "heading": heading, "kind": kind, "part": instance},
    )


@login_required
@require_POST
def part_delete(request, pk, kind, part_id):
    """Remove a part of a draft plan (R60)."""
    if kind not in PARTS:
        raise Http404("not found")
    plan = _get_plan_for_user(request.user, pk, edit=True)
    model, _form, lookup, _p, _l = PARTS[kind]
    part = get_object_or_404(model, pk=part_id, **{lookup: plan})
    try:
        services.plan_part_delete(actor=request.user, part=part)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
    else:
        messages.success(request, _("Removed."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def value_enter(request, pk, indicator_id):
    """Staff enter an indicator's value for a period with its source (R62)."""
    plan = _get_plan_for_user(request.user, pk, edit=True)
    indicator = get_object_or_404(Indicator, pk=indicator_id, goal_area__goal__plan=plan)
    form = ValueForm(request.POST or None, initial={"year": plan.year})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_set(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The value was saved."))
            return redirect("plans:value_enter", pk=plan.pk, indicator_id=indicator.pk)
    return render(
        request,
        "plans/value_form.html",
        {"plan": plan, "indicator": indicator, "form": form, "values": indicator.values.all()},
    )


@login_required
@require_POST
def plan_propose(request, pk):
    """Put the draft to the steering group as a consensus matter (R5, R61)."""
    plan = _get_plan_for_user(request.user, pk, edit=True)
    try:
        matter = services.plan_propose(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(
        request,
        _("The plan was put to the steering group. It is adopted when all municipalities assent."),
    )
    return redirect("matters:matter_detail", pk=matter.pk)


@login_required
@require_POST
def plan_record_adoption(request, pk):
    """Record the adoption of a strategy group's plan by Kommunalt forum or ReKo (R70)."""
    plan = _get_plan_for_user(request.user, pk, edit=True)
    form = AdoptionRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the decision that adopted the plan."))
        return redirect("plans:plan_detail", pk=plan.pk)
    try:
        services.plan_record_adoption(
            actor=request.user, plan=plan, reference=form.cleaned_data["reference"]
        )
    except DomainError as error:
        messages.error(request, refusal_shown(error))
    else:
        messages.success(request, _("The plan was recorded as adopted and frozen."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
def version_download(request, pk, number):
    """The stored PDF of a frozen version, after checking its SHA-256 (R61)."""
    plan = _get_plan_for_user(request.user, pk)
    version = get_object_or_404(PlanVersion.objects.defer("pdf"), plan=plan, number=number)
    try:
        data = services.version_pdf(actor=request.user, version=version)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
        return redirect("plans:plan_detail", pk=plan.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def version_web(request, pk, number):
    """The web twin of a frozen version (issue 15): the PDF's content as a page, for the
    same readers as the PDF (404 otherwise, and for versions made before web twins)."""
    plan = _get_plan_for_user(request.user, pk)
    version = get_object_or_404(PlanVersion.objects.defer("pdf"), plan=plan, number=number)
    if not version.has_web_twin:
        raise Http404("no web version")
    try:
        twin = services.version_web_twin(actor=request.user, version=version)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
        return redirect("plans:plan_detail", pk=plan.pk)
    return documents.twin_page(
        request,
        twin=twin,
        number=version.number,
        published_at=version.frozen_at,
        title=plan.title,
        back_url=reverse("plans:plan_detail", args=[plan.pk]),
        back_label=plan.title,
        pdf_url=reverse("plans:download", args=[plan.pk, version.number]),
        pdf_name=version.file_name,
    )


@login_required
def management_system(request):
    """The management system with the Region (R70): bodies, mandates, meetings, members."""
    if not selectors.may_read_management_system(request.user):
        raise PermissionDenied
    year = timezone.localdate().year
    bodies = selectors.management_system_bodies()
    rows = reports.management_rows(bodies=bodies, year=year)
    return render(
        request,
        "plans/management_system.html",
        {
            "rows": rows,
            "year": year,
            "may_edit": access.may_edit_any_group_plan(request.user),
            "form": GroupPlanCreateForm(initial={"year": year}),
        },
    )


@login_required
def group_plans(request, body_slug):
    """Every plan of a strategy group, newest first, a page at a time (R70): the earlier
    plans that the management system page only counts."""
    if not selectors.may_read_management_system(request.user):
        raise PermissionDenied
    body = get_object_or_404(
        Body, slug=body_slug, partnership__isnull=True, kind=Body.Kind.STRATEGY_GROUP
    )
    page = Paginator(selectors.group_plans(body=body), GROUP_PLANS_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(request, "plans/group_plans.html", {"body": body, "page": page})


@login_required
@require_POST
def group_plan_create(request, body_slug):
    """Start a strategy group's strategy or action plan as a copy of the last (R60, R70)."""
    if not access.may_edit_any_group_plan(request.user):
        raise PermissionDenied
    body = get_object_or_404(
        Body, slug=body_slug, partnership__isnull=True, kind=Body.Kind.STRATEGY_GROUP
    )
    form = GroupPlanCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a kind and enter a year between 2020 and 2100."))
        return redirect("plans:management_system")
    try:
        plan = services.plan_create(
            actor=request.user,
            body=body,
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
        )
    except DomainError as error:
        messages.error(request, refusal_shown(error))
        return redirect("plans:management_system")
    messages.success(request, _("The plan was created."))
    return redirect("plans:plan_detail", pk=plan.pk)
