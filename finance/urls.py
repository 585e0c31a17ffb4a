from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/avgift/<int:year>/", views.allocation, name="allocation"),
    path(
        "<slug:slug>/avgift/<int:year>/fordelning.csv", views.allocation_csv, name="allocation_csv"
    ),
    path(
        "<slug:slug>/avgift/<int:year>/fordelning.xlsx",
        views.allocation_xlsx,
        name="allocation_xlsx",
    ),
    path("<slug:slug>/avgift/<int:year>/index/", views.fee_index, name="fee_index"),
    path("<slug:slug>/avgift/<int:year>/besluta/", views.fee_decide, name="fee_decide"),
    path("<slug:slug>/budget/ny/", views.budget_create, name="budget_create"),
    path("<slug:slug>/budget/<int:year>/", views.budget_detail, name="budget"),
    path("<slug:slug>/budget/<int:year>/utfall/", views.budget_outcome, name="budget_outcome"),
    path("<slug:slug>/budget/<int:year>/rad/ny/", views.line_create, name="line_create"),
    path("<slug:slug>/budget/<int:year>/rad/<int:pk>/", views.line_edit, name="line_edit"),
    path(
        "<slug:slug>/budget/<int:year>/rad/<int:pk>/ta-bort/", views.line_delete, name="line_delete"
    ),
    path(
        "<slug:slug>/budget/<int:year>/finansiering/ny/",
        views.funding_source_edit,
        name="funding_source_create",
    ),
    path(
        "<slug:slug>/budget/<int:year>/finansiering/<int:pk>/",
        views.funding_source_edit,
        name="funding_source_edit",
    ),
    path("<slug:slug>/budget/<int:year>/import/", views.outcomes_import, name="outcomes_import"),
]
