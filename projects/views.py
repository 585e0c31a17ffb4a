"""Projects, portfolios, gate decisions and approvals in the browser (R5, R10-R17).

Views fetch through the helpers below (404 where existence must not leak, 403
otherwise), bind a form, call a service and redirect with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.pagecache import cached_page
from partnerships import permissions
from projects import exports, forms, selectors, services
from projects.models import Matter, Portfolio, Project, Stage

PAGE_SIZE = 25


# --- Access helpers (one per kind of object) ---------------------------------------


def _require_read(user, partnership) -> None:
    """Read access to the partnership; 403 for PKS members, 404 for anybody else outside."""
    if permissions.has_perm(user, "read_partnership", partnership):
        return
    if permissions.has_perm(user, "read_published_reports", partnership):
        raise PermissionDenied
    raise Http404("not found")


def _get_portfolio_for_user(user, pk) -> Portfolio:
    portfolio = (
        Portfolio.objects.select_related("tactical_group__partnership").filter(pk=pk).first()
    )
    if portfolio is None:
        raise Http404("not found")
    _require_read(user, portfolio.tactical_group.partnership)
    return portfolio


def _get_project_for_user(user, pk, *, for_detail: bool = False) -> Project:
    """The project if the user may read its partnership or leads it.

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
    return project


def _get_matter_for_user(user, pk) -> Matter:
    matter = (
        Matter.objects.select_related("partnership", "project__portfolio").filter(pk=pk).first()
    )
    if matter is None:
        raise Http404("not found")
    _require_read(user, matter.partnership)
    return matter


def _can_edit(user, project_or_portfolio) -> bool:
    portfolio = getattr(project_or_portfolio, "portfolio", project_or_portfolio)
    return permissions.has_perm(user, "edit_portfolio", portfolio.tactical_group)


def _can_prepare(user, partnership) -> bool:
    return permissions.has_perm(user, "prepare_matters", partnership)


def _is_staff(user, partnership) -> bool:
    return permissions.has_perm(user, "manage_partnership", partnership)


def _can_withdraw(user, matter) -> bool:
    """Who asked may withdraw: the owning tactical group for funds requests; staff, preparers."""
    if _is_staff(user, matter.partnership) or _can_prepare(user, matter.partnership):
        return True
    return bool(matter.project_id) and _can_edit(user, matter.project)


