from django.urls import path

from partnerships import people_views, views

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
    # People, their sign-in accounts and seats: kansliet's (partnerships.people).
    path("personer/", people_views.people_list, name="people_list"),
    path("personer/ny/", people_views.person_add, name="person_add"),
    path("personer/<int:pk>/", people_views.person_detail, name="person_detail"),
    path(
        "personer/<int:pk>/konton/koppla/",
        people_views.person_identity_link,
        name="person_identity_link",
    ),
    path(
        "personer/<int:pk>/konton/<int:identity_pk>/koppla-bort/",
        people_views.person_identity_unlink,
        name="person_identity_unlink",
    ),
    path("personer/<int:pk>/platser/ny/", people_views.seat_give, name="seat_give"),
    path(
        "personer/<int:pk>/platser/<int:membership_pk>/avsluta/",
        people_views.seat_end,
        name="seat_end",
    ),
]
