from django.urls import path

from accounts import views as account_views
from partnerships import views

urlpatterns = [
    path("", account_views.start, name="start"),
    path("partnerskap/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
]
