"""Meeting pages: the list, a meeting (agenda, minutes, attendance) and the agenda tools.

Views fetch through `access.get_meeting_for_user` (404 where the meeting must not
leak, 403 when the user may see it but not act), bind a form, call a service and
redirect with a message. The minutes' tools are in `meetings.views_minutes`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import attachments as core_attachments
from core.errors import DomainError, refusal_shown
from meetings import access, forms, selectors, services
from meetings.models import AgendaItem, Attendance
from partnerships import permissions
from partnerships.models import Body


def _domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, refusal_shown(error))


def _item_for_staff(user, pk) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    access.get_meeting_for_user(user, item.meeting_id, prepare=True)
    return item


def pdf_response(data: bytes, file_name: str) -> HttpResponse:
    """A PDF as a download: private, never sniffed."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_stem(meeting) -> str:
    slug = meeting.body.slug or "organ"
    return f"{slug}-{meeting.date:%Y-%m-%d}"


@login_required
def meeting_list(request):
    """Per body the user may see: the next meetings, the latest held and a link to all
    of them (R57); the same size however many years of meetings there are."""
    rows = selectors.meeting_overview(request.user, today=permissions.today())
    preparable = any(row.prepares for row in rows)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "rows": [row for row in rows if row.total or row.prepares],
            "can_create": preparable,
            "assignments": selectors.open_assignments() if preparable else [],
        },
    )


ARCHIVE_PAGE_SIZE = 20


@login_required
def body_meetings(request, pk):
    """All meetings of a body the user may see, newest first, a page at a time, by year
    when asked (`?ar=2024`) (R57: the list's rules; 404 for a body the user may not list)."""
    body = get_object_or_404(access.visible_bodies(request.user), pk=pk)
    meetings = (
        selectors.meetings_for_user(request.user, bodies=[body])
        .select_related(None)
        .order_by("-date", "-start_time")
    )
    years = selectors.meeting_years(meetings)
    year = request.GET.get("ar", "")
    year = int(year) if year.isdigit() and int(year) in years else None
    if year is not None:
        meetings = meetings.filter(date__year=year)
    page = Paginator(meetings.values(*selectors.LIST_FIELDS), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    page.object_list = selectors.meeting_rows(page.object_list)
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "page": page,
            "years": years,
            "year": year,
            "prepares": access.may_prepare(request.user, body),
        },
    )


@login_required
def meeting_create(request):
    """Staff create a meeting of a body they prepare for (R50, R57)."""
    bodies = [
        b.pk for b in access.visible_bodies(request.user) if access.may_prepare(request.user, b)
    ]
    if not bodies:
        raise PermissionDenied
    queryset = Body.objects.filter(pk__in=bodies).order_by("name")
    data = request.POST if request.method == "POST" else None
    form = forms.MeetingForm(data, bodies=queryset, initial={"body": request.GET.get("organ")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The meeting was created. Build its agenda."))
            return redirect("meetings:meeting", meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": _("New meeting")})


@login_required
def meeting_detail(request, pk):
    """A meeting: agenda, minutes and attendance for whoever may see them (R57)."""
    user = request.user
    meeting = access.get_meeting_for_user(user, pk, queryset=selectors.meeting_for_page())
    can_prepare = access.may_prepare(user, meeting.body)
    read_agenda = access.may_read_agenda(user, meeting)
    read_minutes = access.may_read_minutes(user, meeting)
    agenda_sent = selectors.latest_agenda_version(meeting)
    show_agenda = can_prepare or (read_agenda and agenda_sent is not None)
    role = access.adjuster_role(user, meeting)
    items = list(selectors.agenda_of(meeting, attachments=False)) if show_agenda else []
    paragraphs = list(selectors.paragraphs_of(meeting, attachments=False)) if read_minutes else []
    # The agenda's and the minutes' attachments in one query.
    selectors.with_attachments(items + [p.item for p in paragraphs])
    valid = selectors.valid_adjustments(meeting) if read_minutes else {}
    context = {
        "meeting": meeting,
        "can_prepare": can_prepare,
        "open": meeting.status not in ("adjusted", "cancelled"),
        "items": items,
        "show_agenda": show_agenda,
        "agenda_version": agenda_sent,
        "read_minutes": read_minutes,
        "paragraphs": paragraphs,
        "attendance": list(selectors.attendance_of(meeting))
        if (read_minutes or can_prepare)
        else [],
        "adjustments": selectors.adjustment_state(meeting, valid=valid) if read_minutes else [],
        "version": selectors.current_minutes_version(meeting, content=False),
        # An officer whose adjustment of the complete minutes is still missing (R55); the
        # minutes are then readable to them (access.may_read_minutes), so `valid` is read.
        "may_adjust_now": (
            read_minutes
            and role is not None
            and meeting.minutes_completed_at is not None
            and not meeting.is_frozen
            and (user.pk, role) not in valid
        ),
        "last_day_of_appeal": (
            selectors.last_day_of_appeal(meeting.notice_date)
            if selectors.appeal_applies(meeting)
            else None
        ),
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk):
    """Date, time, place, chair and adjusters (R50)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    initial = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "digital": meeting.digital,
        "chair": meeting.chair_id,
        "adjusters": list(meeting.adjusters.values_list("pk", flat=True)),
    }
    data = request.POST if request.method == "POST" else None
    form = forms.MeetingEditForm(data, initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "meeting": meeting, "title": _("Edit the meeting")},
    )


@login_required
def item_add(request, pk):
    """Add an agenda item with attachments (R51)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    data = request.POST if request.method == "POST" else None
    form = forms.AgendaItemForm(data, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        uploads = fields.pop("attachments")
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, uploads=uploads, **fields)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "meeting": meeting, "title": _("New agenda item"), "multipart": True},
    )


@login_required
def item_edit(request, pk):
    item = _item_for_staff(request.user, pk)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    data = request.POST if request.method == "POST" else None
    form = forms.AgendaItemForm(data, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        uploads = fields.pop("attachments")
        try:
            services.agenda_item_update(actor=request.user, item=item, uploads=uploads, **fields)
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("meetings:meeting", item.meeting_id)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "meeting": item.meeting, "title": item.title, "multipart": True},
    )


