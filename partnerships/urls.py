from django.urls import path

from partnerships import views

urlpatterns = [
    path("partnerskap/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
]