def _domain_error(form, error: DomainError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


# --- Portfolios -----------------------------------------------------------------------


@login_required
@cached_page
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
    partnership = portfolio.tactical_group.partnership
    stages = selectors.stages_for(partnership=partnership)
    municipalities = partnership.members.order_by("code")
    form = forms.OverviewFilterForm(
        request.GET or None, stages=stages, municipalities=municipalities
    )
    stage = municipality = None
    if form.is_bound and form.is_valid():
        stage = form.cleaned_data["stage"]
        municipality = form.cleaned_data["municipality"]
    projects = selectors.portfolio_projects(
        portfolio=portfolio, stage=stage, municipality=municipality
    )
    return form, projects, partnership


@login_required
@cached_page
def portfolio_detail(request, pk):
    """The portfolio overview: projects by stage, participants, common-funds status."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    form, projects, partnership = _overview(request, portfolio)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("sida"))
    rows = selectors.project_rows(page.object_list, partnership=partnership)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "projects/portfolio_detail.html",
        {
            "portfolio": portfolio,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_edit": _can_edit(request.user, portfolio),
            "stage_counts": selectors.portfolio_stage_counts(portfolio=portfolio),
        },
    )


@login_required
def portfolio_export_csv(request, pk):
    """The overview (with its filters) as CSV, UTF-8 with BOM and semicolons for Excel."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    _form, projects, partnership = _overview(request, portfolio)
    return exports.portfolio_csv(portfolio, projects, partnership=partnership)


@login_required
def portfolio_export_xlsx(request, pk):
    """The overview (with its filters) as an Excel workbook; amounts stay numbers."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    _form, projects, partnership = _overview(request, portfolio)
    return exports.portfolio_xlsx(portfolio, projects, partnership=partnership)


# --- Projects ---------------------------------------------------------------------------


@login_required
def project_create(request, pk):
    """A tactical group member adds a project to the group's portfolio (R10)."""
    portfolio = _get_portfolio_for_user(request.user, pk)
    if not _can_edit(request.user, portfolio):
        raise PermissionDenied
    partnership = portfolio.tactical_group.partnership
    form = forms.ProjectForm(request.POST or None, partnership=partnership)
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
    project = _get_project_for_user(request.user, pk)
    if not _can_edit(request.user, project):
        raise PermissionDenied
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
@cached_page
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
            "can_edit": _can_edit(request.user, project),
            "can_gate": permissions.has_perm(
                request.user, "decide_gate", project.portfolio.tactical_group
            ),
            "can_participate": bool(decides_for) or _is_staff(request.user, partnership),
            "is_lead": project.lead_id == request.user.pk,
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
        decided = {d.municipality_id for d in matter.decisions.all()}
        awaiting += [(matter, m) for m in own if m.pk not in decided]
    return awaiting


@login_required
def project_gate(request, pk):
    """The owning tactical group's chair records a gate decision (R14, R13, R16)."""
    project = _get_project_for_user(request.user, pk)
    if not permissions.has_perm(request.user, "decide_gate", project.portfolio.tactical_group):
        raise PermissionDenied
    form = forms.GateForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            gate = services.project_move_stage(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("The project moved to the stage “%s”.") % gate.to_stage.name
            )
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_gate.html", {"form": form, "project": project})


@login_required
def project_participation(request, pk):
    """A socialchef decides their municipality's participation; staff record a committee's."""
    project = _get_project_for_user(request.user, pk)
    partnership = project.partnership
    staff = _is_staff(request.user, partnership)
    own = permissions.municipalities_decided_by(request.user).filter(partnerships=partnership)
    municipalities = partnership.members.order_by("code") if staff else own.order_by("code")
    if not staff and not own.exists():
        raise PermissionDenied
    own_ids = set(own.values_list("pk", flat=True))
    form = forms.ParticipationForm(
        request.POST or None,
        municipalities=municipalities,
        committee_required=staff and not own_ids,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["municipality"].pk not in own_ids and not data["committee_reference"]:
            form.add_error(
                "committee_reference",
                _("Staff record a committee's decision: give its reference."),
            )
        else:
            try:
                services.participation_decide(actor=request.user, project=project, **data)
            except DomainError as error:
                _domain_error(form, error)
            else:
                messages.success(request, _("The decision on participation was recorded."))
                return redirect("projects:project_detail", project.pk)
    return render(
        request, "projects/project_participation.html", {"form": form, "project": project}
    )


@login_required
def funds_request_create(request, pk):
    """The owning tactical group asks for common funds (R15)."""
    project = _get_project_for_user(request.user, pk)
    if not _can_edit(request.user, project):
        raise PermissionDenied
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
            return redirect("projects:matter_detail", matter.pk)
    return render(request, "projects/funds_request_form.html", {"form": form, "project": project})


@login_required
def project_status(request, pk):
    """The project lead reports the quarter's status; earlier statuses stay."""
    project = _get_project_for_user(request.user, pk)
    if project.lead_id != request.user.pk:
        raise PermissionDenied
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


# --- The inbox "Att besluta" (R15, R5) ------------------------------------------------------


@login_required
@cached_page
def inbox(request):
    """Everything that awaits the user's municipality's decision, oldest due first."""
    municipalities = list(permissions.municipalities_decided_by(request.user).order_by("code"))
    if not municipalities:
        raise PermissionDenied
    items = selectors.inbox_items(user=request.user, municipalities=municipalities)
    return render(request, "projects/inbox.html", {"items": items})


@login_required
@cached_page
def inbox_history(request):
    """Decisions already made for the user's municipalities, newest first."""
    if not permissions.municipalities_decided_by(request.user).exists():
        raise PermissionDenied
    page = Paginator(selectors.decision_history(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(request, "projects/inbox_history.html", {"page": page})


@login_required
def matter_decide(request, pk):
    """Approve or reject for one's municipality, after a confirmation step (R15, R5)."""
    matter = _get_matter_for_user(request.user, pk)
    own = permissions.municipalities_decided_by(request.user).filter(
        partnerships=matter.partnership
    )
    if not own.exists():
        raise PermissionDenied
    if request.method == "GET" and not matter.is_pending:
        messages.info(request, _("The matter is no longer open for decisions."))
        return redirect("projects:matter_detail", matter.pk)
    data = request.POST if request.method == "POST" else None
    initial = {
        "municipality": request.GET.get("kommun"),
        "verdict": request.GET.get("beslut", "approve"),
    }
    form = forms.DecideForm(data, initial=initial, municipalities=own.order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_decide(actor=request.user, matter=matter, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            if form.cleaned_data["verdict"] == "approve":
                messages.success(request, _("Your approval was recorded."))
            else:
                messages.success(request, _("Your rejection was recorded."))
            return redirect("projects:inbox")
    verdict = form["verdict"].value()
    if verdict not in ("approve", "reject"):
        verdict = "approve"
    return render(
        request,
        "projects/matter_decide.html",
        {"form": form, "matter": matter, "verdict": verdict},
    )


# --- Matters ----------------------------------------------------------------------------------


@login_required
def matter_list(request):
    """All matters of the partnership with their state; for staff and the preparation group."""
    partnership = _managed_partnership(
        request.user, codenames=("manage_partnership", "prepare_matters", "read_partnership")
    )
    status = request.GET.get("status", "")
    if status not in Matter.Status.values:
        status = ""
    page = Paginator(
        selectors.matters_for_partnership(partnership=partnership, status=status or None),
        PAGE_SIZE,
    ).get_page(request.GET.get("sida"))
    return render(
        request,
        "projects/matter_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Matter.Status.choices,
            "members": selectors.member_count(partnership),
            "can_create": _can_prepare(request.user, partnership)
            or _is_staff(request.user, partnership),
        },
    )


@login_required
def matter_detail(request, pk):
    """Who has decided and who is still missing, comments and the preparation tools."""
    matter = _get_matter_for_user(request.user, pk)
    matter = selectors.matter_for_detail(pk=matter.pk)
    partnership = matter.partnership
    members = list(partnership.members.order_by("code"))
    decisions, missing = selectors.matter_board(matter, members)
    own = list(permissions.municipalities_decided_by(request.user).filter(partnerships=partnership))
    own_missing = [m for m in missing if m in own]
    return render(
        request,
        "projects/matter_detail.html",
        {
            "matter": matter,
            "decisions": decisions,
            "missing": missing,
            "member_count": len(members),
            "own_missing": own_missing,
            "can_prepare": _can_prepare(request.user, partnership),
            "is_staff": _is_staff(request.user, partnership),
            "can_withdraw": _can_withdraw(request.user, matter),
            "due_form": forms.DueDateForm(initial={"due_date": matter.due_date}),
            "comment_form": forms.CommentForm(),
        },
    )


def _prepare_action(request, pk, form_class, action):
    matter = _get_matter_for_user(request.user, pk)
    if not _can_prepare(request.user, matter.partnership):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(matter, form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("projects:matter_detail", matter.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("projects:matter_detail", matter.pk)


@login_required
@require_POST
def matter_ready(request, pk):
    """The preparation group marks the matter ready for decision (emails follow)."""

    def action(matter, data):
        services.matter_mark_ready(actor=request.user, matter=matter, due_date=data["due_date"])
        messages.success(
            request, _("The matter is ready for decision. The socialchefer have been emailed.")
        )

    return _prepare_action(request, pk, forms.DueDateForm, action)


@login_required
@require_POST
def matter_due_date(request, pk):
    """The preparation group sets or moves the due date."""

    def action(matter, data):
        services.matter_set_due_date(actor=request.user, matter=matter, due_date=data["due_date"])
        messages.success(request, _("The due date was saved."))

    return _prepare_action(request, pk, forms.DueDateForm, action)


@login_required
@require_POST
def matter_comment(request, pk):
    """The preparation group comments on the matter."""

    def action(matter, data):
        services.matter_comment(actor=request.user, matter=matter, text=data["text"])
        messages.success(request, _("The comment was saved."))

    return _prepare_action(request, pk, forms.CommentForm, action)


@login_required
def matter_committee_decision(request, pk):
    """Staff record a municipality's committee decision with its reference (R15)."""
    matter = _get_matter_for_user(request.user, pk)
    if not _is_staff(request.user, matter.partnership):
        raise PermissionDenied
    decided = matter.decisions.values("municipality_id")
    municipalities = matter.partnership.members.exclude(pk__in=decided).order_by("code")
    form = forms.CommitteeDecisionForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_decide(actor=request.user, matter=matter, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The committee decision was recorded."))
            return redirect("projects:matter_detail", matter.pk)
    return render(request, "projects/matter_committee.html", {"form": form, "matter": matter})


@login_required
def matter_withdraw(request, pk):
    """Withdraw a pending matter, after a confirmation step (R15)."""
    matter = _get_matter_for_user(request.user, pk)
    if not _can_withdraw(request.user, matter):
        raise PermissionDenied
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_withdraw(
                actor=request.user, matter=matter, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The matter was withdrawn."))
            return redirect("projects:matter_detail", matter.pk)
    return render(request, "projects/matter_withdraw.html", {"form": form, "matter": matter})


def _managed_partnership(user, codenames):
    """The (single) partnership where the user holds one of the permissions; else 403."""
    for codename in codenames:
        partnership = permissions.partnerships_for_user(user, codename).order_by("name").first()
        if partnership is not None:
            return partnership
    raise PermissionDenied


@login_required
def consensus_create(request):
    """Staff or the preparation group put a consensus decision to the steering group (R5)."""
    partnership = _managed_partnership(request.user, ("prepare_matters", "manage_partnership"))
    form = forms.ConsensusMatterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.consensus_matter_create(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The matter was created."))
            return redirect("projects:matter_detail", matter.pk)
    return render(request, "projects/consensus_form.html", {"form": form})


# --- Stages (R11) -------------------------------------------------------------------------


@login_required
def stage_list(request):
    """The stage model; staff edit it (R11)."""
    partnership = _managed_partnership(request.user, ("manage_partnership",))
    stages = services.stages_ensure_default(partnership=partnership, actor=request.user)
    return render(request, "projects/stage_list.html", {"stages": stages})


@login_required
def stage_edit(request, pk=None):
    """Staff add or change a stage (R11)."""
    partnership = _managed_partnership(request.user, ("manage_partnership",))
    stage = None
    if pk is not None:
        stage = Stage.objects.filter(pk=pk, partnership=partnership).first()
        if stage is None:
            raise Http404("not found")
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
