"""Forms validate input; the services run the workflow."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from matters.models import MatterDecision
from meetings.selectors import paragraph_reference as reference


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=_("Decide by"), widget=DateInput())


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=5000)


class DecideForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Decide for"), queryset=None, empty_label=None, to_field_name="code"
    )
    verdict = forms.ChoiceField(label=_("Decision"), choices=MatterDecision.Verdict.choices)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        # Three rows: on a phone the confirm button stays on the first screen.
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class CommitteeDecisionForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    verdict = forms.ChoiceField(
        label=_("Committee decision"),
        choices=MatterDecision.Verdict.choices,
        widget=forms.RadioSelect,
    )
    paragraph = forms.ModelChoiceField(
        label=_("§ in minutes kept in the app"),
        queryset=None,
        required=False,
        empty_label=_("None: the committee is outside the app"),
        help_text=_("When the body that decided keeps its minutes here, e.g. PKS."),
    )
    committee_reference = forms.CharField(
        label=_("Committee decision reference"),
        max_length=120,
        required=False,
        help_text=_("E.g. “Socialnämnden 2026-03-12 § 45”. Filled in from the § when chosen."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    attachment = forms.FileField(
        label=_("Extract of the committee's minutes"),
        required=False,
        help_text=_("Optional. PDF, Word, Excel, PowerPoint, PNG or JPEG, at most 25 MB."),
    )

    def __init__(self, *args, municipalities, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["paragraph"].queryset = paragraphs
        self.fields["paragraph"].label_from_instance = lambda p: f"{reference(p)} {p.title}"

    def clean(self):
        data = super().clean()
        if not data.get("paragraph") and not (data.get("committee_reference") or "").strip():
            self.add_error(
                "committee_reference", _("Give the committee's reference, or choose a §.")
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea, max_length=5000
    )


class ConsensusMatterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    due_date = forms.DateField(label=_("Decide by"), required=False, widget=DateInput())
