"""Checking a roster before anything is written: every problem of every row, with its row number,
column, value and what is wrong; and the plan of what an import would create and update.

Nothing here writes. ``apply`` carries out a plan with no problems."""

from __future__ import annotations

import datetime
import operator
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from .. import scope
from ..choices import Role
from ..idcard import is_valid_id_number
from ..masking import is_masked
from ..models import Member, Organization, code_validator
from .columns import (
    COLUMNS,
    MEMBER_COLUMNS,
    ORGANIZATION_COLUMNS,
    Cells,
    Column,
    Kind,
    date,
    labels,
    text,
)

CHUNK = 5000
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
CODE = re.compile(code_validator.regex.pattern)
#: Fields of a member the import writes (the template's columns, as model fields).
MEMBER_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "joined_on",
    "full_member_on",
    "status",
    "organization_id",
    "post",
    "work_unit",
    "phone",
    "id_number",
]
#: A new member's values in a plan, in this order.
NEW_MEMBER_COLUMNS = ["member_no", *MEMBER_FIELDS]
#: Personal data that an export masks: a masked value in a file leaves the stored value alone.
MASKABLE = ("phone", "id_number")


def _bad_code() -> str:
    return _("编码只能包含字母、数字、下划线和连字符。")


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str


@dataclass
class Plan:
    kind: str
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0

    def problem(self, row: int, column: Column | str, value, message: str) -> None:
        header = column.header if isinstance(column, Column) else column
        self.problems.append(Problem(row, header, text(value), message))

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_dicts(self, limit: int | None = None) -> list[dict]:
        chosen = self.problems if limit is None else self.problems[:limit]
        return [asdict(p) for p in chosen]


class Scope:
    """Where the importing admin may write: their admin subtrees (everywhere for the first load
    from the command line)."""

    def __init__(self, user=None, *, everywhere: bool = False):
        self.everywhere = everywhere
        self.prefixes = [] if everywhere else scope.paths(user, Role.ADMIN)

    def covers(self, path: str) -> bool:
        return self.everywhere or any(path.startswith(prefix) for prefix in self.prefixes)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _parse(column: Column, raw) -> tuple:
    """``(value, None)``, or ``(None, what is wrong)``: one cell of ``column``."""
    if column.kind == "date":
        try:
            value = date(raw)
        except ValueError:
            return None, _("日期格式不对（应为 2024-07-01）。")
    elif column.kind == "choice":
        value = text(raw)
        known = labels(column.choices)
        if value and value not in known:
            options = "、".join(k for k in known if k not in column.choices.values)
            return None, _("不是可选的值（可选：%(options)s）。") % {"options": options}
        value = known.get(value, "")
    else:
        value = text(raw)
    if column.required and value in ("", None):
        return None, _("必填项为空。")
    return value, None


class _RowParser:
    """A roster's rows parsed into values, the problems going to the plan. A cell of a column
    whose values recur (a date, a choice, a branch's code) is parsed once per distinct value,
    not once per row: 100,000 rows are 1.4 million cells, and most of them repeat."""

    def __init__(self, plan: Plan, kind: str):
        self.plan, self.columns = plan, COLUMNS[kind]
        # The rows are ``cells_for(kind)``: their cells are in the columns' order.
        self.parsed = [{} if column.repeats else None for column in self.columns]

    def values(self, number: int, cells: Cells) -> dict | None:
        """The row's values by field; None when a cell is unusable."""
        values, good = {}, True
        for column, raw, parsed in zip(self.columns, cells, self.parsed, strict=True):
            if parsed is None:
                value, message = _parse(column, raw)
            else:  # 1, 1.0 and True are equal keys: the type is part of a non-text key
                key = raw if type(raw) is str else (type(raw), raw)
                found = parsed.get(key)
                if found is None:
                    found = parsed[key] = _parse(column, raw)
                value, message = found
            if message is None:
                values[column.field] = value
            else:
                self.plan.problem(number, column, raw, message)
                good = False
        return values if good else None


def _duplicates(plan: Plan, rows: list[tuple[int, Cells]], column: Column) -> set[int]:
    seen: dict[str, int] = {}
    repeated = set()
    for number, cells in rows:
        key = text(cells.get(column.field))
        if not key:
            continue
        if key in seen:
            plan.problem(number, column, key, _("与第 %(row)d 行重复。") % {"row": seen[key]})
            repeated.add(number)
        else:
            seen[key] = number
    return repeated


