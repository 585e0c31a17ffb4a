from django.urls import path

from plans import survey_views, views

app_name = "plans"

urlpatterns = [
    path("ledningssystem/", views.management_system, name="management_system"),
    path("ledningssystem/<slug:body_slug>/ny/", views.group_plan_create, name="group_plan_create"),
    path("ledningssystem/<slug:body_slug>/planer/", views.group_plans, name="group_plans"),
    path("visa/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("visa/<int:pk>/redigera/", views.plan_edit, name="plan_edit"),
    path("visa/<int:pk>/foresla/", views.plan_propose, name="propose"),
    path("visa/<int:pk>/antagen/", views.plan_record_adoption, name="record_adoption"),
    path("visa/<int:pk>/version/<int:number>/ladda-ner/", views.version_download, name="download"),
    path("visa/<int:pk>/version/<int:number>/webb/", views.version_web, name="version_web"),
    path("visa/<int:pk>/matetal/<int:indicator_id>/utfall/", views.value_enter, name="value_enter"),
    path("visa/<int:pk>/<slug:kind>/ny/", views.part_edit, name="part_create"),
    path("visa/<int:pk>/<slug:kind>/ny/<int:parent_id>/", views.part_edit, name="part_create_in"),
    path("visa/<int:pk>/<slug:kind>/<int:part_id>/", views.part_edit, name="part_edit"),
    path("visa/<int:pk>/<slug:kind>/<int:part_id>/ta-bort/", views.part_delete, name="part_delete"),
    path("<slug:slug>/", views.plan_index, name="index"),
    path("<slug:slug>/ny/", views.plan_create, name="create"),
    path("<slug:slug>/mal/<int:year>/", views.goals, name="goals"),
    path("<slug:slug>/enkat/", survey_views.survey_import, name="survey_import"),
    path(
        "<slug:slug>/enkat/bekrafta/",
        survey_views.survey_import_confirm,
        name="survey_import_confirm",
    ),
]
