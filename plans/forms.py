from django import forms
from django.utils.translation import gettext_lazy as _

from plans import indicators
from plans.models import (
    Agenda2030Goal,
    FocusArea,
    GoalArea,
    Indicator,
    Plan,
    StrategicGoal,
    ValuePeriod,
)


class PlanTextsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "vision", "introduction", "follow_up", "financing"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 2}),
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
            "financing": forms.Textarea(attrs={"rows": 4}),
        }


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)


class GroupPlanCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Plan.Kind.STRATEGY, Plan.Kind.STRATEGY.label),
            (Plan.Kind.ACTION_PLAN, Plan.Kind.ACTION_PLAN.label),
        ],
    )
    year = forms.IntegerField(label=_("First year"), min_value=2020, max_value=2100)


class _AgendaMixin(forms.ModelForm):
    agenda_goals = forms.ModelMultipleChoiceField(
        label=_("Agenda 2030 goals"),
        queryset=Agenda2030Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class GoalForm(_AgendaMixin):
    class Meta:
        model = StrategicGoal
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GoalAreaForm(_AgendaMixin):
    class Meta:
        model = GoalArea
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    computation = forms.ChoiceField(label=_("Computed from"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "number",
            "name",
            "unit",
            "direction",
            "baseline",
            "baseline_year",
            "target",
            "target_q1",
            "target_q2",
            "target_q3",
            "partly_met_from",
            "computation",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = [
            ("", _("Nothing: staff enter the values"))
        ] + indicators.choices()
        self.fields["computation"].help_text = _(
            "Computed indicators take their values from the application's own data."
        )
        for name in (
            "baseline",
            "target",
            "target_q1",
            "target_q2",
            "target_q3",
            "partly_met_from",
        ):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=ValuePeriod.choices)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, localize=True)
    source = forms.CharField(label=_("Source"), max_length=300)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdoptionRecordForm(forms.Form):
    reference = forms.CharField(
        label=_("Decision"),
        max_length=200,
        help_text=_("E.g. Kommunalt forum 2026-02-12 § 4."),
    )


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the new version"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MAX_SURVEY_FILE = 1024 * 1024


class SurveyUploadForm(forms.Form):
    """The CSV of `import_survey`; checked by the service (plans/survey.py), not here (R63)."""

    year = forms.IntegerField(
        label=_("The survey's year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The values go to the business plan of this year."),
    )
    file = forms.FileField(
        label=_("CSV file with the survey's results"),
        help_text=_(
            "UTF-8, header ar,natverk,fraga,andel_mycket_nojda,antal_svar (comma or "
            "semicolon), one line per network and question."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SURVEY_FILE:
            raise forms.ValidationError(
                _("The file is too large (at most 1 MB). Choose the file again.")
            )
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8. Save it as 'CSV UTF-8' and choose it again.")
            ) from None


class SurveyConfirmForm(forms.Form):
    """Names the previewed upload; its text never comes from the client (kept server-side)."""

    digest = forms.CharField(max_length=64, widget=forms.HiddenInput)
