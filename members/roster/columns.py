"""The two roster templates: their Chinese headers (a data contract, the same in every UI
language), and how a cell becomes a value and back."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..choices import Education, Ethnicity, Gender, MemberStatus, OrgKind


class Kind:
    ORGANIZATIONS = "organizations"
    MEMBERS = "members"
    CHOICES = [(ORGANIZATIONS, _("党组织")), (MEMBERS, _("党员"))]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    kind: str = "text"  # text, date, choice
    choices: type | None = None
    width: int = 14
    #: Free text whose values recur from row to row (a branch code, a work unit).
    recurring: bool = False

    @property
    def repeats(self) -> bool:
        """Whether one value is likely in many rows: the reader keeps one copy of each."""
        return self.recurring or self.kind != "text"


ORGANIZATION_COLUMNS = [
    Column("code", "组织编码", required=True),
    Column("name", "组织名称", required=True, width=28),
    Column("kind", "组织类别", required=True, kind="choice", choices=OrgKind),
    Column("parent", "上级组织编码", recurring=True),
]

MEMBER_COLUMNS = [
    Column("member_no", "党员编号", required=True),
    Column("name", "姓名", required=True),
    Column("gender", "性别", required=True, kind="choice", choices=Gender, width=6),
    Column("ethnicity", "民族", required=True, kind="choice", choices=Ethnicity, width=10),
    Column("birth_date", "出生日期", required=True, kind="date", width=12),
    Column("education", "学历", required=True, kind="choice", choices=Education),
    Column("joined_on", "入党日期", required=True, kind="date", width=12),
    Column("full_member_on", "转正日期", kind="date", width=12),
    Column("status", "党员状态", required=True, kind="choice", choices=MemberStatus),
    Column("organization", "所在党组织编码", required=True, recurring=True),
    Column("post", "职务/职称", width=18, recurring=True),
    Column("work_unit", "工作单位", width=24, recurring=True),
    Column("phone", "联系电话", width=14),
    Column("id_number", "身份证号", width=20),
]

COLUMNS = {Kind.ORGANIZATIONS: ORGANIZATION_COLUMNS, Kind.MEMBERS: MEMBER_COLUMNS}

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")


@functools.cache
def labels(choices) -> dict[str, str]:
    """Chinese label → stored value (the template shows labels; values are accepted too)."""
    with translation.override("zh-hans"):
        found = {str(label): value for value, label in choices.choices}
    found.update({value: value for value in choices.values})
    return found


def label_of(choices, value: str) -> str:
    with translation.override("zh-hans"):
        return str(dict(choices.choices).get(value, value))


def text(cell) -> str:
    """A cell as text: numbers typed into Excel (phone numbers, codes) lose their ``.0``."""
    if type(cell) is str:  # most cells: the rest of the tests, a million times a roster
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def date(cell) -> datetime.date | None:
    """A date cell or a date written as text; None when empty. ValueError when unreadable."""
    if cell in (None, ""):
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    value = text(cell)
    try:
        return datetime.date.fromisoformat(value)  # the common case, and far cheaper than strptime
    except ValueError:
        pass
    for layout in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ValueError(value)


class Cells(tuple):
    """One row's cells in the template's column order: a tuple (a fraction of a dict's memory
    over 100,000 rows) read by field name."""

    __slots__ = ()
    INDEX: dict[str, int] = {}

    def get(self, field: str):
        index = self.INDEX.get(field)
        return None if index is None else self[index]

    def replace(self, field: str, value) -> Cells:
        index = self.INDEX[field]
        return type(self)((*self[:index], value, *self[index + 1 :]))


@functools.cache
def cells_for(kind: str) -> type[Cells]:
    columns = COLUMNS[kind]
    return type(
        f"{kind.title()}Cells",
        (Cells,),
        {"__slots__": (), "INDEX": {c.field: i for i, c in enumerate(columns)}},
    )
