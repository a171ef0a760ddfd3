from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("<id:pk>/row/", views.job_row, name="row"),
    path("<id:pk>/download/", views.job_download, name="download"),
    path("<id:pk>/retry/", views.job_retry, name="retry"),
]
