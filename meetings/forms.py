"""Forms validate input; the services run the workflow (R50-R57)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance
from partnerships.models import Membership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each on its content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _people(body, day):
    """Everyone seated in the body on the day, for chair and adjusters (R50)."""
    ids = Membership.objects.active(day).filter(body=body).values_list("person_id", flat=True)
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    digital = forms.BooleanField(label=_("Digital meeting (or also digitally)"), required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class MeetingEditForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    digital = forms.BooleanField(label=_("Digital meeting (or also digitally)"), required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=None, required=False)
    adjusters = PeopleChoiceField(
        label=_("Adjusters"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Adjust the minutes together with the chair."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        people = _people(meeting.body, meeting.date)
        self.fields["chair"].queryset = people
        self.fields["adjusters"].queryset = people


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    presenters = forms.CharField(label=_("Presenters"), required=False, max_length=300)
    background = forms.CharField(
        label=_("Background"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("Markdown: **bold**, *italic*, lists with -."),
    )
    proposed_decision = forms.CharField(
        label=_("Proposed decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 25 MB each."),
    )


class AttendanceForm(forms.Form):
    """One select per listed person: present, digitally, absent, deputy serving (R50)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"a{row.pk}"] = forms.ChoiceField(
                label=f"{row.name}" + (f", {row.role}" if row.role else ""),
                choices=Attendance.Status.choices,
                initial=row.status,
            )

    def changes(self):
        for row in self.rows:
            status = self.cleaned_data.get(f"a{row.pk}")
            if status and status != row.status:
                yield row, status


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), required=False, max_length=200)


class ParagraphForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    presenters = forms.CharField(label=_("Presenters"), required=False, max_length=300)
    text = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("Markdown: **bold**, *italic*, lists with -."),
    )
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("E.g. “PKS beslutar att lägga informationen till handlingarna.”"),
    )


class FollowUpParagraphForm(ParagraphForm):
    """A § on the follow-up of an assignment can report it done (R53)."""

    assignment_done = forms.BooleanField(label=_("The assignment is reported done"), required=False)


class AssignmentForm(forms.Form):
    owner = forms.CharField(label=_("Assigned to"), max_length=200)
    description = forms.CharField(
        label=_("Assignment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    due_date = forms.DateField(label=_("Due"), widget=DateInput())


class AdjustForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the minutes and adjust them as they stand."), required=True
    )


class NoticeForm(forms.Form):
    notice_date = forms.DateField(label=_("Notice posted (anslag)"), widget=DateInput())


class BodySettingsForm(forms.Form):
    minutes_public = forms.BooleanField(label=_("The minutes are public"), required=False)
    appeal_applies = forms.BooleanField(
        label=_("Decisions can be appealed (show the last day of appeal)"), required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    first_number = forms.IntegerField(
        label=_("First § number of the year"),
        min_value=1,
        required=False,
        help_text=_("Only before any § of the year is numbered, e.g. 92 when starting mid-year."),
    )
