"""The API's events as the audit pages name them (:mod:`audit.registry`; ApiConfig.ready())."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

trail.group(
    "api",
    _("接口"),
    {
        "api.call": pgettext_lazy("audit event", "接口调用"),
        "api.refused": pgettext_lazy("audit event", "接口调用被拒绝"),
        "api.token_created": pgettext_lazy("audit event", "创建接口令牌"),
        "api.token_revoked": pgettext_lazy("audit event", "吊销接口令牌"),
    },
)
# An API call's status is the HTTP answer's code, not an objection's outcome.
trail.key_in_group("api", "status", pgettext_lazy("audit change", "HTTP 状态码"))
