"""Members' events as the audit pages name them (:mod:`audit.registry`; MembersConfig.ready()):
roles and roster kinds by label, organisations by name, a contact masked as members masks it."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

from .choices import Role
from .masking import mask_contact
from .models import Organization
from .roster.columns import Kind as RosterKind


def organization_names(paths: set[str], ids: set[int]) -> dict[str | int, str]:
    """Each organisation's name by its path and by its id, in one query."""
    names: dict[str | int, str] = {}
    found = Organization.objects.filter(Q(path__in=paths) | Q(pk__in=ids))
    for pk, path, name in found.values_list("pk", "path", "name"):
        names[pk] = names[path] = name
    return names


trail.group(
    "member",
    _("党员"),
    {
        "member.personal_data_viewed": pgettext_lazy("audit event", "查看个人信息"),
        "member.user_linked": pgettext_lazy("audit event", "关联账号与党员"),
    },
)
trail.group(
    "organization",
    _("组织"),
    {
        "organization.saved": pgettext_lazy("audit event", "保存组织"),
    },
)
trail.group(
    "otp",
    _("双因素认证"),
    {
        "otp.disabled": pgettext_lazy("audit event", "停用双因素认证"),
        "otp.enabled": pgettext_lazy("audit event", "启用双因素认证"),
        "otp.failed": pgettext_lazy("audit event", "双因素验证失败"),
        "otp.replace_refused": pgettext_lazy("audit event", "拒绝替换双因素密钥"),
        "otp.setup_failed": pgettext_lazy("audit event", "双因素认证设置失败"),
        "otp.verified": pgettext_lazy("audit event", "双因素验证通过"),
    },
)
trail.group(
    "role",
    _("角色"),
    {
        "role.assigned": pgettext_lazy("audit event", "授予角色"),
        "role.revoked": pgettext_lazy("audit event", "收回角色"),
    },
)
trail.group(
    "roster",
    _("名册"),
    {
        "roster.discarded": pgettext_lazy("audit event", "放弃名册导入"),
        "roster.expired": pgettext_lazy("audit event", "逾期自动放弃名册导入"),
        "roster.exported": pgettext_lazy("audit event", "导出名册"),
        "roster.imported": pgettext_lazy("audit event", "导入名册"),
    },
)
trail.codes("role", Role.choices)
trail.codes("kind", RosterKind.CHOICES, group="roster")
trail.organizations(Organization, organization_names)
trail.contacts(mask_contact)
