"""People and groups in the Swedish admin of the office (kansliet).

What a person may do comes from their memberships (R3, R30), never from ticking
boxes here. So the admin never grants rights by hand: nobody makes a superuser
in it (`createsuperuser` on the command line only), only a superuser changes
staff status, groups or user permissions, only a superuser sets another
person's password (a person changes their own on the profile page), and only a
superuser edits groups. Staff fill in the email address of a new account but
not of another person who has signed in: a password reset to a new address is
the same as setting their password. Read-only fields are left out of the form
Django binds, so a forged POST carrying them is ignored by the server, not only
hidden. Object permissions have no admin: they are derived from memberships on the day.
"""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import ExternalIdentity, IdentityProvider, User
from accounts.oidc import url_allowed

# Fields that grant rights: only a superuser changes them.
RIGHTS_FIELDS = ("is_staff", "groups", "user_permissions")
# Never editable in the admin, not even by a superuser.
NEVER_EDITABLE = ("is_superuser",)
# Left out of a non-superuser's form: the password link leads to a page they may not
# use, and user permissions are always empty (rights come from memberships, R30).
HIDDEN_FROM_STAFF = ("password", "user_permissions")

# Django stores the default permissions' names in English ("Can add user"); these show
# them in the interface language.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
# django-simple-history names its tables' models "historical <model>", in English only.
HISTORY_OF = _("history of %(model)s")


def permission_label(permission) -> str:
    """'app | model | name' of a permission, translated (the database keeps English)."""
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = model._meta.verbose_name if model else content_type.model
    tracked = getattr(model, "instance_type", None)  # the model a history model tracks
    if tracked is not None:
        model_name = HISTORY_OF % {"model": tracked._meta.verbose_name}
    action, _sep, rest = permission.codename.partition("_")
    if model and action in DEFAULT_PERMISSION_NAMES and rest == model._meta.model_name:
        name = DEFAULT_PERMISSION_NAMES[action] % {"model": model_name}
    else:
        name = gettext(permission.name)
    try:
        app_name = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        app_name = content_type.app_label
    return f"{app_name} | {model_name} | {name}"


def _translated_permissions(field):
    if field is not None and field.queryset.model._meta.label == "auth.Permission":
        field.label_from_instance = permission_label
    return field


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Contact"), {"fields": ("title", "phone")}),)
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *NEVER_EDITABLE]
        if not request.user.is_superuser:
            readonly += RIGHTS_FIELDS
            if obj is not None and obj.pk != request.user.pk and obj.last_login is not None:
                # A new address and a password reset would let staff sign in as the person;
                # staff fill in the address of an account nobody has signed in to yet.
                readonly.append("email")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in HIDDEN_FROM_STAFF]},
            )
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its email, say, then a password reset) is a superuser's to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            if str(request.user.pk) == str(id):
                # One's own password is changed with the old one, on the profile page.
                return redirect("password_change")
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return _translated_permissions(
            super().formfield_for_manytomany(db_field, request, **kwargs)
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Groups carry model permissions; only a superuser edits them (the office group is
    kept in step by partnerships.permissions)."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return _translated_permissions(
            super().formfield_for_manytomany(db_field, request, **kwargs)
        )


class IdentityProviderForm(forms.ModelForm):
    """The client secret is written here and never shown again; empty keeps the stored one."""

    issuer = forms.URLField(
        label=_("issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=IdentityProvider._meta.get_field("issuer").help_text,
    )
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the stored secret. It is never shown again."),
    )

    class Meta:
        model = IdentityProvider
        fields = (
            "name",
            "slug",
            "issuer",
            "client_id",
            "client_secret",
            "subject_claim",
            "enabled",
        )

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"]
        if not url_allowed(issuer):
            raise forms.ValidationError(_("The issuer must be an https:// address."))
        return issuer

    def clean_client_secret(self):
        return self.cleaned_data["client_secret"] or self.instance.client_secret


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    """Kansliet adds an organisation's provider here (docs/sso.md); the history leaves out
    the secret."""

    form = IdentityProviderForm
    list_display = ("name", "issuer", "subject_claim", "enabled")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(SimpleHistoryAdmin):
    """Read-only here: linking an identity signs someone in as that person, so it goes
    through the people pages, whose service guards the actor (partnerships.people)."""

    list_display = ("__str__", "user", "provider", "last_seen")
    list_filter = ("provider",)
    search_fields = ("name_hint", "email_hint", "subject")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
