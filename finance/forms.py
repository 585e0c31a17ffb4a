"""Forms for staff entering the partnership's money (R21-R25). They validate; services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import decimal_text
from finance.models import FundingSource
from finance.services import parse_amount

MAX_AMOUNT = Decimal("999999999999")


class MoneyField(forms.CharField):
    """Kronor as typed by people: '1 250 000', '1250000,50', '-300'. Decimal, never float."""

    default_error_messages = {
        "invalid": _("Enter an amount in kronor, e.g. 1 250 000 or 1 250 000,50."),
        "negative": _("The amount cannot be negative."),
        "too_large": _("The amount is too large."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        attrs["maxlength"] = "30"
        attrs["autocomplete"] = "off"
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral_value() else value
            return f"{value:f}".replace(".", ",")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_amount(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount < 0 and not self.allow_negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if abs(amount) > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class PercentField(forms.CharField):
    """A percentage typed as text; a saved Decimal('3.000') is shown as '3' and 3.1 as '3,1'."""

    def prepare_value(self, value):
        return decimal_text(value)


class FeeIndexForm(forms.Form):
    percent = PercentField(
        label=_("Index (percent)"),
        max_length=12,
        help_text=_("E.g. 3,2 for 3.2 %. Up to three decimals."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Source of the index"),
        max_length=200,
        help_text=_("E.g. SKR, Prisindex för kommunal verksamhet (PKV), October 2026."),
    )

    def clean_percent(self):
        text = self.cleaned_data["percent"].strip().rstrip("%").strip()
        try:
            value = parse_amount(text, places=3) if text else None
        except ValueError:
            value = None
        if value is None:
            raise forms.ValidationError(_("Enter the index in percent, e.g. 3,2."))
        if not Decimal("-50") <= value <= Decimal("50"):
            raise forms.ValidationError(_("The index must be between -50 and 50 percent."))
        return value


class FeeDecideForm(forms.Form):
    reference = forms.CharField(
        label=_("Decision reference"),
        max_length=120,
        required=False,
        help_text=_("E.g. the steering group's minutes, 2026-10-12 § 4."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the decided fee is fixed and cannot be changed."),
        error_messages={"required": _("Confirm that the fee is to be fixed.")},
    )


class BudgetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FundingSourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundingSource.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    amount = MoneyField(label=_("Amount (kr)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    # The version the form was opened on (lost updates, as on budget lines).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BudgetLineForm(forms.Form):
    """One budget line with its quarterly outcomes, forecast and multi-year plan (R25)."""

    area = forms.CharField(
        label=_("Area"),
        max_length=120,
        help_text=_("E.g. Funktionsstöd, Äldreomsorg och hälso- och sjukvård, Individ och familj."),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        required=False,
        empty_label=_("– No project (area line) –"),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Empty: the project's title, or the area."),
    )
    ledger_code = forms.CharField(
        label=_("Ledger code"),
        max_length=30,
        help_text=_("The code in the ledger export, used when outcomes are imported."),
    )
    opening_funds = MoneyField(
        label=_("Opening funds (kr)"),
        allow_negative=True,
        required=False,
        help_text=_("Empty counts as 0."),
    )
    granted_funds = MoneyField(
        label=_("Expected/granted funds (kr)"),
        allow_negative=True,
        required=False,
        help_text=_("Empty counts as 0."),
    )
    budget_amount = MoneyField(label=_("Budget (kr)"))
    forecast = MoneyField(label=_("Full-year forecast (kr)"), required=False, allow_negative=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, year: int, projects, plan_years: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["project"].queryset = projects
        for quarter in range(1, 5):
            self.fields[f"outcome_q{quarter}"] = MoneyField(
                label=_("Outcome Q%(quarter)s (kr)") % {"quarter": quarter},
                required=False,
                allow_negative=True,
            )
        self.plan_year_list = [year + offset for offset in range(1, plan_years + 1)]
        for plan_year in self.plan_year_list:
            self.fields[f"plan_{plan_year}"] = MoneyField(
                label=_("Planned net cost %(year)s (kr)") % {"year": plan_year},
                required=False,
                allow_negative=True,
            )

    def clean(self):
        data = super().clean()
        if not data.get("name"):
            project = data.get("project")
            data["name"] = project.title if project else data.get("area", "")
        return data

    @property
    def line_fields(self) -> list:
        names = ["opening_funds", "granted_funds", "budget_amount", "forecast"]
        return [self[name] for name in names]

    @property
    def outcome_fields(self) -> list:
        return [self[f"outcome_q{q}"] for q in range(1, 5)]

    @property
    def plan_fields(self) -> list:
        return [self[f"plan_{y}"] for y in self.plan_year_list]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "area": data["area"].strip(),
            "project": data.get("project"),
            "name": data["name"].strip(),
            "ledger_code": data["ledger_code"].strip(),
            "opening_funds": data["opening_funds"] or Decimal("0"),
            "granted_funds": data["granted_funds"] or Decimal("0"),
            "budget_amount": data["budget_amount"],
            "forecast": data.get("forecast"),
            "outcomes": {q: data.get(f"outcome_q{q}") for q in range(1, 5)},
            "plan": {y: data.get(f"plan_{y}") for y in self.plan_year_list},
        }


def line_initial(line) -> dict:
    """Initial form data from a line whose outcomes and plan years are prefetched."""
    initial = {
        "area": line.area,
        "project": line.project_id,
        "name": line.name,
        "ledger_code": line.ledger_code,
        "opening_funds": line.opening_funds,
        "granted_funds": line.granted_funds,
        "budget_amount": line.budget_amount,
        "forecast": line.forecast,
        "version": line.version,
    }
    for outcome in line.outcomes.all():
        initial[f"outcome_q{outcome.quarter}"] = outcome.amount
    for plan in line.plan_years.all():
        initial[f"plan_{plan.year}"] = plan.net_cost
    return initial


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the ledger"),
        help_text=_(
            "UTF-8, header ar,kvartal,kod,belopp (comma or semicolon). Rows with the same code "
            "and quarter are added together and replace that quarter's outcome."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        raw = upload.read()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8. Save it as 'CSV UTF-8' and try again.")
            ) from None
