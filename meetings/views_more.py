"""More meeting pages: link a § to objects (R54), refer a § to another body's agenda
(R54), cancel a meeting (R50) and correct adjusted minutes (R55).

Thin views: they fetch through `meetings.access` (404/403), bind a form and call a
service of `meetings.links` or `meetings.minutes`, which guard the actor themselves.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from meetings import access, forms_more, linkables, links, minutes, services
from meetings.models import Meeting, ParagraphLink
from meetings.views import _domain_error
from meetings.views_minutes import _paragraph_for_staff
from partnerships.models import Body


def _paragraph_url(paragraph) -> str:
    return f"{paragraph.meeting.get_absolute_url()}#p{paragraph.number}"


@login_required
def paragraph_links(request, pk):
    """The objects a § concerns, and a select per kind to add one (R54)."""
    paragraph = _paragraph_for_staff(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = forms_more.LinkForm(data, kinds=linkables.kinds())
    if request.method == "POST" and form.is_valid():
        try:
            link = links.link_add(
                actor=request.user,
                paragraph=paragraph,
                kind_key=form.cleaned_data["kind"],
                object_id=form.cleaned_data["object"],
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request,
                _("§ %(n)s now concerns %(label)s.") % {"n": paragraph.number, "label": link.label},
            )
            return redirect("meetings:paragraph_links", paragraph.pk)
    kinds = [(kind, linkables.choices_for(request.user, kind)) for kind in linkables.kinds()]
    return render(
        request,
        "meetings/paragraph_links.html",
        {
            "paragraph": paragraph,
            "meeting": paragraph.meeting,
            "links": paragraph.links.order_by("label"),
            "kinds": kinds,
            "form": form,
        },
    )


@login_required
@require_POST
def link_remove(request, pk):
    link = get_object_or_404(ParagraphLink.objects.select_related("paragraph"), pk=pk)
    paragraph = _paragraph_for_staff(request.user, link.paragraph_id)
    links.link_remove(actor=request.user, link=link)
    messages.success(request, _("The link was removed."))
    return redirect("meetings:paragraph_links", paragraph.pk)


@login_required
def paragraph_refer(request, pk):
    """Refer a § to another body's agenda: its next meeting or a chosen one (R54)."""
    paragraph = _paragraph_for_staff(request.user, pk)
    bodies = Body.objects.filter(
        pk__in=[
            b.pk
            for b in access.visible_bodies(request.user)
            if b.pk != paragraph.body_id and access.may_prepare(request.user, b)
        ]
    ).order_by("name")
    meetings = (
        Meeting.objects.filter(pk__in=[m.pk for b in bodies for m in links.upcoming_meetings(b)])
        .select_related("body")
        .order_by("date")
    )
    data = request.POST if request.method == "POST" else None
    form = forms_more.ReferralForm(
        data, bodies=bodies, meetings=meetings, initial={"title": paragraph.title}
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        meeting_pk = fields.pop("to_meeting")
        fields["to_meeting"] = meetings.filter(pk=int(meeting_pk)).first() if meeting_pk else None
        try:
            links.refer(actor=request.user, paragraph=paragraph, **fields)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The matter was referred."))
            return redirect(_paragraph_url(paragraph))
    return render(
        request,
        "meetings/form_page.html",
        {
            "form": form,
            "meeting": paragraph.meeting,
            "title": _("Refer § %(n)s to another body") % {"n": paragraph.number},
        },
    )


@login_required
def meeting_cancel(request, pk):
    """Cancel a meeting after confirming (R50); a meeting with minutes cannot be."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    data = request.POST if request.method == "POST" else None
    form = forms_more.ConfirmForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The meeting was cancelled."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/confirm_page.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("Cancel the meeting"),
            "explanation": _(
                "The meeting is marked as cancelled and can no longer be changed. "
                "The agenda and the attendance are kept. "
                "A meeting that already has paragraphs in its minutes cannot be cancelled."
            ),
            "submit": _("Cancel the meeting"),
        },
    )


@login_required
def minutes_correct(request, pk):
    """Correct adjusted minutes: a new version with its reason, never in place (R55)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    paragraphs = meeting.paragraphs.order_by("number")
    data = request.POST if request.method == "POST" else None
    form = forms_more.CorrectionForm(data, paragraphs=paragraphs)
    if request.method == "POST" and form.is_valid():
        fields = {"reason": form.cleaned_data["reason"]}
        paragraph_pk = form.cleaned_data["paragraph"]
        paragraph = paragraphs.filter(pk=paragraph_pk).first() if paragraph_pk else None
        if paragraph is not None and form.cleaned_data["decision"].strip():
            fields["paragraph"] = paragraph
            fields["decision"] = form.cleaned_data["decision"]
        try:
            version = minutes.minutes_correct(actor=request.user, meeting=meeting, **fields)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("The minutes were corrected as version %(n)s.") % {"n": version.number}
            )
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/confirm_page.html",
        {
            "form": form,
            "meeting": meeting,
            "title": _("Correct the adjusted minutes"),
            "explanation": _(
                "A correction never changes the adjusted minutes in place: it is stored as a "
                "new version with its reason, and the earlier versions are kept. The new "
                "version carries the adjustments already made; the chair and the adjusters "
                "are not asked to adjust again. Members see the new version and the reason."
            ),
            "submit": _("Store the correction"),
        },
    )
