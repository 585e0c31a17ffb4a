from django.contrib.auth import views as auth_views

from accounts.forms import LoginForm
from accounts.models import IdentityProvider


class LoginView(auth_views.LoginView):
    """The password login, with a button per organisation that signs in with its own account."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = IdentityProvider.objects.filter(enabled=True).order_by("name")
        return context
