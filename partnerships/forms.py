from django import forms
from django.utils.translation import gettext_lazy as _

# The upload is kept in the session between preview and confirm: small on purpose.
MAX_POPULATION_FILE = 1024 * 1024


class PopulationUploadForm(forms.Form):
    """The CSV of `import_population`; checked by the service, not here (R22)."""

    file = forms.FileField(
        label=_("CSV file with population figures"),
        help_text=_(
            "UTF-8, header kommunkod,kommun,datum,folkmangd (comma or semicolon), one line "
            "per municipality and date."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        initial="SCB",
        help_text=_("Stored with each figure, e.g. SCB and the date of the statistics."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_POPULATION_FILE:
            raise forms.ValidationError(
                _("The file is too large (at most 1 MB). Choose the file again.")
            )
        raw = upload.read()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8. Save it as 'CSV UTF-8' and choose it again.")
            ) from None


class PopulationConfirmForm(forms.Form):
    """Names the previewed upload; its text never comes from the client (kept server-side)."""

    digest = forms.CharField(max_length=64, widget=forms.HiddenInput)
