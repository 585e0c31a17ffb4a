from django.contrib import admin
from django.urls import include, path, re_path

from core import views as core_views
from kommunalutveckling import views
from matters import views as matter_views

admin.site.site_header = "Kommunal utveckling – administration"
admin.site.site_title = "Kommunal utveckling"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/inloggad/", views.signed_in, name="signed_in"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.start, name="start"),
    path("konto/profil/", views.profile, name="profile"),
    path("konto/e-post/", include("notifications.urls")),
    path("konto/", include("accounts.urls")),
    path("", include("partnerships.urls")),
    # The inbox and the matters moved out of /projekt/: old links answer with 301.
    re_path(
        r"^projekt/att-besluta/(?P<rest>.*)$",
        matter_views.moved,
        {"to": "matters:inbox"},
        name="inbox_moved",
    ),
    re_path(
        r"^projekt/arenden/(?P<rest>.*)$",
        matter_views.moved,
        {"to": "matters:matter_list"},
        name="matters_moved",
    ),
    path("projekt/", include("projects.urls")),
    # The socialchef's inbox "Att besluta" at /att-besluta/, and the matters at /arenden/.
    path("", include("matters.urls")),
    path("plan/", include("plans.urls")),
    path("ekonomi/", include("finance.urls")),
    path("rapporter/", include("reporting.urls")),
    path("sammantraden/", include("meetings.urls")),
    path("history/", include("core.urls")),
    path("admin/", admin.site.urls),
]
