"""What each audit verb means, in the UI language: the one place the auditor's labels live.

Every verb the code records has a label here (``tests/audit/test_verbs.py`` checks it); a verb
found in old rows but no longer recorded shows as its code."""

from __future__ import annotations

import functools
import zlib

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Verb groups (the part before the dot), for the filter's headings.
GROUPS = {
    "api": _("接口"),
    "archive": _("归档"),
    "audit": _("审计"),
    "auth": _("登录"),
    "backup": _("备份"),
    "calendar": _("工作日历"),
    "campaign": _("评选活动"),
    "http": _("访问"),
    "member": _("党员"),
    "nomination": _("推荐"),
    "notice": _("公示"),
    "organization": _("组织"),
    "otp": _("双因素认证"),
    "profile": _("风采"),
    "reminder": _("提醒"),
    "report": _("报表"),
    "review": _("评审"),
    "role": _("角色"),
    "roster": _("名册"),
    "survey": _("测评"),
}

LABELS = {
    "api.call": _("接口调用"),
    "api.refused": _("接口调用被拒绝"),
    "api.token_created": _("创建接口令牌"),
    "api.token_revoked": _("吊销接口令牌"),
    "archive.built": _("生成归档文件"),
    "archive.downloaded": _("下载归档包"),
    "archive.retried": _("重新生成归档文件"),
    "archive.unselected_deleted": _("删除未入选人员个人信息"),
    "audit.exported": _("导出审计日志"),
    "audit.purged": _("清理过期审计日志"),
    "auth.locked_out": _("账号被锁定"),
    "auth.login": _("登录"),
    "auth.login_failed": _("登录失败"),
    "auth.logout": _("退出登录"),
    "backup.created": _("创建备份"),
    "backup.restored": _("从备份恢复"),
    "calendar.day_removed": _("删除日历日期"),
    "calendar.day_set": _("设置日历日期"),
    "calendar.official_loaded": _("导入法定节假日"),
    "campaign.archived": _("归档评选活动"),
    "campaign.phase_changed": _("切换活动阶段"),
    "campaign.stage_closed": _("推荐层级截止"),
    "campaign.stages_set": _("设置推荐层级"),
    "campaign.quota_removed": _("删除名额"),
    "campaign.quota_set": _("设置名额"),
    "campaign.saved": _("保存评选活动"),
    "http.403": _("拒绝访问"),
    "member.personal_data_viewed": _("查看个人信息"),
    "member.user_linked": _("关联账号与党员"),
    "nomination.attachment_added": _("添加附件"),
    "nomination.attachment_removed": _("删除附件"),
    "nomination.created": _("新建推荐"),
    "nomination.eligibility_overridden": _("改判资格"),
    "nomination.integrity_opinion": _("出具廉洁意见"),
    "nomination.updated": _("修改推荐"),
    "nomination.submit": _("提交推荐"),
    "nomination.return": _("退回推荐修改"),
    "nomination.declare_eligible": _("资格审查通过"),
    "nomination.declare_ineligible": _("资格审查不通过"),
    "nomination.stage_ineligible": _("本级资格审查不通过"),
    "nomination.veto": _("廉洁一票否决"),
    "nomination.start_review": _("推荐进入评审"),
    "nomination.shortlist": _("确定为拟推荐"),
    "nomination.not_select": _("确定未入选"),
    "nomination.resume_review": _("恢复评审"),
    "nomination.open_notice": _("推荐进入公示"),
    "nomination.withdraw": _("撤销推荐"),
    "nomination.approve": _("公示通过"),
    "nomination.publish": _("发布风采"),
    "nomination.unpublish": _("撤回风采"),
    "nomination.revoke": _("撤销荣誉"),
    "notice.objection_filed": _("登记异议"),
    "notice.objection_investigated": _("调查异议"),
    "notice.objection_resolved": _("答复异议"),
    "notice.opened": _("发布公示"),
    "organization.saved": _("保存组织"),
    "otp.disabled": _("停用双因素认证"),
    "otp.enabled": _("启用双因素认证"),
    "otp.failed": _("双因素验证失败"),
    "otp.replace_refused": _("拒绝替换双因素密钥"),
    "otp.setup_failed": _("双因素认证设置失败"),
    "otp.verified": _("双因素验证通过"),
    "profile.consent_recorded": _("登记本人同意"),
    "profile.created": _("新建风采"),
    "profile.updated": _("修改风采"),
    "reminder.sent": _("发送截止提醒"),
    "report.downloaded": _("下载报表"),
    "report.requested": _("申请生成报表"),
    "report.retried": _("重新生成报表"),
    "review.assigned": _("分配评审"),
    "review.cap_overridden": _("突破评审上限"),
    "review.card_reopened": _("重新打开评分表"),
    "review.card_submitted": _("提交评分表"),
    "review.conflict_declared": _("声明回避"),
    "review.criteria_saved": _("保存评分标准"),
    "review.reviewer_added": _("增加评委"),
    "review.reviewer_removed": _("移除评委"),
    "review.shortlist_confirmed": _("确认拟推荐名单"),
    "review.stage_confirmed": _("确认本级推荐名单"),
    "review.stage_assigned": _("分配本级评审"),
    "review.stage_screened": _("本级资格审查通过"),
    "review.stage_withdrawn": _("撤回本级推荐名单"),
    "review.shortlist_revised": _("修订拟推荐名单"),
    "review.unassigned": _("取消分配评审"),
    "review.unranked_ended": _("公示时未参与排名的推荐记为未入选"),
    "role.assigned": _("授予角色"),
    "role.revoked": _("收回角色"),
    "roster.exported": _("导出名册"),
    "roster.imported": _("导入名册"),
    "survey.codes_issued": _("发放测评码"),
}


#: Changes whenever the code's verbs do: keys what is kept from them (the audit filter's options).
VERSION = zlib.crc32(" ".join(sorted(LABELS)).encode())


def label(verb: str) -> str:
    """The verb's label in the active language, or the verb itself when it has none."""
    return str(LABELS.get(verb, verb))


def choices():
    """The filter's options: one group per verb group, each with an "all of the group" entry
    (its prefix, ending in a dot) then its verbs, in label order. Made once per language: the
    labels are the code's own, and sorting them by their translation is most of a filter
    form's making."""
    return _choices(get_language())


@functools.cache
def _choices(language: str) -> list:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for verb, text in LABELS.items():
        grouped.setdefault(verb.split(".", 1)[0], []).append((verb, str(text)))
    options: list = [("", str(_("全部动作")))]
    for prefix in sorted(grouped, key=lambda p: str(GROUPS.get(p, p))):
        name = str(GROUPS.get(prefix, prefix))
        entries = [(f"{prefix}.", _("全部（%(group)s）") % {"group": name})]
        entries += sorted(grouped[prefix], key=lambda entry: entry[1])
        options.append((name, entries))
    return options
