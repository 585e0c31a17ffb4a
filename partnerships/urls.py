from django.urls import path

from accounts import views as account_views
from partnerships import views

urlpatterns = [
    path("", account_views.start, name="start"),
    path("partnerskap/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("kommun/<str:code>/handelser/", views.municipality_events, name="municipality_events"),
    path(
        "kommun/<str:code>/handelser/<int:pk>/bilaga/",
        views.municipality_event_attachment,
        name="municipality_event_attachment",
    ),
]
