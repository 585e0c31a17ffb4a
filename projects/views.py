"""Projects, portfolios, gate decisions and participation in the browser (R10-R17).

Views fetch through the helpers below (404 where existence must not leak, 403
when the user may read but not act), bind a form, call a service and redirect
with a message. Who may act is decided in projects/access.py, which the
services enforce as well. Matters (R15, R5) have their own app.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, refusal_shown
from partnerships import permissions
from projects import access, exports, forms, gates, overview, selectors, services
from projects.models import ParticipationDecision, Portfolio, Project, Stage

PAGE_SIZE = 25


# --- Access helpers (one per kind of object) ---------------------------------------


def _require_read(user, partnership) -> None:
    """Read access to the partnership; 403 for PKS members, 404 for anybody else outside."""
    if permissions.has_perm(user, "read_partnership", partnership):
        return
    if permissions.has_perm(user, "read_published_reports", partnership):
        raise PermissionDenied
    raise Http404("not found")


def _get_portfolio_for_user(user, pk, *, may=None) -> Portfolio:
    """The portfolio if the user may read its partnership; `may(user, portfolio)` is the
    right the page needs (403 without it)."""
    portfolio = (
        Portfolio.objects.select_related("tactical_group__partnership").filter(pk=pk).first()
    )
    if portfolio is None:
        raise Http404("not found")
    _require_read(user, portfolio.tactical_group.partnership)
    if may is not None and not may(user, portfolio):
        raise PermissionDenied
    return portfolio


def _get_project_for_user(user, pk, *, may=None, for_detail: bool = False) -> Project:
    """The project if the user may read its partnership or leads it; `may(user, project)`
    is the right the page needs (403 without it).

    `for_detail`: load it with everything the project page shows, in the same lookup.
    """
    if for_detail:
        project = selectors.project_for_detail(pk=pk)
    else:
        project = (
            Project.objects.select_related("portfolio__tactical_group__partnership", "stage")
            .filter(pk=pk)
            .first()
        )
    if project is None:
        raise Http404("not found")
    if project.lead_id != user.pk:
        _require_read(user, project.portfolio.tactical_group.partnership)
    if may is not None and not may(user, project):
        raise PermissionDenied
    return project


def _get_staff_partnership_for_user(user):
    """The partnership whose stage model the user keeps (staff, R11); else 403."""
    partnership = (
        permissions.partnerships_for_user(user, "manage_partnership").order_by("name").first()
    )
    if partnership is None:
        raise PermissionDenied
    return partnership


def _get_stage_for_user(user, pk) -> Stage:
    """A stage of the user's partnership, for staff; non-staff get 403 before any lookup."""
    partnership = _get_staff_partnership_for_user(user)
    stage = Stage.objects.filter(pk=pk, partnership=partnership).first()
    if stage is None:
        raise Http404("not found")
    return stage


def _may_edit(user, project) -> bool:
    return access.may_edit(user, project.portfolio)


def _domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, refusal_shown(error))


# --- Portfolios -----------------------------------------------------------------------


@login_required
def portfolio_list(request):
    """The portfolios of the tactical groups, one per group (R10)."""
    portfolios = list(selectors.portfolios_for_user(user=request.user))
    if not portfolios and not permissions.partnerships_for_user(request.user).exists():
        raise PermissionDenied
    editable = set(
        permissions.bodies_with_perm(request.user, "edit_portfolio").values_list("pk", flat=True)
    )
    return render(
        request,
        "projects/portfolio_list.html",
        {"portfolios": portfolios, "editable": editable},
    )


def _overview(request, portfolio):
    """The filter form and the filtered projects; the stages (with their counts) and the
    members are read once here and serve the form, the stage links and the rows."""
    stages = overview.portfolio_stage_counts(portfolio=portfolio)
    members = list(portfolio.tactical_group.partnership.members.order_by("code"))
    form = forms.OverviewFilterForm(request.GET, stages=stages, municipalities=members)
    filters = form.filters()
    projects = overview.portfolio_projects(portfolio=portfolio, **filters)
    return form, projects, stages, members, overview.counted_projects(stages, **filters)


