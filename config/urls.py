from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from members import otp_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # The public pages first: the whole city may hit them at once, and Django tries every
    # pattern before the one that matches.
    path("", include("selection.public_urls")),
    # The API next, for the same reason (its public list is measured like the gallery's).
    path("api/", include("api.urls")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        views.ThrottledLoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/keep-alive/", views.keep_alive, name="keep_alive"),
    path("accounts/otp/", otp_views.verify, name="otp_verify"),
    path("accounts/otp/setup/", otp_views.setup, name="otp_setup"),
    path("accounts/otp/disable/", otp_views.disable, name="otp_disable"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("members/", include("members.urls")),
    path("audit/", include("members.audit_urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("selection.urls")),
    path("", include("evaluations.urls")),
    path("", include("archives.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
