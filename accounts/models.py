from django.contrib.auth.models import AbstractUser, _user_has_perm
from django.db import models
from django.utils.translation import gettext_lazy as _


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
