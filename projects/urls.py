from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.portfolio_list, name="portfolio_list"),
    path("portfolj/<int:pk>/", views.portfolio_detail, name="portfolio_detail"),
    path("portfolj/<int:pk>/export.csv", views.portfolio_export_csv, name="portfolio_export_csv"),
    path(
        "portfolj/<int:pk>/export.xlsx", views.portfolio_export_xlsx, name="portfolio_export_xlsx"
    ),
    path("portfolj/<int:pk>/nytt-projekt/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/redigera/", views.project_edit, name="project_edit"),
    path("<int:pk>/beslut-om-steg/", views.project_gate, name="project_gate"),
    path("<int:pk>/deltagande/", views.project_participation, name="project_participation"),
    path("<int:pk>/deltagande/besluta/", views.participation_confirm, name="participation_confirm"),
    path("<int:pk>/ansok-om-medel/", views.funds_request_create, name="funds_request_create"),
    path("<int:pk>/status/", views.project_status, name="project_status"),
    path("steg/", views.stage_list, name="stage_list"),
    path("steg/nytt/", views.stage_edit, name="stage_create"),
    path("steg/standard/", views.stage_defaults, name="stage_defaults"),
    path("steg/<int:pk>/", views.stage_edit, name="stage_edit"),
]
