from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import sso_views, views

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    # Sign-in with the organisation's account (OpenID Connect; docs/sso.md).
    path("sso/logga-in/<slug:slug>/", sso_views.sso_start, name="sso_start"),
    path("sso/svar/", sso_views.sso_callback, name="sso_callback"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("aterstall/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
