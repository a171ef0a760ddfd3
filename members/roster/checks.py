"""Checking a roster before anything is written: every problem of every row, with its row number,
column, value and what is wrong; and the plan of what an import would create and update (the
rows' reading and the plan itself are in ``plan``).

Nothing here writes. ``apply`` carries out a plan with no problems."""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable

from ..idcard import gender_of, is_valid_id_number
from ..masking import is_masked, mask_birth_date, mask_id_number, mask_phone
from ..models import Member, Organization, code_validator
from .columns import MEMBER_COLUMNS, ORGANIZATION_COLUMNS, Cells, Kind, text
from .plan import Plan, RowParser, Scope, beating, chunks, duplicates

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


# --- Members ------------------------------------------------------------------------------------


#: The member columns by field name.
MEMBER = {c.field: c for c in MEMBER_COLUMNS}
ORGANIZATION = {c.field: c for c in ORGANIZATION_COLUMNS}


def _member_dates(plan: Plan, number: int, values: dict, today: datetime.date) -> None:
    columns = MEMBER
    birth, joined, full = values["birth_date"], values["joined_on"], values["full_member_on"]
    if birth and birth > today:
        plan.problem(number, columns["birth_date"], birth, "born_in_future")
    if joined and joined > today:
        plan.problem(number, columns["joined_on"], joined, "joined_in_future")
    if birth and joined:
        try:
            adult = birth.replace(year=birth.year + 18)
        except ValueError:  # born on 29 February
            adult = birth.replace(year=birth.year + 18, day=28)
        if joined < adult:
            plan.problem(number, columns["joined_on"], joined, "joined_under_18")
    if joined and full and full < joined:
        plan.problem(number, columns["full_member_on"], full, "full_before_joined")


def _personal(plan: Plan, number: int, values: dict, existing: Member | None) -> None:
    columns = MEMBER
    typed_id = values["id_number"]  # as in the row: masked, when the row is a masked export's
    for name in MASKABLE:
        value = values[name]
        if is_masked(value):
            if existing is None:
                plan.problem(number, columns[name], value, "masked_for_new")
            values[name] = getattr(existing, name) if existing is not None else ""
            continue
        if name == "phone" and value and not PHONE.match(value):
            plan.problem(number, columns[name], value, "phone_format")
        if name == "id_number" and value:
            values[name] = value = value.upper()
            if not is_valid_id_number(value):
                plan.problem(number, columns[name], value, "id_number_format")
    if not is_valid_id_number(values["id_number"]):  # told above, or kept as it is stored
        return
    if existing is None or any(values[field] != getattr(existing, field) for field in AGREEING):
        # Only what the import writes (the ID number kept from the system when the row's is
        # masked): a stored member's row sent back unchanged is not refused for a disagreement
        # already in the system, nor is a new phone number.
        _id_number_agrees(plan, number, values, shown=typed_id)


#: The fields an ID number encodes, checked against it when the import writes one of them.
AGREEING = ("id_number", "birth_date", "gender")


def _id_number_agrees(plan: Plan, number: int, values: dict, *, shown: str) -> None:
    """A valid 18-digit ID number against the row: its digits 7–14 are the birth date, its 17th
    is odd for a man and even for a woman (GB 11643). The problem shows the number as the row
    has it (``shown``: masked if it was, never the stored number in full)."""
    value, column = values["id_number"], MEMBER["id_number"]
    if values["birth_date"] and value[6:14] != _digits(values["birth_date"]):
        plan.problem(number, column, shown, "id_number_birth_date")
    if values["gender"] and values["gender"] != gender_of(value):
        plan.problem(number, column, shown, "id_number_gender")


def _digits(day: datetime.date) -> str:
    """The date as an ID number writes it, YYYYMMDD."""
    return day.isoformat().replace("-", "")


#: A new member's values in NEW_MEMBER_COLUMNS order, from a row's values by field.
_NEW_MEMBER = operator.itemgetter(*NEW_MEMBER_COLUMNS)


