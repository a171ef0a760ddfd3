"""What the keys and coded values of an audit event's before/after mean, in the UI language:
the one place the auditor's change labels live (as :mod:`audit.verbs` is for verbs).

The codes come from the apps' own choices (their TextChoices labels), read here only to show
them; a key or a value not listed shows as it is stored, so an old row always reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evaluations.choices import CardState, CriterionCode
from evaluations.models import Criterion
from members.choices import OrgKind, Role
from members.masking import mask_contact
from members.models import Organization
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

#: Keys recorded as a moment (``isoformat``, in UTC): shown in local time, to the minute, as
#: every other time of the audit log.
MOMENTS = {"deadline", "created_at", "archived_at", "expires_at"}

#: Keys holding someone's contact: shown and exported masked (rows recorded before the trail
#: kept them masked hold it in full, and an audit row is never rewritten).
CONTACTS = {"answer_sent_to"}

#: Keys holding organisation paths (a report's scope): shown by the organisation's name, as is
#: a field naming an organisation (a campaign's owner, recorded by its id).
ORGANIZATION_PATHS = {"scope"}

#: Keys whose label depends on the kind of event: an API call's status is the HTTP answer's
#: code, an objection's its outcome.
KEYS_BY_GROUP = {"api": {"status": pgettext_lazy("audit change", "HTTP 状态码")}}

YES_NO = {True: _("是"), False: _("否")}
#: A value recorded empty (an empty reason, a cleared date), told apart from a side that does
#: not record the key at all.
EMPTY = pgettext_lazy("audit change", "（空）")


#: Events of these groups also record fields of their model by name (``campaign.saved``: every
#: field changed; a nomination's move: the fields it set, e.g. ``submitted_at``; ``fields``: the
#: names of those a change wrote). A key not in KEYS reads as the field does: its verbose name,
#: its choices, a date-time as a moment.
FIELDS_OF = {"campaign": Campaign, "nomination": Nomination, "profile": ExemplarProfile}


def _field(verb: str, key: str) -> models.Field | None:
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
    field = _field(verb, key)
    return str(field.verbose_name) if field is not None else key


def _codes(verb: str, key: str) -> dict:
    by_group = VALUES.get(key, {})
    choices = by_group.get(verb.split(".", 1)[0], by_group.get("*", ()))
    if not choices and key not in KEYS:
        field = _field(verb, key)
        choices = field.choices or () if field is not None else ()
    return dict(choices)


def _moment(verb: str, key: str) -> bool:
    if key in MOMENTS:
        return True
    return key not in KEYS and isinstance(_field(verb, key), models.DateTimeField)


def shown(verb: str, key: str, value, *, known: Known | None = None) -> str | None:
    """``value`` (of ``key`` in an event of ``verb``) as text: a known code by its label, a
    yes/no in words, a list or a mapping as comma-separated text, an empty one (or an empty
    text) as "（空）", a contact masked, an organisation by its name; ``None`` stays ``None``.
    ``known``: what the events' ids and paths name (:func:`known_of`), looked up here when not
    given."""
    if value is None:
        return None
    if _empty(value):
        return str(EMPTY)
    if isinstance(value, bool):
        return str(YES_NO[value])
    if key in CONTACTS and isinstance(value, str):
        return masked(value, key)
    if known is None:
        known = known_of([(verb, None, {key: value})])
    if (isinstance(value, str) and key in ORGANIZATION_PATHS) or _organization_id(verb, key, value):
        return known.organizations.get(value, str(value))
    if key == "fields" and isinstance(value, list):  # the names of the fields a change wrote
        return ", ".join(label(str(name), verb) for name in value)
    if isinstance(value, list | tuple):
        return ", ".join(
            "—" if item is None else shown(verb, key, item, known=known) for item in value
        )
    if isinstance(value, dict):
        names = _inner_names(key, value, known.criteria)
        if names:  # in the order of their choices: PostgreSQL's jsonb keeps keys in its own
            order = [str(name) for _code, name in INNER_KEYS[key]]
            value = dict(
                sorted(
                    value.items(),
                    key=lambda item: (
                        order.index(names[str(item[0])]) if str(item[0]) in names else len(order)
                    ),
                )
            )
        return ", ".join(
            f"{names.get(str(inner)) or label(str(inner), verb)}: "
            f"{'—' if item is None else shown(verb, str(inner), item, known=known)}"
            for inner, item in value.items()
        )
    if isinstance(value, str) and _moment(verb, key):
        moment = parse_datetime(value)
        if moment is not None and timezone.is_aware(moment):
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    codes = _codes(verb, key)
    return str(codes.get(value, value)) if isinstance(value, str) else str(value)


def _inner_names(key: str, value: dict, criteria: dict[str, str]) -> dict[str, str]:
    """The labels of the codes keying ``value`` when ``key`` holds such a mapping
    (``INNER_KEYS``); a criterion's id, in an older card's scores, by its criterion's code
    (``criteria``)."""
    choices = dict(INNER_KEYS.get(key, ()))
    if not choices:
        return {}
    codes = {str(inner): criteria.get(str(inner), str(inner)) for inner in value}
    return {inner: str(choices[code]) for inner, code in codes.items() if code in choices}


class Known(NamedTuple):
    """What the ids and paths of a set of events name, read once for the whole set (a page of
    the trail, a chunk of its export), not once a row: the code of each criterion older cards'
    scores name by id (by the id as text); each organisation's name by its path and its id."""

    criteria: dict[str, str]
    organizations: dict[str | int, str]


