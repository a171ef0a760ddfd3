"""The audit app's own events as its pages name them (:mod:`audit.registry`; AuditConfig.ready()):
the trail's export and purge, sign-ins (:mod:`audit.signals`), refused pages."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

trail.group(
    "audit",
    _("审计"),
    {
        "audit.exported": pgettext_lazy("audit event", "导出审计日志"),
        "audit.purged": pgettext_lazy("audit event", "清理过期审计日志"),
    },
)
trail.group(
    "auth",
    pgettext_lazy("audit group", "登录"),
    {
        "auth.locked_out": pgettext_lazy("audit event", "账号被锁定"),
        "auth.login": pgettext_lazy("audit event", "登录"),
        "auth.login_failed": pgettext_lazy("audit event", "登录失败"),
        "auth.logout": pgettext_lazy("audit event", "退出登录"),
    },
)
trail.group(
    "http",
    _("访问"),
    {
        "http.403": pgettext_lazy("audit event", "拒绝访问"),
    },
)