def check_members(
    rows: list[tuple[int, Cells]], where: Scope, beat: Callable[[], None] | None = None
) -> Plan:
    plan = Plan(kind="members", total=len(rows))
    columns = MEMBER
    repeated = duplicates(plan, rows, columns["member_no"])
    codes = sorted({text(cells.get("organization")) for _n, cells in rows} - {""})
    organizations = {}
    for chunk in chunks(codes):
        for pk, code, path in Organization.objects.filter(code__in=chunk).values_list(
            "pk", "code", "path"
        ):
            organizations[code] = (pk, path)
    numbers = sorted({text(cells.get("member_no")) for _n, cells in rows} - {""})
    existing: dict[str, Member] = {}
    for chunk in chunks(numbers):
        for member in (
            Member.objects.filter(member_no__in=chunk)
            .select_related("organization")
            .only("member_no", "organization__path", "organization__code", *MEMBER_FIELDS)
        ):
            existing[member.member_no] = member
    today = datetime.date.today()
    parse = RowParser(plan, Kind.MEMBERS)
    for number, cells in beating(rows, beat):
        member = existing.get(text(cells.get("member_no")))
        before, skip = len(plan.problems), ()
        if is_masked(text(cells.get("birth_date"))):  # from a masked export: keep what is stored
            if member is None:
                plan.problem(
                    number,
                    columns["birth_date"],
                    cells.get("birth_date"),
                    "masked_for_new",
                )
                skip = ("birth_date",)
            else:
                cells = cells.replace("birth_date", member.birth_date)
        # Every check runs on every row, whatever the others found: all problems told at once.
        values = parse.values(number, cells, skip)
        _member_row(plan, number, values, member, organizations, where)
        _member_dates(plan, number, values, today)
        _personal(plan, number, values, member)
        if len(plan.problems) > before or number in repeated:
            continue
        if member is None:  # plain values, in NEW_MEMBER_COLUMNS order (roster.apply)
            plan.creates.append(new := _NEW_MEMBER(values))
            plan.change(new)
            continue
        changed = [f for f in MEMBER_FIELDS if getattr(member, f) != values[f]]
        if changed:
            plan.change(member.member_no, [(f, getattr(member, f), values[f]) for f in changed])
            plan.show_update(
                number,
                member.member_no,
                values["name"],
                [_member_change(member, name, values) for name in changed],
            )
            for name in changed:
                setattr(member, name, values[name])
            plan.updates.append(member)
        else:
            plan.unchanged += 1
    plan.sort_problems(MEMBER_COLUMNS)
    return plan


def _member_change(member: Member, name: str, values: dict) -> tuple[str, str, str | None]:
    """One field of a member's update as the preview lists it: the column, the stored value and
    the new one, in words (the organisation by its code), personal data masked; the new one
    None when it would read as the stored one (``Plan.show_update``)."""
    if name == "organization_id":
        return (MEMBER["organization"].header, member.organization.code, values["organization"])
    column = MEMBER[name]
    stored, new = _shown(column, getattr(member, name)), _shown(column, values[name])
    if stored == new:  # masked alike (a birth date in the same year): changed, not shown
        new = None
    return (column.header, stored, new)


#: How a preview shows personal data: masked, as everywhere but an admin's audited export.
MASKED_IN_PREVIEW = {
    "phone": mask_phone,
    "id_number": mask_id_number,
    "birth_date": mask_birth_date,
}


