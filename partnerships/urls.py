from django.urls import path

from partnerships import views

urlpatterns = [
    path("partnerskap/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path(
        "partnerskap/<slug:slug>/folkmangd/import/",
        views.population_import,
        name="population_import",
    ),
    path(
        "partnerskap/<slug:slug>/folkmangd/import/granska/",
        views.population_import_confirm,
        name="population_import_confirm",
    ),
    path("kommun/<str:code>/handelser/", views.municipality_events, name="municipality_events"),
    path(
        "kommun/<str:code>/handelser/<int:pk>/bilaga/",
        views.municipality_event_attachment,
        name="municipality_event_attachment",
    ),
]
