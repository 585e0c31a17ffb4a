"""The Django admin of the office (kansliet): entry follows an office seat on the day (R31).

Entry is not a stored flag (`is_staff`, a group): an active person holding a
seat in an office body today gets in, with the model permissions of the
office's apps (partnerships.permissions.MembershipBackend); when the seat ends
they are out the same day, with no job to run. Superusers get in too, so a
fresh installation can be administered (break-glass); they get no governance
act by it (partnerships.permissions). Signing in happens on the app's own login
page, never the admin's.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerships import permissions


class OfficeAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return self.admits(request.user)

    def admits(self, user) -> bool:
        """Active, and a superuser or holding an office seat today (R31)."""
        return user.is_active and (user.is_superuser or permissions.is_office(user))

    def login(self, request, extra_context=None):
        """The app's login page signs people in; one signed in without a seat today gets 403."""
        if request.user.is_authenticated:
            # The app's login page would send them straight back here.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            login_url="login",
        )
