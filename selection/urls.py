from django.urls import path

from .views import (
    attachments,
    campaigns,
    dashboard,
    nominations,
    profiles,
    publicity,
    queues,
    screening,
)

app_name = "selection"
urlpatterns = [
    path("nominations/", dashboard.dashboard, name="dashboard"),
    path("nominations/new/", nominations.nomination_new, name="nomination_new"),
    path("nominations/screening/", queues.screening_queue, name="screening_queue"),
    path(
        "nominations/screening/approve/",
        queues.screening_approve,
        name="screening_approve",
    ),
    path("nominations/integrity/", queues.integrity_queue, name="integrity_queue"),
    path(
        "nominations/integrity/opinions/",
        queues.integrity_opinions,
        name="integrity_opinions",
    ),
    path("nominations/<id:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<id:pk>/edit/", nominations.nomination_edit, name="nomination_edit"),
    path("nominations/<id:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<id:pk>/delete/", nominations.nomination_delete, name="nomination_delete"),
    path("nominations/<id:pk>/return/", screening.nomination_return, name="nomination_return"),
    path(
        "nominations/<id:pk>/eligible/",
        screening.nomination_eligible,
        name="nomination_eligible",
    ),
    path(
        "nominations/<id:pk>/ineligible/",
        screening.nomination_ineligible,
        name="nomination_ineligible",
    ),
    path(
        "nominations/<id:pk>/integrity/",
        queues.nomination_integrity,
        name="nomination_integrity",
    ),
    path("nominations/<id:pk>/photo/", attachments.nomination_photo, name="nomination_photo"),
    path(
        "nominations/<id:pk>/photo/preview/",
        attachments.nomination_photo_preview,
        name="nomination_photo_preview",
    ),
    path("nominations/<id:pk>/attachments/", attachments.attachment_add, name="attachment_add"),
    path(
        "nominations/<id:pk>/attachments/<id:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "nominations/<id:pk>/attachments/<id:attachment_pk>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<id:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<id:pk>/phase/", campaigns.campaign_phase, name="campaign_phase"),
    path("campaigns/<id:pk>/quotas/", campaigns.quota_add, name="quota_add"),
    path(
        "campaigns/<id:pk>/quotas/<id:override_pk>/delete/",
        campaigns.quota_remove,
        name="quota_remove",
    ),
    path("campaigns/<id:pk>/notice/", publicity.manage, name="notice_manage"),
    path("campaigns/<id:pk>/notice/open/", publicity.open_notice, name="notice_open"),
    path(
        "campaigns/<id:pk>/notice/objections/<id:objection_pk>/",
        publicity.resolve,
        name="objection_resolve",
    ),
    path("campaigns/<id:pk>/notice/approve/", publicity.approve_all, name="notice_approve"),
    path("campaigns/<id:pk>/notice/conclude/", publicity.conclude, name="campaign_conclude"),
    path(
        "campaigns/<id:pk>/finalists/<id:nomination_pk>/consent/",
        publicity.record_consent,
        name="consent",
    ),
    path(
        "campaigns/<id:pk>/finalists/<id:nomination_pk>/profile/",
        publicity.create_profile,
        name="profile_create",
    ),
    path(
        "campaigns/<id:pk>/finalists/<id:nomination_pk>/revoke/",
        publicity.revoke,
        name="revoke",
    ),
    path("calendar/", publicity.calendar, name="calendar"),
    path("calendar/<id:day_pk>/delete/", publicity.calendar_remove, name="calendar_remove"),
    path("profiles/<id:profile_pk>/", profiles.profile_edit, name="profile_edit"),
    path("profiles/<id:profile_pk>/photo/", profiles.profile_photo, name="profile_photo"),
    path(
        "profiles/<id:profile_pk>/photo/preview/",
        profiles.profile_photo_preview,
        name="profile_photo_preview",
    ),
    path("profiles/<id:profile_pk>/publish/", profiles.profile_publish, name="profile_publish"),
    path(
        "profiles/<id:profile_pk>/unpublish/",
        profiles.profile_unpublish,
        name="profile_unpublish",
    ),
]