# --- Members ------------------------------------------------------------------------------------


#: The member columns by field name.
MEMBER = {c.field: c for c in MEMBER_COLUMNS}


def _member_dates(plan: Plan, number: int, values: dict, today: datetime.date) -> None:
    columns = MEMBER
    birth, joined, full = values["birth_date"], values["joined_on"], values["full_member_on"]
    if birth and birth > today:
        plan.problem(number, columns["birth_date"], birth, _("出生日期晚于今天。"))
    if joined and joined > today:
        plan.problem(number, columns["joined_on"], joined, _("入党日期晚于今天。"))
    if birth and joined:
        try:
            adult = birth.replace(year=birth.year + 18)
        except ValueError:  # born on 29 February
            adult = birth.replace(year=birth.year + 18, day=28)
        if joined < adult:
            plan.problem(number, columns["joined_on"], joined, _("入党时未满 18 岁。"))
    if joined and full and full < joined:
        plan.problem(number, columns["full_member_on"], full, _("转正日期早于入党日期。"))


def _personal(plan: Plan, number: int, values: dict, existing: Member | None) -> None:
    columns = MEMBER
    for name in MASKABLE:
        value = values[name]
        if is_masked(value):
            if existing is None:
                plan.problem(
                    number, columns[name], value, _("脱敏后的值不能用于新党员，请填写完整。")
                )
            values[name] = getattr(existing, name) if existing is not None else ""
            continue
        if name == "phone" and value and not PHONE.match(value):
            plan.problem(number, columns[name], value, _("电话号码格式不对。"))
        if name == "id_number" and value:
            values[name] = value = value.upper()
            if not is_valid_id_number(value):
                plan.problem(number, columns[name], value, _("身份证号格式或校验位不对。"))
            elif values["birth_date"] and value[6:14] != _digits(values["birth_date"]):
                plan.problem(
                    number, columns[name], value, _("身份证号中的出生日期与“出生日期”不一致。")
                )


def _digits(day: datetime.date) -> str:
    """The date as an ID number writes it, YYYYMMDD."""
    return day.isoformat().replace("-", "")


#: A new member's values in NEW_MEMBER_COLUMNS order, from a row's values by field.
_NEW_MEMBER = operator.itemgetter(*NEW_MEMBER_COLUMNS)


def check_members(rows: list[tuple[int, Cells]], where: Scope) -> Plan:
    plan = Plan(kind="members", total=len(rows))
    columns = {c.field: c for c in MEMBER_COLUMNS}
    repeated = _duplicates(plan, rows, columns["member_no"])
    codes = sorted({text(cells.get("organization")) for _n, cells in rows} - {""})
    organizations = {}
    for chunk in _chunks(codes):
        for pk, code, path in Organization.objects.filter(code__in=chunk).values_list(
            "pk", "code", "path"
        ):
            organizations[code] = (pk, path)
    numbers = sorted({text(cells.get("member_no")) for _n, cells in rows} - {""})
    existing: dict[str, Member] = {}
    for chunk in _chunks(numbers):
        for member in (
            Member.objects.filter(member_no__in=chunk)
            .select_related("organization")
            .only("member_no", "organization__path", *MEMBER_FIELDS)
        ):
            existing[member.member_no] = member
    today = datetime.date.today()
    parse = _RowParser(plan, Kind.MEMBERS)
    for number, cells in rows:
        member = existing.get(text(cells.get("member_no")))
        if is_masked(text(cells.get("birth_date"))):  # from a masked export: keep what is stored
            if member is None:
                plan.problem(
                    number,
                    columns["birth_date"],
                    cells.get("birth_date"),
                    _("脱敏后的值不能用于新党员，请填写完整。"),
                )
                continue
            cells = cells.replace("birth_date", member.birth_date)
        values = parse.values(number, cells)
        if values is None or number in repeated:
            continue
        before = len(plan.problems)
        if member is not None and not where.covers(member.organization.path):
            plan.problem(
                number,
                columns["member_no"],
                values["member_no"],
                _("该党员编号已属于您管理范围以外的党组织。"),
            )
            continue
        found = organizations.get(values["organization"])
        if found is None:
            plan.problem(
                number, columns["organization"], values["organization"], _("党组织编码不存在。")
            )
        elif not where.covers(found[1]):
            plan.problem(
                number,
                columns["organization"],
                values["organization"],
                _("该党组织不在您的管理范围内。"),
            )
        else:
            values["organization_id"] = found[0]
        if values["member_no"] and not CODE.match(values["member_no"]):
            plan.problem(
                number,
                columns["member_no"],
                values["member_no"],
                _("编号只能包含字母、数字、下划线和连字符。"),
            )
        _member_dates(plan, number, values, today)
        _personal(plan, number, values, member)
        if len(plan.problems) > before:
            continue
        if member is None:  # plain values, in NEW_MEMBER_COLUMNS order (roster.apply)
            plan.creates.append(_NEW_MEMBER(values))
            continue
        changed = [f for f in MEMBER_FIELDS if getattr(member, f) != values[f]]
        if changed:
            for name in changed:
                setattr(member, name, values[name])
            plan.updates.append(member)
        else:
            plan.unchanged += 1
    return plan