def known_of(events: Iterable[tuple[str, Any, Any]], paths: Iterable[str] = ()) -> Known:
    """What the before/after of these ``(verb, before, after)`` name, and the organisations of
    ``paths`` (the events' own): one query for the criteria, one for the organisations, each
    only when something names one."""
    ids: set[str] = set()
    org_paths, org_ids = set(paths) - {""}, set()
    for verb, *sides in events:
        for side in sides:
            ids.update(_criterion_ids("", side))
            _organizations(verb, "", side, org_paths, org_ids)
    criteria = {}
    if ids:
        found = Criterion.objects.filter(pk__in=ids).values_list("pk", "code")
        criteria = {str(pk): code for pk, code in found}
    organizations: dict[str | int, str] = {}
    if org_paths or org_ids:
        found = Organization.objects.filter(Q(path__in=org_paths) | Q(pk__in=org_ids))
        for pk, path, name in found.values_list("pk", "path", "name"):
            organizations[pk] = organizations[path] = name
    return Known(criteria, organizations)


def _organization_id(verb: str, key: str, value) -> bool:
    # A field naming an organisation, recorded by its id (``audit.services.jsonable``).
    if not isinstance(value, int) or isinstance(value, bool) or key in KEYS:
        return False
    field = _field(verb, key)
    return field is not None and field.related_model is Organization


def _organizations(verb: str, key: str, value, paths: set, ids: set) -> None:
    # Wherever :func:`shown` reads an organisation, nested or in a list.
    if isinstance(value, dict):
        for inner, item in value.items():
            _organizations(verb, str(inner), item, paths, ids)
    elif isinstance(value, list | tuple):
        for item in value:
            _organizations(verb, key, item, paths, ids)
    elif isinstance(value, str) and key in ORGANIZATION_PATHS:
        paths.add(value)
    elif _organization_id(verb, key, value):
        ids.add(value)


def _criterion_ids(key: str, value) -> Iterable[str]:
    # Wherever :func:`shown` reads a mapping under an INNER_KEYS key, nested or in a list.
    if isinstance(value, dict):
        if key in INNER_KEYS:
            yield from (str(inner) for inner in value if str(inner).isdigit())
        for inner, item in value.items():
            yield from _criterion_ids(str(inner), item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _criterion_ids(key, item)


def masked(side, key: str = ""):
    """A before or after side (or the value of ``key`` in one) as the auditor reads and exports
    it: each contact (``CONTACTS``) masked, whenever it was recorded; anything else as stored."""
    if isinstance(side, dict):
        return {inner: masked(item, str(inner)) for inner, item in side.items()}
    if isinstance(side, list):
        return [masked(item, key) for item in side]
    if key in CONTACTS and isinstance(side, str):
        return mask_contact(side)
    return side


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def rows(
    verb: str, before, after, *, known: Known | None = None
) -> list[tuple[str, str | None, str | None]]:
    """The change key by key, as the auditor reads it: ``(label, before, after)``, ``None``
    where a side does not record the key, "（空）" where it records an empty value, a contact
    masked. A key empty or absent on both sides is left out. A side that is not a mapping shows
    under the key "—". ``known``: as :func:`shown` takes it."""
    if known is None:
        known = known_of([(verb, before, after)])

    def as_mapping(side):
        if side is None:
            return {}
        return side if isinstance(side, dict) else {"—": side}

    def side(values: dict, key: str) -> str | None:
        if key not in values:
            return None
        if values[key] is None:
            return str(EMPTY)
        return shown(verb, key, values[key], known=known)

    old, new = as_mapping(before), as_mapping(after)
    keys = list(old) + [key for key in new if key not in old]
    return [
        (label(key, verb), side(old, key), side(new, key))
        for key in keys
        if not (_empty(old.get(key)) and _empty(new.get(key)))
    ]


def of_page(events) -> list[tuple]:
    """Each of a page's events with its change in words (:func:`rows`): what their ids and
    paths name (:func:`known_of`) looked up once for the whole page."""
    events = list(events)
    known = known_of((event.verb, event.before, event.after) for event in events)
    return [(event, rows(event.verb, event.before, event.after, known=known)) for event in events]
