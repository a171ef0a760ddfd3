"""What the keys and coded values of an audit event's before/after are called, in the UI
language: the one place the auditor's change labels live (as :mod:`audit.verbs` is for verbs);
:mod:`audit.changes` shows the values with them.

The codes come from the apps' own choices (their TextChoices labels), read here only to show
them; a key or a value not listed shows as it is stored, so an old row always reads."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import pgettext_lazy

from evaluations.choices import CardState, CriterionCode
from members.choices import OrgKind, Role
from members.roster.columns import Kind as RosterKind
from reminders.choices import Kind as ReminderKind
from reports.choices import JobState
from reports.choices import Kind as ReportKind
from selection.choices import IntegrityVerdict, Phase, QuotaKind, StageDecision, State
from selection.models import CalendarDay, Campaign, ExemplarProfile, Nomination, Objection

KEYS = {
    "—": "—",
    "added": pgettext_lazy("audit change", "新增"),
    "advanced": pgettext_lazy("audit change", "推荐上报"),
    "advanced_removed": pgettext_lazy("audit change", "撤回的上报"),
    "answer": pgettext_lazy("audit change", "答复"),
    "answer_sent_to": pgettext_lazy("audit change", "答复送达"),
    "archive": pgettext_lazy("audit change", "归档文件"),
    "archived_at": pgettext_lazy("audit change", "归档时间"),
    "attachment": pgettext_lazy("audit change", "附件"),
    "bundle_sha256": pgettext_lazy("audit change", "归档包校验值（SHA-256）"),
    "campaign": pgettext_lazy("audit change", "评选活动"),
    "can_write": pgettext_lazy("audit change", "允许写入"),
    "cap": pgettext_lazy("audit change", "评审上限"),
    "card": pgettext_lazy("audit change", "评分表"),
    "cards": pgettext_lazy("audit change", "评分表"),
    "cards_removed": pgettext_lazy("audit change", "移除的评分表"),
    "cards_withdrawn": pgettext_lazy("audit change", "撤回的评分表"),
    "count": pgettext_lazy("audit change", "数量"),
    "created": pgettext_lazy("audit change", "新增"),
    "created_at": pgettext_lazy("audit change", "创建时间"),
    "date": pgettext_lazy("audit change", "日期"),
    "deadline": pgettext_lazy("audit change", "截止时间"),
    "decisions": pgettext_lazy("audit change", "推荐决定"),
    "departs": pgettext_lazy("audit change", "偏离排名"),
    "document": pgettext_lazy("audit change", "撤销决定文号"),
    "edition": pgettext_lazy("audit change", "版本"),
    "eligible": pgettext_lazy("audit change", "资格审查通过"),
    "email": pgettext_lazy("audit change", "电子邮件"),
    "ends_on": pgettext_lazy("audit change", "结束日期"),
    "error": pgettext_lazy("audit change", "错误"),
    "expires_at": pgettext_lazy("audit change", "有效期至"),
    "fields": pgettext_lazy("audit change", "字段"),
    "file": pgettext_lazy("audit change", "文件"),
    "files_only": pgettext_lazy("audit change", "仅恢复文件"),
    "filters": pgettext_lazy("audit change", "筛选条件"),
    "finding": pgettext_lazy("audit change", "调查结论"),
    "first": pgettext_lazy("audit change", "起始日期"),
    "forced": pgettext_lazy("audit change", "强制恢复"),
    "investigator": pgettext_lazy("audit change", "调查人"),
    "items": pgettext_lazy("audit change", "事项"),
    "kind": pgettext_lazy("audit change", "类型"),
    "label": pgettext_lazy("audit change", "用途说明"),
    "last": pgettext_lazy("audit change", "截止日期"),
    "late": pgettext_lazy("audit change", "逾期"),
    "member": pgettext_lazy("audit change", "党员"),
    "method": pgettext_lazy("audit change", "请求方法"),
    "name": pgettext_lazy("audit change", "名称"),
    "node": pgettext_lazy("audit change", "组织"),
    "nomination": pgettext_lazy("audit change", "推荐"),
    "nominations": pgettext_lazy("audit change", "推荐"),
    "not_selected": pgettext_lazy("audit change", "未入选"),
    "note": pgettext_lazy("audit change", "备注"),
    "objection": pgettext_lazy("audit change", "异议"),
    "older_than_days": pgettext_lazy("audit change", "保留天数"),
    "organization": pgettext_lazy("audit change", "组织"),
    "overridden": pgettext_lazy("audit change", "改判的条件"),
    "path": pgettext_lazy("audit change", "路径"),
    "phase": pgettext_lazy("audit change", "阶段"),
    "point": pgettext_lazy("audit change", "提前小时数"),
    "prefix": pgettext_lazy("audit change", "令牌前缀"),
    "public_until": pgettext_lazy("audit change", "公告截止日期"),
    "rank_order": pgettext_lazy("audit change", "排名顺序"),
    "reason": pgettext_lazy("audit change", "理由"),
    "recipient": pgettext_lazy("audit change", "收件人"),
    "retention_days": pgettext_lazy("audit change", "保存期限（天）"),
    "reviewer": pgettext_lazy("audit change", "评委"),
    "saved_scores": pgettext_lazy("audit change", "已保存的草稿评分项数"),
    "role": pgettext_lazy("audit change", "角色"),
    "rows": pgettext_lazy("audit change", "行数"),
    "rules": pgettext_lazy("audit change", "资格条件"),
    "scope": pgettext_lazy("audit change", "范围"),
    "scores": pgettext_lazy("audit change", "评分"),
    "shortlisted": pgettext_lazy("audit change", "拟推荐"),
    "stage": pgettext_lazy("audit change", "推荐层级"),
    "stages": pgettext_lazy("audit change", "推荐层级设置"),
    "starts_on": pgettext_lazy("audit change", "开始日期"),
    "state": pgettext_lazy("audit change", "状态"),
    "status": pgettext_lazy("audit change", "状态"),
    "title": pgettext_lazy("audit change", "标题"),
    "unchanged": pgettext_lazy("audit change", "不变"),
    "unmasked": pgettext_lazy("audit change", "未脱敏"),
    "unscored": pgettext_lazy("audit change", "未经评分记为未推荐"),
    "updated": pgettext_lazy("audit change", "更新"),
    "user": pgettext_lazy("audit change", "用户"),
    "username": pgettext_lazy("audit change", "账号"),
    "value": pgettext_lazy("audit change", "值"),
    "verdict": pgettext_lazy("audit change", "廉洁意见"),
    "veto": pgettext_lazy("audit change", "一票否决"),
    "wording": pgettext_lazy("audit change", "告知与同意文本"),
}

#: Coded values by key: the choices that name them, per verb group ("*": any group). The same
#: key may mean different codes in different groups (a nomination's state, a report's).
VALUES = {
    "state": {
        "nomination": State.choices,
        "review": CardState.choices,
        "report": JobState.choices,
    },
    "phase": {"*": Phase.choices},
    "verdict": {"*": IntegrityVerdict.choices},
    "role": {"*": Role.choices},
    "decisions": {"*": StageDecision.choices},
    "stages": {"*": OrgKind.choices},
    "status": {"notice": Objection.Status.choices},
    "kind": {
        "report": ReportKind.choices,
        "reminder": ReminderKind.choices,
        "roster": RosterKind.CHOICES,
        "campaign": QuotaKind.choices,
        "calendar": CalendarDay.Kind.choices,
    },
}

#: Mappings whose own keys are codes, named by these choices: a card's scores by criterion
#: (older rows key them by the criterion's id, read back to its code).
INNER_KEYS = {"scores": CriterionCode.choices}

#: Keys whose label depends on the kind of event: an API call's status is the HTTP answer's
#: code, an objection's its outcome; the review's criteria saved are keyed by their codes.
KEYS_BY_GROUP = {
    "api": {"status": pgettext_lazy("audit change", "HTTP 状态码")},
    "review": dict(CriterionCode.choices),
}

#: Events of these groups also record fields of their model by name (``campaign.saved``: every
#: field changed; a nomination's move: the fields it set, e.g. ``submitted_at``; ``fields``: the
#: names of those a change wrote). A key not in KEYS reads as the field does: its verbose name,
#: its choices, a date-time as a moment.
FIELDS_OF = {"campaign": Campaign, "nomination": Nomination, "profile": ExemplarProfile}


def field_of(verb: str, key: str) -> models.Field | None:
    """The field of the event's model (``FIELDS_OF``) that ``key`` names, if any."""
    model = FIELDS_OF.get(verb.split(".", 1)[0])
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None


def label(key: str, verb: str = "") -> str:
    """The key's label in the active language (for a field of the event's model, the field's
    name), or the key itself when it has none."""
    by_group = KEYS_BY_GROUP.get(verb.split(".", 1)[0], {})
    if key in by_group:
        return str(by_group[key])
    if key in KEYS:
        return str(KEYS[key])
    field = field_of(verb, key)
    return str(field.verbose_name) if field is not None else key


def codes(verb: str, key: str) -> dict:
    """The labels of the codes ``key`` holds in an event of ``verb``, by code (``VALUES``, else
    the choices of the field it names)."""
    by_group = VALUES.get(key, {})
    choices = by_group.get(verb.split(".", 1)[0], by_group.get("*", ()))
    if not choices and key not in KEYS:
        field = field_of(verb, key)
        choices = field.choices or () if field is not None else ()
    return dict(choices)
