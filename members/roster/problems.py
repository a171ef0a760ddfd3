"""What a roster import says, by code: a problem of a cell, what it has to say of the whole file
(``RosterImport.error``: unreadable, given up, ...) and the marker of a change the preview does
not show are stored as a code and parameters and put into words when shown, in the language of
whoever reads them (the admin who uploaded a file in Chinese may read its preview in English,
or a colleague in the other language). One place for the wording of all of them.

A stored problem is a dict: ``row``, ``column`` (the template's header, Chinese in every language:
a data contract), ``value``, ``code``, ``params``, and ``message``, the words in the language of
the check — what a problem stored before codes carried alone, and what a host of the previous
release reads during a rolling upgrade. An import keeps its file's message the same way:
``error`` (the words), ``error_code`` and ``error_params``; an update of the preview keeps its
``fields`` in words and, in ``coded``, the code of each field told by a code."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.wording import listing

from .columns import Kind

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
    # An update of the preview: personal data changed but masked alike (a birth date in the
    # same year), so the new value is not shown (checks)
    "masked_alike": _("已更改"),
    # The whole file (reader.RosterFileError)
    "empty_file": _("文件是空的。"),
    "too_big": _("文件超过 %(mb)d MB，请拆分后分批导入。"),
    "not_xlsx": _("这不是 xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx 后上传）。"),
    "damaged": _("文件已损坏，无法读取。"),
    "unpacks_too_big": _("表格解压后过大（疑似异常文件），请检查后重新导出。"),
    "empty_sheet": _("表格是空的。"),
    "too_many_rows": _("表格超过 %(rows)d 行，请拆分后分批导入。"),
    "too_many_columns": _(
        "表格超过 %(columns)d 列（模板只有 %(template)d 列），请删除多余的列或单元格后重新上传。"
    ),
    "other_template": _(
        "文件的表头属于“%(found)s”模板，而导入内容选的是“%(chosen)s”。请改选“%(found)s”后重新上传。"
    ),
    "header_mismatch": _("表头与模板不符，缺少列：%(columns)s。请下载模板后填写。"),
    "no_data_rows": _("表格中没有数据行。"),
    # The import (roster, stalls)
    "queue_unavailable": _("任务队列暂时不可用，请稍后重新上传。"),
    "roster_changed": _(
        "系统中的名册在检查之后已有变化，本次未写入任何数据。"
        "上面是按现在的名册重新检查的结果，请核对后再次确认导入。"
    ),
    "import_failed": _("导入失败，数据库未作任何修改：%(error)s"),
    "stalled": _("导入中断：后台任务已停止，数据库未作任何修改。请重新上传。"),
    "given_up": ngettext_lazy(
        "上传后 %(days)d 天内未完成导入，已自动放弃，文件已删除。如需导入请重新上传。",
        "上传后 %(days)d 天内未完成导入，已自动放弃，文件已删除。如需导入请重新上传。",
        "days",
    ),
}

#: Parameters stored as a kind of roster (``Kind``) and said by its name.
KIND_PARAMS = ("found", "chosen")


def _word(name: str, value):
    """A parameter as its message says it: a list (the choices a cell may take, the columns
    missing) joined as the language joins names, a kind by its name, a message by its code
    (``{"code", "params"}``, such as why an import failed) in words."""
    if isinstance(value, list):
        return listing(value)
    if name in KIND_PARAMS:
        return str(dict(Kind.CHOICES).get(value, value))
    if isinstance(value, dict) and value.get("code") in MESSAGES:
        return message(value["code"], value.get("params"))
    return value


def message(code: str, params: dict | None = None) -> str:
    """The message ``code`` in words, in the active language."""
    params = {name: _word(name, value) for name, value in (params or {}).items()}
    return str(MESSAGES[code] % params) if params else str(MESSAGES[code])


def shown(problem: dict) -> dict:
    """A stored problem as a page shows it: its ``message`` in the active language. A problem
    stored before codes (or with a code this release does not know) keeps the words it has."""
    code = problem.get("code")
    if code not in MESSAGES:
        return problem
    return {**problem, "message": message(code, problem.get("params"))}


def error_fields(code: str = "", params: dict | None = None) -> dict:
    """The fields of a ``RosterImport`` that say ``code`` of its file (none: "" clears them):
    the code and parameters, and the words in the active language (``error``, what its row
    counts and a host of the previous release go by)."""
    if not code:
        return {"error": "", "error_code": "", "error_params": None}
    return {"error": message(code, params), "error_code": code, "error_params": params or None}


def set_error(roster_import, code: str = "", params: dict | None = None) -> None:
    """Say ``code`` of the import's file (:func:`error_fields`); the caller saves the row."""
    for name, value in error_fields(code, params).items():
        setattr(roster_import, name, value)


def said_by(words: str, code: str, params: dict | None = None) -> bool:
    """Whether ``words`` are the message ``code`` in one of the portal's languages."""
    if code not in MESSAGES:
        return False
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            if message(code, params) == words:
                return True
    return False


def error_code_of(roster_import) -> str:
    """The code of what the import says of its file, "" when none is to be trusted: the code
    holds only while ``error`` still says it (in either language). A host of the previous
    release, which knows no codes, writes new words (or clears them) and leaves a stale code."""
    words, code = roster_import.error, roster_import.error_code
    return code if words and said_by(words, code, roster_import.error_params) else ""


def error_of(roster_import) -> str:
    """What the import says of its file, in the active language; "" when nothing. Words not
    told by a code still to be trusted (``error_code_of``: stored before codes, or by the
    previous release) are shown as stored."""
    code = error_code_of(roster_import)
    return message(code, roster_import.error_params) if code else roster_import.error


def shown_change(change: dict) -> dict:
    """An update as the preview lists it: each field told by a code (``coded``) in the active
    language. One stored before codes keeps its words."""
    coded = change.get("coded") or {}
    if not coded:
        return change
    fields = [
        (column, old, message(coded[column]) if coded.get(column) in MESSAGES else new)
        for column, old, new in change["fields"]
    ]
    return {**change, "fields": fields}
