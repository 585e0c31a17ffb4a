"""Forms of the pages in meetings/views_more.py (R50, R54, R55)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Body


class LinkForm(forms.Form):
    """One select per kind on the page; each posts its kind and the chosen object (R54)."""

    kind = forms.ChoiceField(label=_("Kind"))
    object = forms.IntegerField(label=_("Object"), min_value=1)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in kinds]


class ReferralForm(forms.Form):
    to_body = forms.ModelChoiceField(label=_("To body"), queryset=Body.objects.none())
    to_meeting = forms.ChoiceField(
        label=_("Meeting"),
        required=False,
        help_text=_("Empty: the body's next new meeting gets the item."),
    )
    title = forms.CharField(label=_("Title on the agenda"), max_length=300)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, bodies, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = bodies
        self.fields["to_meeting"].choices = [("", _("The next meeting"))] + [
            (str(m.pk), f"{m.body.short_name or m.body.name} {m.date:%Y-%m-%d}") for m in meetings
        ]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel the meeting."), required=True)


class CorrectionForm(forms.Form):
    paragraph = forms.TypedChoiceField(
        label=_("§ to correct"), coerce=int, required=False, empty_value=None
    )
    decision = forms.CharField(
        label=_("Corrected decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the correction is stored as a new version of the minutes."),
        required=True,
    )

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", _("No § (the reason only)"))] + [
            (p.pk, f"§ {p.number} {p.title}") for p in paragraphs
        ]
