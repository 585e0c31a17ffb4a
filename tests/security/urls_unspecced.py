"""A URL configuration with URLs the matrix has no spec for (test_permission_matrix.py)."""

from django.http import HttpResponse
from django.urls import include, path

from kommunalutveckling.urls import urlpatterns as project_urlpatterns


def new_view(request):
    return HttpResponse("ny")


urlpatterns = [
    *project_urlpatterns,
    path("projekt/", include(([path("arkiv/", new_view, name="project_archive")], "projects"))),
    path("namnlos/", new_view),
]
