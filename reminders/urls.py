from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("<id:pk>/dismiss/", views.dismiss, name="dismiss"),
]
