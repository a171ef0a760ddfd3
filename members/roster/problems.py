"""What a check can find wrong with a roster's cell, by code: a problem is stored as its code and
parameters and put into words when it is shown, in the language of whoever reads it (the admin
who uploaded a file in Chinese may read its preview in English, or a colleague in the other
language). One place for every problem's wording.

A stored problem is a dict: ``row``, ``column`` (the template's header, Chinese in every language:
a data contract), ``value``, ``code``, ``params``, and ``message``, the words in the language of
the check — what a problem stored before codes carried alone, and what a host of the previous
release reads during a rolling upgrade."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.wording import listing

MESSAGES = {
    # Reading a cell (plan.parse_cell)
    "date_format": _("日期格式不对（应为 2024-07-01）。"),
    "not_a_choice": _("不是可选的值（可选：%(options)s）。"),
    "too_long": ngettext_lazy(
        "不能超过 %(most)d 个字（这里有 %(count)d 个）。",
        "不能超过 %(most)d 个字（这里有 %(count)d 个）。",
        "most",
    ),
    "required": _("必填项为空。"),
    "duplicate": _("与第 %(row)d 行重复。"),
    # A member's row (checks)
    "born_in_future": _("出生日期晚于今天。"),
    "joined_in_future": _("入党日期晚于今天。"),
    "joined_under_18": _("入党时未满 18 岁。"),
    "full_before_joined": _("转正日期早于入党日期。"),
    "masked_for_new": _("脱敏后的值不能用于新党员，请填写完整。"),
    "phone_format": _("电话号码格式不对。"),
    "id_number_format": _("身份证号格式或校验位不对。"),
    "id_number_birth_date": _("身份证号中的出生日期与“出生日期”不一致。"),
    "id_number_gender": _("身份证号中的性别与“性别”不一致。"),
    "member_out_of_scope": _("该党员编号已属于您管理范围以外的党组织。"),
    "member_no_format": _("编号只能包含字母、数字、下划线和连字符。"),
    "no_such_organization": _("党组织编码不存在。"),
    "organization_out_of_scope": _("该党组织不在您的管理范围内。"),
    # An organisation's row (checks)
    "code_format": _("编码只能包含字母、数字、下划线和连字符。"),
    "no_such_parent": _("上级组织编码不存在。"),
    "parent_loop": _("上级组织形成了循环。"),
    "place_out_of_scope": _("新的位置不在您的管理范围内。"),
}


def message(code: str, params: dict | None = None) -> str:
    """The problem ``code`` in words, in the active language. A list among ``params`` (the
    choices a cell may take) is joined as the language joins names."""
    params = {k: listing(v) if isinstance(v, list) else v for k, v in (params or {}).items()}
    return str(MESSAGES[code] % params) if params else str(MESSAGES[code])


def shown(problem: dict) -> dict:
    """A stored problem as a page shows it: its ``message`` in the active language. A problem
    stored before codes (or with a code this release does not know) keeps the words it has."""
    code = problem.get("code")
    if code not in MESSAGES:
        return problem
    return {**problem, "message": message(code, problem.get("params"))}