@login_required
def portfolio_detail(request, pk):
    """The portfolio overview: ongoing projects by stage (ended ones by choice),
    participants, common-funds status."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    form, projects, stages, members, count = _overview(request, portfolio)
    paginator = Paginator(projects, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known from the stage counts: no COUNT query
    page = paginator.get_page(request.GET.get("sida"))
    partnership = portfolio.tactical_group.partnership
    rows = overview.project_rows(page.object_list, partnership=partnership, members=members)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "projects/portfolio_detail.html",
        {
            "portfolio": portfolio,
            "form": form,
            "filtered": bool(query),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_edit": access.may_edit(request.user, portfolio),
            "stage_counts": stages,
            "project_total": sum(stage.n for stage in stages),
        },
    )


@login_required
def portfolio_export_csv(request, pk):
    """The overview (with its filters) as CSV, UTF-8 with BOM and semicolons for Excel."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    _form, projects, _stages, members, _count = _overview(request, portfolio)
    return exports.portfolio_csv(portfolio, projects, members=members)


@login_required
def portfolio_export_xlsx(request, pk):
    """The overview (with its filters) as an Excel workbook; amounts stay numbers."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    _form, projects, _stages, members, _count = _overview(request, portfolio)
    return exports.portfolio_xlsx(portfolio, projects, members=members)


# --- Projects ---------------------------------------------------------------------------


@login_required
def project_create(request, pk):
    """A tactical group member adds a project to the group's portfolio (R10)."""
    portfolio = _get_portfolio_for_user(request.user, pk, may=access.may_edit)
    partnership = portfolio.tactical_group.partnership
    form = forms.ProjectForm(request.POST or None, partnership=partnership, portfolio=portfolio)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, portfolio=portfolio, **form.cleaned_data
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The project was created in the idea stage."))
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "portfolio": portfolio})


@login_required
def project_edit(request, pk):
    """The owning tactical group edits the project's core fields (R10)."""
    project = _get_project_for_user(request.user, pk, may=_may_edit)
    form = forms.ProjectForm(
        request.POST or None, instance=project, partnership=project.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("projects:project_detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "portfolio": project.portfolio, "project": project},
    )


@login_required
def project_detail(request, pk):
    """The project with participation, gate decisions, requests and statuses (R17)."""
    project = _get_project_for_user(request.user, pk, for_detail=True)
    partnership = project.portfolio.tactical_group.partnership
    members = list(partnership.members.order_by("code"))
    decides_for = list(permissions.municipalities_decided_by(request.user))
    row = selectors.project_row(project, len(members))
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "row": row,
            "participation": selectors.participation_table(project, members),
            "can_edit": _may_edit(request.user, project),
            "can_gate": access.may_gate(request.user, project),
            "can_participate": access.may_record_participation(request.user, partnership),
            "can_report_status": access.may_report_status(request.user, project),
            "awaiting": _awaiting_own_decision(project, decides_for, members),
        },
    )


def _awaiting_own_decision(project, decides_for, members) -> list:
    """(matter, municipality) for each ready request that awaits the user's municipality:
    the project page then offers the decision, as the inbox does. Uses the prefetched rows."""
    member_ids = {m.pk for m in members}
    own = sorted((m for m in decides_for if m.pk in member_ids), key=lambda m: m.code)
    awaiting = []
    for matter in project.all_matters:
        if not (matter.is_pending and matter.is_ready):
            continue
        decided = {d.municipality_id for d in matter.decision_rows}
        awaiting += [(matter, m) for m in own if m.pk not in decided]
    return awaiting


@login_required
def project_gate(request, pk):
    """The owning tactical group's chair records a gate decision (R14, R13, R16)."""
    project = _get_project_for_user(request.user, pk, may=access.may_gate)
    form = forms.GateForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            gate = gates.project_move_stage(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request,
                _("The project moved to the stage “%(stage)s”.") % {"stage": gate.to_stage.name},
            )
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_gate.html", {"form": form, "project": project})


