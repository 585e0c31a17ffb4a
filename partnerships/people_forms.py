"""Forms of the people pages; they validate input only, the services decide (people.py)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ExternalIdentity, IdentityProvider
from partnerships import permissions
from partnerships.models import Body, Membership, Municipality


class DateInput(forms.DateInput):
    """The browser's own date picker (an ISO date, whatever the language)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to make one from the email address or the name."),
    )


class IdentityLinkForm(forms.Form):
    """An account that has signed in and waits, or one named before its first sign-in."""

    waiting = forms.ModelChoiceField(
        label=_("Account that has signed in"),
        queryset=ExternalIdentity.objects.none(),
        required=False,
        empty_label=_("– choose –"),
        help_text=_("The reference the person was shown is the number first in the list."),
    )
    provider = forms.ModelChoiceField(
        label=_("Or: organisation"),
        queryset=IdentityProvider.objects.none(),
        required=False,
        empty_label=_("– choose –"),
    )
    subject = forms.CharField(
        label=_("The account's identity at the organisation"),
        max_length=255,
        required=False,
        help_text=_("For Microsoft Entra ID the person's object id (oid), from the IT department."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waiting"].queryset = ExternalIdentity.objects.filter(
            user__isnull=True
        ).select_related("provider")
        self.fields["waiting"].label_from_instance = lambda identity: (
            f"{identity.pk}: {identity.name_hint or identity.subject}"
            f"{' <' + identity.email_hint + '>' if identity.email_hint else ''}"
            f" – {identity.provider}"
        )
        self.fields["provider"].queryset = IdentityProvider.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("waiting") is None and not (data.get("provider") and data.get("subject")):
            raise forms.ValidationError(
                _(
                    "Choose an account that has signed in, or choose the organisation and "
                    "enter the account's identity."
                )
            )
        return data


class SeatForm(forms.Form):
    """A seat in a body of a partnership the user manages; may take over another's seat."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    municipality = forms.ModelChoiceField(
        label=_("Represents the municipality"),
        queryset=Municipality.objects.order_by("code"),
        required=False,
        empty_label=_("– no municipality –"),
    )
    organisation = forms.ChoiceField(
        label=_("Or represents"),
        choices=[
            (value, label)
            for value, label in Membership.Organisation.choices
            if value != Membership.Organisation.MUNICIPALITY
        ],
        required=False,
        help_text=_("Only when the seat represents no municipality."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Until (first day without the seat)"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: until further notice. A deputy for a period ends on a date."),
    )
    replaces = forms.ModelChoiceField(
        label=_("Takes over the seat of"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("– nobody –"),
        help_text=_("That seat ends on the day this one starts, e.g. a new socialchef."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        managed = permissions.objects_with_perm(user, "manage_partnership")
        self.fields["body"].queryset = (
            Body.objects.filter(partnership__in=managed)
            .select_related("partnership")
            .order_by("partnership__name", "kind", "name")
        )
        today = timezone.localdate()
        self.fields["replaces"].queryset = (
            Membership.objects.filter(body__partnership__in=managed)
            .exclude(end_date__lte=today)
            .select_related("person", "body", "municipality")
            .order_by("body__name", "municipality__code", "person__last_name")
        )
        self.fields["replaces"].label_from_instance = lambda seat: (
            f"{seat.body} – {seat.represents} – {seat.person} ({seat.get_role_display()})"
        )
        self.fields["start_date"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("municipality") is None and not data.get("organisation"):
            self.add_error(
                "organisation",
                _("Choose the municipality the seat represents, or what it represents instead."),
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "role": data["role"],
            "municipality": data["municipality"],
            "organisation": data["organisation"] or Membership.Organisation.MUNICIPALITY,
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "replaces": data["replaces"],
        }


class SeatEndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Ends on (first day without the seat)"),
        widget=DateInput(),
        initial=timezone.localdate,
    )
