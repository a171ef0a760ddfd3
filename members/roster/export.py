"""The roster templates and the export of a scope's roster in the same layout (XlsxWriter,
constant memory). Phone, ID number and birth date are masked unless asked otherwise."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ..choices import Education, Ethnicity, Gender, MemberStatus, OrgKind
from ..masking import mask_birth_date, mask_id_number, mask_phone
from ..models import Member, Organization
from .columns import COLUMNS, Kind, label_of

#: The templates' example rows. Their codes say they are examples (no organisation is coded
#: EXAMPLE-…): a template uploaded unchanged is refused by the checks (the organisation does
#: not exist, or is outside the admin's scope), it never updates a real organisation or member.
#: Their values pass every other check (tests/members/test_roster_templates.py).
EXAMPLES = {
    Kind.ORGANIZATIONS: [
        ["EXAMPLE-01", "示例党委（示例行，请删除）", "党(工)委", ""],
        ["EXAMPLE-0101", "示例第一党支部（示例行，请删除）", "党支部", "EXAMPLE-01"],
    ],
    Kind.MEMBERS: [
        [
            "EXAMPLE-0001",
            "张三（示例）",
            "男",
            "汉族",
            "1985-06-15",
            "大学本科",
            "2010-07-01",
            "2011-07-01",
            "正式党员",
            "EXAMPLE-0101",
            "科长",
            "江城市某单位",
            "13800000000",
            "420100198506150015",
        ]
    ],
}


def _sheet(path: Path, kind: str):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(_("党员") if kind == Kind.MEMBERS else _("党组织"))
    header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    text = book.add_format({"num_format": "@"})
    for index, column in enumerate(COLUMNS[kind]):
        # Text cells: Excel keeps leading zeros of codes, phone and ID numbers.
        sheet.set_column(index, index, column.width, text)
        sheet.write_string(0, index, column.header, header)
        if column.kind == "choice":
            options = [label_of(column.choices, v) for v in column.choices.values]
            if sum(len(o) + 1 for o in options) < 255:  # Excel's limit for a literal list
                sheet.data_validation(
                    1, index, 200_000, index, {"validate": "list", "source": options}
                )
    sheet.freeze_panes(1, 0)
    return book, sheet


def write_template(path: Path, kind: str) -> None:
    book, sheet = _sheet(path, kind)
    for row, values in enumerate(EXAMPLES[kind], start=1):
        for column, value in enumerate(values):
            sheet.write_string(row, column, value)
    notes = book.add_worksheet(_("填写说明"))
    notes.set_column(0, 0, 100)
    lines = [
        _("第一行是表头，请勿修改；从第二行起每行一条，示例行请删除。"),
        _("日期写作 2024-07-01；选项列请从下拉列表中选择。"),
        _("按组织编码 / 党员编号更新已有记录，其余新建；同一文件可以重复导入。"),
        _("导出文件中打“*”的电话、身份证号、出生日期会被识别，导入时保留系统中原有的值。"),
    ]
    for row, line in enumerate(lines):
        notes.write_string(row, 0, line)
    book.close()


def organizations_in(prefixes: list[str]) -> QuerySet[Organization]:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(path__startswith=prefix)
    return Organization.objects.filter(condition)


def write_members(path: Path, members: QuerySet[Member], *, unmasked: bool) -> int:
    book, sheet = _sheet(path, Kind.MEMBERS)
    count = 0
    rows = (
        members.select_related("organization")
        .order_by("organization__path", "member_no")
        .iterator(chunk_size=2000)
    )
    for count, m in enumerate(rows, start=1):
        values = [
            m.member_no,
            m.name,
            label_of(Gender, m.gender),
            label_of(Ethnicity, m.ethnicity),
            m.birth_date.isoformat() if unmasked else mask_birth_date(m.birth_date),
            label_of(Education, m.education),
            m.joined_on.isoformat(),
            m.full_member_on.isoformat() if m.full_member_on else "",
            label_of(MemberStatus, m.status),
            m.organization.code,
            m.post,
            m.work_unit,
            m.phone if unmasked else mask_phone(m.phone),
            m.id_number if unmasked else mask_id_number(m.id_number),
        ]
        for column, value in enumerate(values):
            if value:
                sheet.write_string(count, column, value)
    book.close()
    return count


def write_organizations(path: Path, organizations: QuerySet[Organization]) -> int:
    book, sheet = _sheet(path, Kind.ORGANIZATIONS)
    count = 0
    rows = organizations.select_related("parent").order_by("path").iterator(chunk_size=2000)
    for count, org in enumerate(rows, start=1):
        values = [org.code, org.name, label_of(OrgKind, org.kind)]
        values.append(org.parent.code if org.parent else "")
        for column, value in enumerate(values):
            if value:
                sheet.write_string(count, column, value)
    book.close()
    return count
