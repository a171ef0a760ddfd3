"""What each audit verb means, in the UI language: the one place the auditor's labels live.

Every verb the code records has a label here (``tests/audit/test_verbs.py`` checks it); a verb
found in old rows but no longer recorded shows as its code. The kind of an event's object
(推荐, not selection.nomination) is its model's verbose name, read back by the 对象 filter."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.translation import get_language, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reports.choices import Kind as ReportKind

#: Verb groups (the part before the dot), for the filter's headings.
GROUPS = {
    "api": _("接口"),
    "archive": _("归档"),
    "audit": _("审计"),
    "auth": pgettext_lazy("audit group", "登录"),
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

#: What happened, named as an event ("Signed in", "Profile published"): in their own context, apart
#: from the button or the state of the same Chinese.
LABELS = {
    "api.call": pgettext_lazy("audit event", "接口调用"),
    "api.refused": pgettext_lazy("audit event", "接口调用被拒绝"),
    "api.token_created": pgettext_lazy("audit event", "创建接口令牌"),
    "api.token_revoked": pgettext_lazy("audit event", "吊销接口令牌"),
    "archive.built": pgettext_lazy("audit event", "生成归档文件"),
    "archive.downloaded": pgettext_lazy("audit event", "下载归档包"),
    "archive.retried": pgettext_lazy("audit event", "重新生成归档文件"),
    "archive.unselected_deleted": pgettext_lazy("audit event", "删除未入选人员个人信息"),
    "audit.exported": pgettext_lazy("audit event", "导出审计日志"),
    "audit.purged": pgettext_lazy("audit event", "清理过期审计日志"),
    "auth.locked_out": pgettext_lazy("audit event", "账号被锁定"),
    "auth.login": pgettext_lazy("audit event", "登录"),
    "auth.login_failed": pgettext_lazy("audit event", "登录失败"),
    "auth.logout": pgettext_lazy("audit event", "退出登录"),
    "backup.created": pgettext_lazy("audit event", "创建备份"),
    "backup.restored": pgettext_lazy("audit event", "从备份恢复"),
    "calendar.day_removed": pgettext_lazy("audit event", "删除日历日期"),
    "calendar.day_set": pgettext_lazy("audit event", "设置日历日期"),
    "calendar.official_loaded": pgettext_lazy("audit event", "导入法定节假日"),
    "campaign.archived": pgettext_lazy("audit event", "归档评选活动"),
    "campaign.phase_changed": pgettext_lazy("audit event", "切换活动阶段"),
    "campaign.stage_closed": pgettext_lazy("audit event", "推荐层级截止"),
    "campaign.stages_set": pgettext_lazy("audit event", "设置推荐层级"),
    "campaign.quota_removed": pgettext_lazy("audit event", "删除名额"),
    "campaign.quota_set": pgettext_lazy("audit event", "设置名额"),
    "campaign.saved": pgettext_lazy("audit event", "保存评选活动"),
    "http.403": pgettext_lazy("audit event", "拒绝访问"),
    "member.personal_data_viewed": pgettext_lazy("audit event", "查看个人信息"),
    "member.user_linked": pgettext_lazy("audit event", "关联账号与党员"),
    "nomination.attachment_added": pgettext_lazy("audit event", "添加附件"),
    "nomination.attachment_removed": pgettext_lazy("audit event", "删除附件"),
    "nomination.created": pgettext_lazy("audit event", "新建推荐"),
    "nomination.draft_deleted": pgettext_lazy("audit event", "删除推荐草稿"),
    "nomination.eligibility_overridden": pgettext_lazy("audit event", "改判资格"),
    "nomination.integrity_opinion": pgettext_lazy("audit event", "出具廉洁意见"),
    "nomination.updated": pgettext_lazy("audit event", "修改推荐"),
    "nomination.submit": pgettext_lazy("audit event", "提交推荐"),
    "nomination.return": pgettext_lazy("audit event", "退回推荐修改"),
    "nomination.declare_eligible": pgettext_lazy("audit event", "资格审查通过"),
    "nomination.declare_ineligible": pgettext_lazy("audit event", "资格审查不通过"),
    "nomination.stage_ineligible": pgettext_lazy("audit event", "本级资格审查不通过"),
    "nomination.veto": pgettext_lazy("audit event", "廉洁一票否决"),
    "nomination.start_review": pgettext_lazy("audit event", "推荐进入评审"),
    "nomination.shortlist": pgettext_lazy("audit event", "确定为拟推荐"),
    "nomination.not_select": pgettext_lazy("audit event", "确定未入选"),
    "nomination.resume_review": pgettext_lazy("audit event", "恢复评审"),
    "nomination.open_notice": pgettext_lazy("audit event", "推荐进入公示"),
    "nomination.withdraw": pgettext_lazy("audit event", "撤销推荐"),
    "nomination.approve": pgettext_lazy("audit event", "公示通过"),
    "nomination.publish": pgettext_lazy("audit event", "发布风采"),
    "nomination.unpublish": pgettext_lazy("audit event", "撤回风采"),
    "nomination.revoke": pgettext_lazy("audit event", "撤销荣誉"),
    "notice.objection_filed": pgettext_lazy("audit event", "登记异议"),
    "notice.objection_contacts_viewed": pgettext_lazy("audit event", "查看异议人联系方式"),
    "notice.objection_investigated": pgettext_lazy("audit event", "调查异议"),
    "notice.objection_resolved": pgettext_lazy("audit event", "答复异议"),
    "notice.opened": pgettext_lazy("audit event", "发布公示"),
    "organization.saved": pgettext_lazy("audit event", "保存组织"),
    "otp.disabled": pgettext_lazy("audit event", "停用双因素认证"),
    "otp.enabled": pgettext_lazy("audit event", "启用双因素认证"),
    "otp.failed": pgettext_lazy("audit event", "双因素验证失败"),
    "otp.replace_refused": pgettext_lazy("audit event", "拒绝替换双因素密钥"),
    "otp.setup_failed": pgettext_lazy("audit event", "双因素认证设置失败"),
    "otp.verified": pgettext_lazy("audit event", "双因素验证通过"),
    "profile.consent_recorded": pgettext_lazy("audit event", "登记本人同意"),
    "profile.created": pgettext_lazy("audit event", "新建风采"),
    "profile.updated": pgettext_lazy("audit event", "修改风采"),
    "reminder.sent": pgettext_lazy("audit event", "发送截止提醒"),
    "report.downloaded": pgettext_lazy("audit event", "下载报表"),
    "report.requested": pgettext_lazy("audit event", "申请生成报表"),
    "report.retried": pgettext_lazy("audit event", "重新生成报表"),
    "review.assigned": pgettext_lazy("audit event", "分配评审"),
    "review.cap_overridden": pgettext_lazy("audit event", "突破评审上限"),
    "review.card_reopened": pgettext_lazy("audit event", "重新打开评分表"),
    "review.card_submitted": pgettext_lazy("audit event", "提交评分表"),
    "review.conflict_declared": pgettext_lazy("audit event", "声明回避"),
    "review.criteria_saved": pgettext_lazy("audit event", "保存评分标准"),
    "review.reviewer_added": pgettext_lazy("audit event", "增加评委"),
    "review.reviewer_removed": pgettext_lazy("audit event", "移除评委"),
    "review.shortlist_confirmed": pgettext_lazy("audit event", "确认拟推荐名单"),
    "review.stage_confirmed": pgettext_lazy("audit event", "确认本级推荐名单"),
    "review.stage_assigned": pgettext_lazy("audit event", "分配本级评审"),
    "review.stage_screened": pgettext_lazy("audit event", "本级资格审查通过"),
    "review.stage_withdrawn": pgettext_lazy("audit event", "撤回本级推荐名单"),
    "review.shortlist_revised": pgettext_lazy("audit event", "修订拟推荐名单"),
    "review.unassigned": pgettext_lazy("audit event", "取消分配评审"),
    "review.unranked_ended": pgettext_lazy("audit event", "公示时未参与排名的推荐记为未入选"),
    "role.assigned": pgettext_lazy("audit event", "授予角色"),
    "role.revoked": pgettext_lazy("audit event", "收回角色"),
    "roster.discarded": pgettext_lazy("audit event", "放弃名册导入"),
    "roster.expired": pgettext_lazy("audit event", "逾期自动放弃名册导入"),
    "roster.exported": pgettext_lazy("audit event", "导出名册"),
    "roster.imported": pgettext_lazy("audit event", "导入名册"),
    "survey.codes_issued": pgettext_lazy("audit event", "发放测评码"),
}


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


def kind_label(target_type: str) -> str:
    """The verbose name of the model ``target_type`` ("selection.nomination") names, in the
    current language; the code itself when no installed model has it (an old row), "" for
    none."""
    if not target_type:
        return ""
    from django.apps import apps

    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


#: Objects whose name the log stores as "<label of a code> #<id>" (a report job: "汇总表 #1",
#: ``ReportJob.__str__``), in the language of whoever acted: shown with the label in the
#: reader's language.
NAMED_BY_CODE = {"reports.reportjob": ReportKind.choices}


def target_name(target_type: str, target_repr: str) -> str:
    """The object's name as the log stores it, its code's label (``NAMED_BY_CODE``) in the
    current language; as stored when it is not such a name."""
    label, mark, number = target_repr.rpartition(" #")
    code = _codes_by_label(target_type).get(label) if mark else None
    if code is None:
        return target_repr
    return f"{dict(NAMED_BY_CODE[target_type])[code]} #{number}"


@functools.cache
def _codes_by_label(target_type: str) -> dict[str, str]:
    # Every language's labels: the name was stored in the language of whoever acted.
    codes: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            codes |= {str(text): code for code, text in NAMED_BY_CODE.get(target_type, ())}
    return codes


def kind_codes(text: str) -> tuple[str, ...]:
    """The codes of the installed models ``text`` names, as the 对象 column shows a kind (推荐)
    or as it is stored (selection.nomination): a verbose name in the current language or in
    another of the portal's, or a code, in any case. Every model bearing the name (two may
    share one); () when none does."""
    key = " ".join(text.split()).casefold()
    languages = dict.fromkeys([get_language(), *(code for code, _name in settings.LANGUAGES)])
    codes = (code for language in languages for code in _kinds(language).get(key, ()))
    return tuple(dict.fromkeys(codes))


def stored_kind(text: str) -> bool:
    """``text`` is a type as the log stores it, ``app_label.model`` of an installed app, whether
    or not the model is still there (an old row's, which the 对象 column shows as stored); a
    file name (名册.xlsx) is not."""
    from django.apps import apps

    label, dot, model = text.partition(".")
    labels = {config.label for config in apps.get_app_configs()}
    return bool(dot) and label in labels and model.isidentifier() and model == model.lower()


@functools.cache
def _kinds(language: str | None) -> dict[str, tuple[str, ...]]:
    # Once per language per process: the set of installed models (and so their names) does
    # not change while a process runs.
    from django.apps import apps

    kinds: dict[str, list[str]] = {}
    with override(language):
        for model in apps.get_models():
            code = model._meta.label_lower
            for key in {code, " ".join(str(model._meta.verbose_name).split()).casefold()}:
                kinds.setdefault(key, []).append(code)
    return {key: tuple(codes) for key, codes in kinds.items()}
