"""Form fields shared by the apps: Swedish decimals in and out (R20: Decimal, never float)."""

from __future__ import annotations

from decimal import Decimal

from django import forms


def decimal_text(value) -> str:
    """A Decimal as a Swedish user types it: '3,1', '150000', never '3.000' or '150000.00'."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return format(value, "f").replace(".", ",")


def decimal_input(text: str) -> str:
    """Typed text ('1 250 000,50', '3.1', '−2') in the form Decimal() reads."""
    return (
        text.strip()
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace(" ", "")
        .replace("\u2212", "-")
        .replace(",", ".")
    )


class SwedishDecimalField(forms.DecimalField):
    """A decimal shown with a comma ('3,1') that accepts a comma or a point and spaces.

    A text input (inputmode decimal): a browser's number input refuses a comma in
    some locales and shows the point in others.
    """

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for browser_check in ("min", "max", "step"):
            attrs.pop(browser_check, None)
        attrs["inputmode"] = "decimal"
        attrs["autocomplete"] = "off"
        return attrs

    def prepare_value(self, value):
        return decimal_text(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = decimal_input(value)
        return super().to_python(value)
