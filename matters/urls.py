from django.urls import path

from matters import views

app_name = "matters"

urlpatterns = [
    path("att-besluta/", views.inbox, name="inbox"),
    path("att-besluta/historik/", views.inbox_history, name="inbox_history"),
    path("arenden/", views.matter_list, name="matter_list"),
    path("arenden/nytt/", views.consensus_create, name="consensus_create"),
    path("arenden/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("arenden/<int:pk>/besluta/", views.matter_decide, name="matter_decide"),
    path("arenden/<int:pk>/klart-for-beslut/", views.matter_ready, name="matter_ready"),
    path("arenden/<int:pk>/sista-dag/", views.matter_due_date, name="matter_due_date"),
    path("arenden/<int:pk>/kommentar/", views.matter_comment, name="matter_comment"),
    path(
        "arenden/<int:pk>/namndbeslut/",
        views.matter_committee_decision,
        name="matter_committee_decision",
    ),
    path("arenden/<int:pk>/aterkalla/", views.matter_withdraw, name="matter_withdraw"),
]
