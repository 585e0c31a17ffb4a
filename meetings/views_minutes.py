"""The minutes in the browser: record §, complete, adjust with a confirm step, PDFs (R52-R56)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import documents
from core.errors import DomainError, refusal_shown
from meetings import access, forms, minutes, pdf
from meetings.models import Adjustment, AgendaItem, MinutesVersion, Paragraph
from meetings.views import _domain_error, _post_action, file_stem, pdf_response


def _paragraph_for_staff(user, pk) -> Paragraph:
    paragraph = get_object_or_404(Paragraph.objects.select_related("meeting__body"), pk=pk)
    access.get_meeting_for_user(user, paragraph.meeting_id, prepare=True)
    return paragraph


@login_required
def paragraph_record(request, pk):
    """Record a § for an agenda item (or a § of its own); the number is given on saving (R52)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    item_pk = request.GET.get("punkt", "")
    item = (
        AgendaItem.objects.filter(meeting=meeting, pk=int(item_pk)).first()
        if item_pk.isdigit()
        else None
    )
    initial = (
        {"title": item.title, "presenters": item.presenters, "decision": item.proposed_decision}
        if item
        else {}
    )
    data = request.POST if request.method == "POST" else None
    follow_up = item is not None and item.assignment_id is not None
    form_class = forms.FollowUpParagraphForm if follow_up else forms.ParagraphForm
    form = form_class(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        done = fields.pop("assignment_done", False)
        try:
            with transaction.atomic():
                paragraph = minutes.paragraph_record(
                    actor=request.user, meeting=meeting, item=item, **fields
                )
                if done:
                    minutes.assignment_report_done(
                        actor=request.user, assignment=item.assignment, paragraph=paragraph
                    )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("§ %(n)s was recorded.") % {"n": paragraph.number})
            return redirect(f"{meeting.get_absolute_url()}#p{paragraph.number}")
    title = _("Record a paragraph") + (f": {item.title}" if item else "")
    return render(
        request, "meetings/form_page.html", {"form": form, "meeting": meeting, "title": title}
    )


@login_required
def paragraph_edit(request, pk):
    """Change a § before the minutes are adjusted; earlier adjustments are voided (R55)."""
    paragraph = _paragraph_for_staff(request.user, pk)
    initial = {name: getattr(paragraph, name) for name in minutes.PARAGRAPH_FIELDS}
    data = request.POST if request.method == "POST" else None
    form = forms.ParagraphForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            minutes.paragraph_update(actor=request.user, paragraph=paragraph, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("§ %(n)s was saved.") % {"n": paragraph.number})
            return redirect(f"{paragraph.meeting.get_absolute_url()}#p{paragraph.number}")
    return render(
        request,
        "meetings/form_page.html",
        {
            "form": form,
            "meeting": paragraph.meeting,
            "title": f"§ {paragraph.number} {paragraph.title}",
            "warning": (
                _("The minutes are complete: saving a change voids the adjustments made so far.")
                if paragraph.meeting.minutes_completed_at
                else ""
            ),
        },
    )


@login_required
def assignment_add(request, pk):
    """A § gives an assignment with owner and due date (R53)."""
    paragraph = _paragraph_for_staff(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = forms.AssignmentForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            minutes.assignment_add(actor=request.user, paragraph=paragraph, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The assignment was recorded."))
            return redirect(f"{paragraph.meeting.get_absolute_url()}#p{paragraph.number}")
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "meeting": paragraph.meeting, "title": _("New assignment")},
    )