def _post_action(request, meeting_id, action, done: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, refusal_shown(error))
    else:
        messages.success(request, done)
    return redirect("meetings:meeting", meeting_id)


@login_required
@require_POST
def item_move(request, pk):
    item = _item_for_staff(request.user, pk)
    up = request.POST.get("riktning") == "upp"
    return _post_action(
        request,
        item.meeting_id,
        lambda: services.agenda_item_move(actor=request.user, item=item, up=up),
        _("The item was moved."),
    )


@login_required
@require_POST
def item_withdraw(request, pk):
    item = _item_for_staff(request.user, pk)
    return _post_action(
        request,
        item.meeting_id,
        lambda: services.agenda_item_withdraw(actor=request.user, item=item),
        _("The item was withdrawn."),
    )


@login_required
@require_POST
def agenda_send(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    return _post_action(
        request,
        meeting.pk,
        lambda: services.agenda_send(actor=request.user, meeting=meeting),
        _("The agenda was sent to the members."),
    )


@login_required
def agenda_pdf(request, pk):
    """The agenda as sent (R51): the newest version, or ?version=N."""
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.may_read_agenda(request.user, meeting):
        raise Http404("not found")
    versions = meeting.agenda_versions.order_by("-number")
    number = request.GET.get("version", "")
    version = versions.filter(number=int(number)).first() if number.isdigit() else versions.first()
    if version is None:
        raise Http404("not found")
    return pdf_response(
        bytes(version.pdf), f"dagordning-{file_stem(meeting)}-v{version.number}.pdf"
    )


@login_required
def attachment_download(request, item_pk, attachment_pk):
    """An item's attachment, as a download only (nosniff), for who may read the agenda."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk)
    meeting = access.get_meeting_for_user(request.user, item.meeting_id)
    if not (
        access.may_read_agenda(request.user, meeting)
        or access.may_read_minutes(request.user, meeting)
    ):
        raise Http404("not found")
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    return core_attachments.download_response(attachment)


@login_required
def attendance(request, pk):
    """Staff record attendance and invited guests (R50)."""
    meeting = access.get_meeting_for_user(request.user, pk, prepare=True)
    rows = selectors.attendance_of(meeting)
    posted = request.method == "POST"
    form = forms.AttendanceForm(
        request.POST if posted and "save" in request.POST else None, rows=rows
    )
    guest_form = forms.GuestForm(request.POST if posted and "guest" in request.POST else None)
    try:
        if posted and "refresh" in request.POST:
            added = services.attendance_refresh(actor=request.user, meeting=meeting)
            messages.success(request, _("%(n)s seats were added.") % {"n": added})
            return redirect("meetings:attendance", meeting.pk)
        if form.is_bound and form.is_valid():
            for row, status in form.changes():
                services.attendance_set(actor=request.user, attendance=row, status=status)
            messages.success(request, _("The attendance was saved."))
            return redirect("meetings:meeting", meeting.pk)
        if guest_form.is_bound and guest_form.is_valid():
            services.guest_add(actor=request.user, meeting=meeting, **guest_form.cleaned_data)
            messages.success(request, _("The guest was added."))
            return redirect("meetings:attendance", meeting.pk)
    except DomainError as error:
        messages.error(request, refusal_shown(error))
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form, "guest_form": guest_form, "statuses": Attendance.Status},
    )


@login_required
def body_settings(request, pk):
    """A body's minutes settings and the first § number of a year (R52, R56, R57)."""
    body = get_object_or_404(Body, pk=pk)
    if not access.may_prepare(request.user, body):
        raise Http404("not found")
    current = getattr(body, "meeting_settings", None)
    initial = {
        "minutes_public": bool(current and current.minutes_public),
        "appeal_applies": bool(current and current.appeal_applies),
        "year": permissions.today().year,
    }
    data = request.POST if request.method == "POST" else None
    form = forms.BodySettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            services.body_settings_set(
                actor=request.user,
                body=body,
                minutes_public=values["minutes_public"],
                appeal_applies=values["appeal_applies"],
            )
            if values["first_number"] and values["year"]:
                services.first_number_set(
                    actor=request.user,
                    body=body,
                    year=values["year"],
                    first_number=values["first_number"],
                )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("meetings:list")
    return render(request, "meetings/form_page.html", {"form": form, "title": body.name})
