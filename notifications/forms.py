from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Frequency


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How do you want mail from the service?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