@login_required
@require_POST
def minutes_complete(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    return _post_action(
        request,
        meeting.pk,
        lambda: minutes.minutes_complete(actor=request.user, meeting=meeting),
        _("The minutes are complete. The chair and the adjusters were asked to adjust them."),
    )


@login_required
def adjust(request, pk):
    """The chair or an adjuster adjusts the minutes as they stand, after confirming (R55)."""
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.may_adjust(request.user, meeting):
        raise PermissionDenied
    if meeting.minutes_completed_at is None or meeting.is_frozen:
        messages.info(request, _("There is nothing to adjust right now."))
        return redirect("meetings:meeting", meeting.pk)
    data = request.POST if request.method == "POST" else None
    form = forms.AdjustForm(data, initial={"sha256": meeting.review_sha256})
    if request.method == "POST" and form.is_valid():
        try:
            minutes.minutes_adjust(
                actor=request.user, meeting=meeting, sha256=form.cleaned_data["sha256"]
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("You have adjusted the minutes."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/adjust.html",
        {
            "form": form,
            "meeting": meeting,
            "role_name": Adjustment.Role(access.adjuster_role(request.user, meeting)).label.lower(),
        },
    )


def _frozen_version(request, meeting) -> MinutesVersion:
    """The newest frozen version of adjusted minutes, or ?version=N; 404 when there is none."""
    versions = meeting.minutes_versions.order_by("-number")
    number = request.GET.get("version", "")
    version = versions.filter(number=int(number)).first() if number.isdigit() else versions.first()
    if version is None:
        raise Http404("not found")
    return version


@login_required
def minutes_pdf(request, pk):
    """The minutes as PDF: the frozen version once adjusted (?version=N for older ones);
    before that the minutes to adjust, or a draft marked UTKAST for the office (R55)."""
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.may_read_minutes(request.user, meeting):
        raise Http404("not found")
    stem = f"protokoll-{file_stem(meeting)}"
    if meeting.is_frozen:
        version = _frozen_version(request, meeting)
        data = bytes(version.pdf)
        if not version.checksum_ok(data):
            raise Http404("not found")
        return pdf_response(data, f"{stem}-v{version.number}.pdf")
    if meeting.minutes_completed_at is not None:
        return pdf_response(bytes(meeting.review_pdf), f"{stem}-att-justera.pdf")
    return pdf_response(pdf.render_minutes(meeting, draft=True), f"{stem}-utkast.pdf")


@login_required
def minutes_web(request, pk):
    """The web twin of adjusted minutes (issue 15): the frozen content of the PDF as a page,
    for the same readers as the PDF (404 otherwise and before the minutes are adjusted)."""
    meeting = access.get_meeting_for_user(request.user, pk)
    if not meeting.is_frozen or not access.may_read_minutes(request.user, meeting):
        raise Http404("not found")
    version = _frozen_version(request, meeting)
    if not version.has_web_twin:
        raise Http404("no web version")
    try:
        twin = minutes.minutes_web_twin(actor=request.user, version=version)
    except documents.TwinChecksumMismatch as error:
        return render(
            request,
            "meetings/twin_refused.html",
            {"meeting": meeting, "message": refusal_shown(error)},
            status=500,
        )
    return documents.twin_page(
        request,
        twin=twin,
        number=version.number,
        published_at=version.frozen_at,
        title=f"{_('Minutes')} – {meeting.body.name} {meeting.date:%Y-%m-%d}",
        back_url=reverse("meetings:meeting", args=[meeting.pk]),
        back_label=str(meeting),
        pdf_url=f"{reverse('meetings:minutes_pdf', args=[meeting.pk])}?version={version.number}",
        pdf_name=f"protokoll-{file_stem(meeting)}-v{version.number}.pdf",
    )


@login_required
def extract_pdf(request, pk):
    """An extract (protokollsutdrag) of one §, with the adjustments it carries."""
    paragraph = get_object_or_404(Paragraph.objects.select_related("meeting__body"), pk=pk)
    meeting = access.get_meeting_for_user(request.user, paragraph.meeting_id)
    if not access.may_read_minutes(request.user, meeting):
        raise Http404("not found")
    signatures = list(minutes.valid_adjustments(meeting)) if meeting.is_frozen else []
    data = pdf.render_extract(
        meeting, paragraph, draft=not meeting.is_frozen, signatures=signatures
    )
    return pdf_response(data, f"protokollsutdrag-{file_stem(meeting)}-p{paragraph.number}.pdf")


@login_required
def notice(request, pk):
    """The date the adjusted minutes were posted (anslag, R56)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    data = request.POST if request.method == "POST" else None
    form = forms.NoticeForm(data, initial={"notice_date": meeting.notice_date})
    if request.method == "POST" and form.is_valid():
        try:
            minutes.notice_set(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, refusal_shown(error))
        else:
            messages.success(request, _("The notice date was saved."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "meeting": meeting, "title": _("Notice of the adjusted minutes")},
    )
