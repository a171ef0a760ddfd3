from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("组织与党员")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        import config.converters  # noqa: F401  (<id:…> in every URLconf)
        from config.middleware import SecondFactorMiddleware, SessionLimitsMiddleware

        user_logged_in.connect(SessionLimitsMiddleware.stamp, dispatch_uid="session_limits_stamp")
        user_logged_in.connect(SecondFactorMiddleware.stamp, dispatch_uid="second_factor_stamp")

        from . import audit, login_throttle  # noqa: F401  (audit: registers its events)

        user_login_failed.connect(login_throttle.note_failure, dispatch_uid="login_throttle")
