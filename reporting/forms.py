from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import SECTIONS, Period


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    period = forms.ChoiceField(label=_("Report"), choices=Period.choices)


class ReportTextsForm(forms.Form):
    """The staff's text sections, in Markdown (R42)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Markdown: blank line between paragraphs, - for lists, **bold**."),
            )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the PDF preview and want to publish this version"),
        required=True,
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the report has already been published."),
    )
