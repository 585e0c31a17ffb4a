"""Forms validate input; the services run the workflow."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import SwedishDecimalField
from meetings import selectors as meeting_selectors
from partnerships.models import Membership
from plans import selectors as plan_selectors
from projects import gate_minutes, overview
from projects.models import (
    GateDecision,
    ParticipationDecision,
    Project,
    ProjectStatus,
    Stage,
)
from projects.services import PROJECT_FIELDS


def lead_candidates(*, partnership, portfolio=None, project=None):
    """The people who can lead a project, on the day: members of the portfolio's tactical group
    and of the project's working groups (R10). The current lead stays, even after leaving.

    Without a portfolio (no project yet), every member of the partnership's bodies.
    """
    seats = Membership.objects.active().filter(body__partnership=partnership)
    if portfolio is not None:
        bodies = Q(body_id=portfolio.tactical_group_id)
        if project is not None and project.pk:
            bodies |= Q(body__in=project.working_groups.all())
        seats = seats.filter(bodies)
    people = Q(pk__in=seats.values("person_id"))
    if project is not None and project.lead_id:
        people |= Q(pk=project.lead_id)
    return (
        get_user_model()
        .objects.filter(people)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _person_label(person) -> str:
    return person.get_full_name() or person.get_username()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _goal_area_label(area) -> str:
    return f"{area.code} {area.title} ({area.goal.plan.year})"


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}
        field_classes = {"requested_funds": SwedishDecimalField}

    def __init__(self, *args, partnership, portfolio=None, **kwargs):
        super().__init__(*args, **kwargs)
        if portfolio is None and self.instance.portfolio_id:
            portfolio = self.instance.portfolio
        self.fields["lead"].queryset = lead_candidates(
            partnership=partnership, portfolio=portfolio, project=self.instance
        )
        self.fields["lead"].label_from_instance = _person_label
        self.fields["lead"].help_text = _(
            "Members of the portfolio's tactical group and of the project's working groups. "
            "Type the first letters of the name to find a person."
        )
        self.fields["requested_funds"].help_text = _(
            "Amount of common funds the project asks for; 0 if none. A changed amount starts "
            "a new request that every municipality must approve."
        )
        # R64: the goal areas of the partnership's business plan (those linked stay).
        keep = self.instance.goal_areas.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["goal_areas"] = forms.ModelMultipleChoiceField(
            label=_("Goal areas the project serves"),
            queryset=plan_selectors.goal_areas_to_serve(
                partnership=partnership, year=timezone.localdate().year, keep=keep
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(keep),
            help_text=_("The goal areas of the business plan that the project contributes to."),
        )
        self.fields["goal_areas"].label_from_instance = _goal_area_label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end must not be before the start."))
        return cleaned


class GateForm(forms.Form):
    to_stage = forms.ModelChoiceField(
        label=_("Move to stage"), queryset=Stage.objects.none(), empty_label=None
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    paragraph = forms.ModelChoiceField(
        label=_("§ in minutes kept in the app"),
        queryset=None,
        required=False,
        empty_label=_("None: the minutes are kept elsewhere"),
    )
    minutes_reference = forms.CharField(
        label=GateDecision._meta.get_field("minutes_reference").verbose_name.capitalize(),
        max_length=120,
        required=False,
        help_text=_("E.g. “TS IFO 2026-03-04 § 3”. Filled in from the § when chosen."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].queryset = gate_minutes.gate_paragraphs(project)
        self.fields["paragraph"].label_from_instance = lambda p: (
            f"{meeting_selectors.paragraph_reference(p)} {p.title}"
        )
        self.fields["to_stage"].queryset = Stage.objects.filter(
            partnership_id=project.stage.partnership_id
        ).exclude(pk=project.stage_id)
        self.fields["decided_on"].initial = timezone.localdate()


class ParticipationForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    status = forms.ChoiceField(
        label=_("Decision"), choices=ParticipationDecision.Status.choices, widget=forms.RadioSelect
    )
    committee_reference = forms.CharField(
        label=_("Committee decision reference"),
        max_length=120,
        required=False,
        help_text=_("Fill in when the committee (nämnd) decided, e.g. “SN 2026-03-12 § 45”."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)

    def __init__(self, *args, municipalities, committee_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if committee_required:
            self.fields["committee_reference"].required = True


class ParticipationConfirmForm(forms.Form):
    """The one-tap decision from "Att besluta": the choice comes from the button (R12)."""

    municipality = forms.ModelChoiceField(
        label=_("Decide for"), queryset=None, empty_label=None, to_field_name="code"
    )
    status = forms.ChoiceField(label=_("Decision"), choices=ParticipationDecision.Status.choices)
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


class FundsRequestForm(forms.Form):
    amount = SwedishDecimalField(
        label=_("Amount (kr)"), max_digits=14, decimal_places=2, min_value=1
    )
    due_date = forms.DateField(label=_("Decide by"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("What the funds are for"), required=False, widget=forms.Textarea
    )


class StatusForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], coerce=int
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProjectStatus.Status.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "kind", "order", "description"]


class OverviewFilterForm(forms.Form):
    """The overview's filters (R10, R11). Ongoing projects by default: a tactical group
    steers its current work, and ended projects are one choice away. A chosen stage shows
    all its projects, ended or not.

    The choices come from the rows the page has read already (the stages with their
    counts, the members), so the form reads nothing; `selects` renders them."""

    show = forms.ChoiceField(label=_("Show"), choices=overview.SHOW_CHOICES, required=False)
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, empty_value=None, required=False)
    municipality = forms.ChoiceField(label=_("Municipality taking part"), required=False)

    def __init__(self, data, *, stages, municipalities):
        super().__init__(data)
        self._stages = {s.pk: s for s in stages}
        self._municipalities = {m.code: m for m in municipalities}
        self.fields["stage"].choices = [("", _("All"))] + [(s.pk, s.name) for s in stages]
        self.fields["municipality"].choices = [("", _("All"))] + [
            (m.code, m.name) for m in municipalities
        ]

    def filters(self) -> dict:
        """Keyword arguments for `overview.portfolio_projects`; the defaults when invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        stage = self._stages.get(data.get("stage"))
        return {
            "show": overview.ALL if stage is not None else data.get("show") or overview.ONGOING,
            "stage": stage,
            "municipality": self._municipalities.get(data.get("municipality")),
        }

    @cached_property
    def selects(self) -> list[dict]:
        """Each field as (id, name, label, options): the `<select>`s written out here, not
        through the widget templates (two template renderings per option)."""
        current = self.filters()
        chosen = {
            "show": current["show"],
            "stage": current["stage"].pk if current["stage"] else "",
            "municipality": current["municipality"].code if current["municipality"] else "",
        }
        return [
            {
                "id": bound.auto_id,
                "name": bound.html_name,
                "label": bound.label,
                "options": mark_safe(  # noqa: S308 - every value and label is escaped
                    "".join(
                        f'<option value="{escape(value)}"'
                        f"{' selected' if str(value) == str(chosen[name]) else ''}>"
                        f"{escape(label)}</option>"
                        for value, label in bound.field.choices
                    )
                ),
            }
            for name, bound in ((name, self[name]) for name in self.fields)
        ]
