from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core import views as core_views
from kommunalutveckling import views

admin.site.site_header = "Kommunal utveckling – administration"
admin.site.site_title = "Kommunal utveckling"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.start, name="start"),
    path("konto/profil/", views.profile, name="profile"),
    path("konto/", include("accounts.urls")),
    path("", include("partnerships.urls")),
    path("projekt/", include("projects.urls")),
    # The socialchef's inbox at a short address, e.g. typed on a phone.
    path("att-besluta/", RedirectView.as_view(pattern_name="projects:inbox"), name="inbox_short"),
    path("ekonomi/", include("finance.urls")),
    path("rapporter/", include("reporting.urls")),
    path("history/", include("core.urls")),
    path("admin/", admin.site.urls),
]
