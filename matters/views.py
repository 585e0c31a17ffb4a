"""The inbox "Att besluta" and the matter pages in the browser (R15, R5).

Views fetch through the helpers below (404 where existence must not leak, 403
when the user may read but not act), bind a form, call a service and redirect
with a message. Who may act is decided in matters/access.py, which the
services enforce as well.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, refusal_shown
from matters import access, forms, selectors, services
from matters.models import Matter
from partnerships import permissions

PAGE_SIZE = 25


# --- Access helpers (one per kind of object) ---------------------------------------


def _get_matter_for_user(user, pk, *, may=None) -> Matter:
    """The matter if the user may read its partnership (404 outside it, 403 for PKS
    members); `may(user, matter)` is the right the page needs, 403 without it."""
    matter = (
        Matter.objects.select_related("partnership", "project__portfolio__tactical_group")
        .filter(pk=pk)
        .first()
    )
    if matter is None:
        raise Http404("not found")
    if not access.may_read(user, matter.partnership):
        if permissions.has_perm(user, "read_published_reports", matter.partnership):
            raise PermissionDenied
        raise Http404("not found")
    if may is not None and not may(user, matter):
        raise PermissionDenied
    return matter


def _get_partnership_for_user(user, codenames):
    """The (single) partnership where the user holds one of the permissions; else 403."""
    for codename in codenames:
        partnership = permissions.partnerships_for_user(user, codename).order_by("name").first()
        if partnership is not None:
            return partnership
    raise PermissionDenied


def _own_municipalities(user, partnership):
    """The member municipalities the user decides for (socialchef or deputy)."""
    return permissions.municipalities_decided_by(user).filter(partnerships=partnership)


def _domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, refusal_shown(error))


# --- The inbox "Att besluta" (R15, R5) ------------------------------------------------------


@login_required
def inbox(request):
    """Everything that awaits the user's municipality's decision, oldest due first."""
    municipalities = list(permissions.municipalities_decided_by(request.user).order_by("code"))
    if not municipalities:
        raise PermissionDenied
    items = selectors.inbox_items(user=request.user, municipalities=municipalities)
    others = selectors.other_inbox_items(municipalities=municipalities)
    return render(request, "matters/inbox.html", {"items": items, "others": others})


@login_required
def inbox_history(request):
    """Decisions already made for the user's municipalities, newest first."""
    if not permissions.municipalities_decided_by(request.user).exists():
        raise PermissionDenied
    page = Paginator(selectors.decision_history(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(request, "matters/inbox_history.html", {"page": page})


@login_required
def matter_decide(request, pk):
    """Approve or reject for one's municipality, after a confirmation step (R15, R5)."""
    matter = _get_matter_for_user(
        request.user, pk, may=lambda user, m: _own_municipalities(user, m.partnership).exists()
    )
    if request.method == "GET" and not matter.is_pending:
        messages.info(request, _("The matter is no longer open for decisions."))
        return redirect("matters:matter_detail", matter.pk)
    data = request.POST if request.method == "POST" else None
    initial = {
        "municipality": request.GET.get("kommun"),
        "verdict": request.GET.get("beslut", "approve"),
    }
    own = _own_municipalities(request.user, matter.partnership).order_by("code")
    form = forms.DecideForm(data, initial=initial, municipalities=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_decide(actor=request.user, matter=matter, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _decided_message(matter, form.cleaned_data["verdict"]))
            return redirect("matters:inbox")
    verdict = form["verdict"].value()
    if verdict not in ("approve", "reject"):
        verdict = "approve"
    return render(
        request,
        "matters/matter_decide.html",
        {"form": form, "matter": matter, "verdict": verdict},
    )


def _decided_message(matter, verdict: str):
    """Names the matter, links to it and gives the new tally (the inbox shows it)."""
    tally = selectors.approval_tally(matter=matter)
    if verdict == "approve":
        text = _("Your approval of “%(title)s” was recorded.")
    else:
        text = _("Your rejection of “%(title)s” was recorded.")
    counts = _("%(approved)s of %(total)s have approved.") % {
        "approved": tally.approved,
        "total": tally.member_count,
    }
    return format_html(
        '{} {} <a href="{}">{}</a>',
        text % {"title": matter.title},
        counts,
        reverse("matters:matter_detail", args=[matter.pk]),
        _("Open the matter"),
    )


def moved(request, rest, to):
    """The inbox and the matters lived under /projekt/ once: old links and bookmarks
    answer with a permanent redirect to the same page at its new address (308 for a
    form posted from a page loaded before the move, so the browser posts it again)."""
    target = reverse(to) + quote(rest)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    keep_method = request.method not in ("GET", "HEAD")
    return HttpResponsePermanentRedirect(target, preserve_request=keep_method)


# --- Matters ----------------------------------------------------------------------------------


@login_required
def matter_list(request):
    """All matters of the partnership with their state; for staff and the preparation group."""
    partnership = _get_partnership_for_user(
        request.user, ("manage_partnership", "prepare_matters", "read_partnership")
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
        "matters/matter_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Matter.Status.choices,
            "members": selectors.member_count(partnership),
            "can_create": access.may_create_consensus(request.user, partnership),
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
    own = list(_own_municipalities(request.user, partnership))
    return render(
        request,
        "matters/matter_detail.html",
        {
            "matter": matter,
            "decisions": decisions,
            "missing": missing,
            "member_count": len(members),
            "own_missing": [m for m in missing if m in own],
            "can_prepare": access.may_prepare(request.user, partnership),
            "is_staff": access.may_record_committee(request.user, partnership),
            "can_withdraw": access.may_withdraw(request.user, matter),
            "due_form": forms.DueDateForm(initial={"due_date": matter.due_date}),
            "comment_form": forms.CommentForm(),
        },
    )


def _prepare_action(request, pk, form_class, action):
    matter = _get_matter_for_user(
        request.user, pk, may=lambda user, m: access.may_prepare(user, m.partnership)
    )
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(matter, form.cleaned_data)
        except DomainError as error:
            messages.error(request, refusal_shown(error))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("matters:matter_detail", matter.pk)


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
    matter = _get_matter_for_user(
        request.user, pk, may=lambda user, m: access.may_record_committee(user, m.partnership)
    )
    decided = matter.decisions.values("municipality_id")
    municipalities = matter.partnership.members.exclude(pk__in=decided).order_by("code")
    form = forms.CommitteeDecisionForm(
        request.POST or None,
        request.FILES or None,
        municipalities=municipalities,
        paragraphs=services.decision_paragraphs(matter.partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.matter_decide(actor=request.user, matter=matter, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The committee decision was recorded."))
            return redirect("matters:matter_detail", matter.pk)
    return render(request, "matters/matter_committee.html", {"form": form, "matter": matter})


@login_required
def matter_withdraw(request, pk):
    """Withdraw a pending matter, after a confirmation step (R15)."""
    matter = _get_matter_for_user(request.user, pk, may=access.may_withdraw)
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
            return redirect("matters:matter_detail", matter.pk)
    return render(request, "matters/matter_withdraw.html", {"form": form, "matter": matter})


@login_required
def consensus_create(request):
    """Staff or the preparation group put a consensus decision to the steering group (R5)."""
    partnership = _get_partnership_for_user(request.user, ("prepare_matters", "manage_partnership"))
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
            return redirect("matters:matter_detail", matter.pk)
    return render(request, "matters/consensus_form.html", {"form": form})
