from django.urls import path

from . import roster_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/user/", views.link_user, name="link_user"),
    path("roster/", roster_views.roster_home, name="roster"),
    path("roster/template/<str:kind>/", roster_views.roster_template, name="roster_template"),
    path("roster/upload/", roster_views.roster_upload, name="roster_upload"),
    path("roster/<id:pk>/", roster_views.roster_preview, name="roster_preview"),
    path("roster/<id:pk>/confirm/", roster_views.roster_confirm, name="roster_confirm"),
    path("roster/<id:pk>/discard/", roster_views.roster_discard, name="roster_discard"),
    path("roster/export/<str:kind>/", roster_views.roster_export, name="roster_export"),
]
