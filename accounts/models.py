from django.contrib.auth.models import AbstractUser, _user_has_perm
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who uses the app. What they may do comes from their memberships (R3, R30)."""

    title = models.CharField(_("title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None):
        """Django's check, except that an object permission is never a superuser's by the flag.

        Object permissions are the acts of a seat on the day, which only the
        backends derive from memberships (partnerships.permissions, R31); Django
        would otherwise answer yes to a superuser for every municipality.
        """
        if obj is not None:
            return self.is_active and _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect provider (one per municipality and the Region).

    Configured by kansliet in the admin; the client secret is written there and never
    shown again, and it is left out of the history (docs/sso.md).
    """

    class SubjectClaim(models.TextChoices):
        SUB = "sub", _("sub (standard)")
        OID = "oid", _("oid (Microsoft Entra ID: the person's object id in the tenant)")

    name = models.CharField(
        _("organisation"), max_length=120, help_text=_("Shown on the sign-in button.")
    )
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        unique=True,
        help_text=_(
            "Exactly as the provider names itself, e.g. "
            "https://login.microsoftonline.com/<tenant id>/v2.0 for Microsoft Entra ID."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    subject_claim = models.CharField(
        _("identity claim"),
        max_length=10,
        choices=SubjectClaim.choices,
        default=SubjectClaim.SUB,
        help_text=_("The claim that identifies the person together with the issuer."),
    )
    enabled = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords(excluded_fields=["client_secret"])

    class Meta:
        verbose_name = _("sign-in provider")
        verbose_name_plural = _("sign-in providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalIdentity(models.Model):
    """A person's account at an organisation's provider: issuer + subject, never email (R31).

    Written at the first sign-in, without a person: signing in grants nothing by itself
    (R30, R31). Kansliet links it to a person; from then on it signs that person in. The
    name and email are the provider's words at the last sign-in, only to help kansliet
    recognise the person; they are never used to match.
    """

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.PROTECT,
        related_name="identities",
        verbose_name=_("sign-in provider"),
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identities",
        verbose_name=_("person"),
    )
    name_hint = models.CharField(_("name at the provider"), max_length=200, blank=True)
    email_hint = models.CharField(_("email at the provider"), max_length=254, blank=True)
    first_seen = models.DateTimeField(_("first sign-in"), null=True, blank=True)
    last_seen = models.DateTimeField(_("latest sign-in"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_seen"])

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        ordering = ["provider__name", "name_hint", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_issuer_subject_unique"
            )
        ]

    def __str__(self) -> str:
        label = self.name_hint or self.subject
        return f"{label} ({self.provider})"
