from django.urls import path

from .views import public, public_notice

app_name = "public"
urlpatterns = [
    path("notice/", public_notice.notice_list, name="notice_list"),
    path("notice/<id:campaign_pk>/", public_notice.notice_detail, name="notice_detail"),
    path("notice/<id:campaign_pk>/print/", public_notice.notice_print, name="notice_print"),
    path("notice/<id:campaign_pk>/objection/", public_notice.objection, name="objection"),
    path("gallery/", public.gallery_list, name="gallery"),
    path("gallery/<slug:slug>/", public.gallery_detail, name="gallery_detail"),
    path("gallery/<slug:slug>/<str:kind>.jpg", public.gallery_image, name="gallery_image"),
]