# --- Organisations ------------------------------------------------------------------------------


def check_organizations(rows: list[tuple[int, Cells]], where: Scope) -> Plan:
    """Organisations, parents before children in ``plan.creates`` / ``plan.updates`` (each a
    dict: code, name, kind, parent code; updates carry the organisation)."""
    plan = Plan(kind="organizations", total=len(rows))
    columns = {c.field: c for c in ORGANIZATION_COLUMNS}
    repeated = _duplicates(plan, rows, columns["code"])
    parsed = {}
    parse = _RowParser(plan, Kind.ORGANIZATIONS)
    for number, cells in rows:
        values = parse.values(number, cells)
        if values is None or number in repeated:
            continue
        if not CODE.match(values["code"]) or len(values["code"]) > 32:
            plan.problem(
                number,
                columns["code"],
                values["code"],
                _("编码只能包含字母、数字、下划线和连字符。"),
            )
            continue
        if len(values["name"]) > 100:
            plan.problem(number, columns["name"], values["name"], _("名称过长（最多 100 字）。"))
            continue
        parsed[values["code"]] = (number, values)
    wanted = sorted(set(parsed) | {v["parent"] for _n, v in parsed.values() if v["parent"]})
    stored = {}
    for chunk in _chunks(wanted):
        for org in Organization.objects.filter(code__in=chunk).select_related("parent"):
            stored[org.code] = org

    paths: dict[str, str | None] = {}

    def path_of(code: str, trail: tuple = ()) -> str | None:
        """The path the organisation will have after the import (None: it cannot be placed)."""
        if code in paths:
            return paths[code]
        if code in trail:
            return None  # a loop of parents
        if code in parsed:
            parent = parsed[code][1]["parent"]
            if not parent:
                result = f"/{code}/"
            else:
                above = path_of(parent, (*trail, code))
                result = f"{above}{code}/" if above else None
        elif code in stored:
            result = stored[code].path
        else:
            result = None
        paths[code] = result
        return result

    order = sorted(parsed.items(), key=lambda item: (path_of(item[0]) or "").count("/"))
    for code, (number, values) in order:
        org = stored.get(code)
        parent = values["parent"]
        current_parent = org.parent.code if org is not None and org.parent else ""
        if org is not None and not where.covers(org.path):
            plan.problem(number, columns["code"], code, _("该党组织不在您的管理范围内。"))
            continue
        if parent and parent not in parsed and parent not in stored:
            plan.problem(number, columns["parent"], parent, _("上级组织编码不存在。"))
            continue
        path = path_of(code)
        if path is None:
            plan.problem(number, columns["parent"], parent, _("上级组织形成了循环。"))
            continue
        moved = org is None or parent != current_parent
        if moved and not where.covers(path):
            plan.problem(number, columns["parent"], parent, _("新的位置不在您的管理范围内。"))
            continue
        entry = {"code": code, "name": values["name"], "kind": values["kind"], "parent": parent}
        if org is None:
            plan.creates.append(entry)
        elif (org.name, org.kind, current_parent) != (values["name"], values["kind"], parent):
            plan.updates.append({**entry, "organization": org})
        else:
            plan.unchanged += 1
    return plan
