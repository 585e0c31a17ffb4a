from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:slug>/ny/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/redigera/", views.report_edit, name="edit"),
    path("<int:pk>/forhandsgranska/", views.report_preview, name="preview"),
    path("<int:pk>/forhandsgranska.pdf", views.report_preview_pdf, name="preview_pdf"),
    path("<int:pk>/publicera/", views.report_publish, name="publish"),
    path(
        "<int:pk>/version/<int:number>/ladda-ner/",
        views.version_download,
        name="download",
    ),
    path("<int:pk>/version/<int:number>/webb/", views.version_web, name="web"),
]