@login_required
def project_participation(request, pk):
    """A socialchef decides their municipality's participation; staff record a committee's."""
    project = _get_project_for_user(
        request.user, pk, may=lambda user, p: access.may_record_participation(user, p.partnership)
    )
    partnership = project.partnership
    staff = access.may_manage(request.user, partnership)
    own = permissions.municipalities_decided_by(request.user).filter(partnerships=partnership)
    municipalities = partnership.members.order_by("code") if staff else own.order_by("code")
    form = forms.ParticipationForm(
        request.POST or None,
        municipalities=municipalities,
        committee_required=staff and not own.exists(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_decide(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The decision on participation was recorded."))
            return redirect("projects:project_detail", project.pk)
    return render(
        request, "projects/project_participation.html", {"form": form, "project": project}
    )


def _own_municipalities(user, partnership):
    """The member municipalities the user decides for (socialchef or deputy)."""
    return permissions.municipalities_decided_by(user).filter(partnerships=partnership)


@login_required
def participation_confirm(request, pk):
    """One tap from "Att besluta": join or decline for one's own municipality, after a
    confirmation step (R12); back to the inbox with the new tally."""
    project = _get_project_for_user(
        request.user, pk, may=lambda user, p: _own_municipalities(user, p.partnership).exists()
    )
    own = _own_municipalities(request.user, project.partnership).order_by("code")
    initial = {
        "municipality": request.GET.get("kommun"),
        "status": request.GET.get("beslut", ParticipationDecision.Status.JOINED),
    }
    form = forms.ParticipationConfirmForm(
        request.POST if request.method == "POST" else None, initial=initial, municipalities=own
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_decide(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _participation_message(project, form.cleaned_data))
            return redirect("matters:inbox")
    status = form["status"].value()
    if status not in ParticipationDecision.Status.values:
        status = ParticipationDecision.Status.JOINED
    return render(
        request,
        "projects/participation_confirm.html",
        {"form": form, "project": project, "status": status, "own": list(own)},
    )


def _participation_message(project, data):
    """Names the project and the municipality, links to it and gives the new tally."""
    joined, members = selectors.participation_tally(project=project)
    if data["status"] == ParticipationDecision.Status.JOINED:
        text = _("%(municipality)s joins “%(title)s”.")
    else:
        text = _("%(municipality)s declines “%(title)s”.")
    counts = _("%(joined)s of %(total)s have joined.") % {"joined": joined, "total": members}
    return format_html(
        '{} {} <a href="{}">{}</a>',
        text % {"municipality": data["municipality"].name, "title": project.title},
        counts,
        reverse("projects:project_detail", args=[project.pk]),
        _("Open the project"),
    )


@login_required
def funds_request_create(request, pk):
    """The owning tactical group asks for common funds (R15)."""
    project = _get_project_for_user(request.user, pk, may=_may_edit)
    initial = {"amount": project.requested_funds or None}
    form = forms.FundsRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.funds_request_create(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request,
                _("The request was created. The preparation group prepares it for decision."),
            )
            return redirect("matters:matter_detail", matter.pk)
    return render(request, "projects/funds_request_form.html", {"form": form, "project": project})


@login_required
def project_status(request, pk):
    """The project lead (or the owning tactical group) reports the quarter's status;
    earlier statuses stay."""
    project = _get_project_for_user(request.user, pk, may=access.may_report_status)
    form = forms.StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_report_status(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The status was saved."))
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_status.html", {"form": form, "project": project})


# --- Stages (R11) -------------------------------------------------------------------------


@login_required
def stage_list(request):
    """The stage model; staff edit it (R11). Reading it writes nothing: a partnership
    without stages shows an empty state that offers the default model."""
    partnership = _get_staff_partnership_for_user(request.user)
    stages = selectors.stages_for(partnership=partnership)
    return render(request, "projects/stage_list.html", {"stages": stages})


@login_required
@require_POST
def stage_defaults(request):
    """Staff create the default stage model (R11) for a partnership without stages."""
    partnership = _get_staff_partnership_for_user(request.user)
    services.stages_ensure_default(actor=request.user, partnership=partnership)
    messages.success(request, _("The default stage model was created."))
    return redirect("projects:stage_list")


@login_required
def stage_edit(request, pk=None):
    """Staff add or change a stage (R11)."""
    partnership = _get_staff_partnership_for_user(request.user)
    stage = None if pk is None else _get_stage_for_user(request.user, pk)
    form = forms.StageForm(request.POST or None, instance=stage or Stage(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        try:
            if stage is None:
                services.stage_create(
                    actor=request.user, partnership=partnership, **form.cleaned_data
                )
            else:
                services.stage_update(actor=request.user, stage=stage, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The stage was saved."))
            return redirect("projects:stage_list")
    return render(request, "projects/stage_form.html", {"form": form, "stage": stage})
