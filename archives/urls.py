from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("campaigns/<id:pk>/archive/", views.campaign_archive, name="campaign"),
    path("campaigns/<id:pk>/archive/confirm/", views.archive_confirm, name="confirm"),
    path("campaigns/<id:pk>/archive/bundle/", views.bundle_download, name="bundle"),
]
