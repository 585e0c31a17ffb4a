from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("<str:app_label>/<str:model_name>/<str:pk>/", views.history, name="history"),
]