def _shown(column, value) -> str:
    """A value of ``column`` as a preview shows it: a choice by its label, a date as written in
    the template, personal data masked."""
    if value is None or value == "":
        return ""
    if column.field in MASKED_IN_PREVIEW:
        return MASKED_IN_PREVIEW[column.field](value)
    if column.choices is not None:
        return str(dict(column.choices.choices).get(value, value))
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _member_row(plan, number, values, member, organizations, where) -> None:
    """The member number (its form, whose it is) and the organisation (known, in scope)."""
    columns = MEMBER
    if member is not None and not where.covers(member.organization.path):
        plan.problem(
            number,
            columns["member_no"],
            values["member_no"],
            "member_out_of_scope",
        )
    if values["member_no"] and not CODE.match(values["member_no"]):
        plan.problem(
            number,
            columns["member_no"],
            values["member_no"],
            "member_no_format",
        )
    code = values["organization"]
    found = organizations.get(code) if code else None
    if code and found is None:
        plan.problem(number, columns["organization"], code, "no_such_organization")
    elif found is not None and not where.covers(found[1]):
        plan.problem(number, columns["organization"], code, "organization_out_of_scope")
    elif found is not None:
        values["organization_id"] = found[0]


# --- Organisations ------------------------------------------------------------------------------


def check_organizations(
    rows: list[tuple[int, Cells]], where: Scope, beat: Callable[[], None] | None = None
) -> Plan:
    """Organisations, parents before children in ``plan.creates`` / ``plan.updates`` (each a
    dict: code, name, kind, parent code; updates carry the organisation)."""
    plan = Plan(kind="organizations", total=len(rows))
    columns = ORGANIZATION
    repeated = duplicates(plan, rows, columns["code"])
    parsed = {}
    parse = RowParser(plan, Kind.ORGANIZATIONS)
    for number, cells in beating(rows, beat):
        before = len(plan.problems)
        values = parse.values(number, cells)
        code = values["code"]
        if code and not CODE.match(code):
            plan.problem(number, columns["code"], code, "code_format")
            code = None
        if code and number not in repeated:  # placed in the tree even with other problems
            parsed[code] = (number, values, len(plan.problems) == before)
    wanted = sorted(set(parsed) | {v["parent"] for _n, v, _ok in parsed.values() if v["parent"]})
    stored = {}
    for chunk in chunks(wanted):
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
    for code, (number, values, good) in order:
        org = stored.get(code)
        parent = values["parent"]
        current_parent = _stored(org)[2] if org is not None else ""
        if org is not None and not where.covers(org.path):
            plan.problem(number, columns["code"], code, "organization_out_of_scope")
            good = False
        path = path_of(code)
        if parent and parent not in parsed and parent not in stored:
            plan.problem(number, columns["parent"], parent, "no_such_parent")
            good = False
        elif path is None:
            plan.problem(number, columns["parent"], parent, "parent_loop")
            good = False
        elif (org is None or parent != current_parent) and not where.covers(path):
            plan.problem(number, columns["parent"], parent, "place_out_of_scope")
            good = False
        if not good:
            continue
        entry = {"code": code, "name": values["name"], "kind": values["kind"], "parent": parent}
        stored_values = _stored(org) if org is not None else None
        if org is None:
            plan.creates.append(entry)
            plan.change(entry)
        elif stored_values != (values["name"], values["kind"], parent):
            plan.updates.append({**entry, "organization": org})
            plan.change(entry, stored_values)
            plan.show_update(number, code, values["name"], _organization_changes(org, entry))
        else:
            plan.unchanged += 1
    plan.sort_problems(ORGANIZATION_COLUMNS)
    return plan


def _stored(org: Organization) -> tuple[str, str, str]:
    """What an organisation's row would hold: its name, kind and parent's code."""
    return (org.name, org.kind, org.parent.code if org.parent else "")


def _organization_changes(org: Organization, entry: dict) -> list[tuple[str, str, str]]:
    """An organisation's update as the preview lists it, field by field (see Plan.show_update)."""
    columns = [ORGANIZATION[name] for name in ("name", "kind", "parent")]
    return [
        (column.header, _shown(column, stored), _shown(column, entry[column.field]))
        for column, stored in zip(columns, _stored(org), strict=True)
        if stored != entry[column.field]
    ]
