"""Reading an uploaded roster safely: the file is checked as a zip (an xlsx is one) before a
parser sees it — size, uncompressed size and compression ratio, so a zip bomb is refused —, the
first sheet's extent is read with a streaming XML parser (its declared dimension and every cell
reference: a reader allocates the whole rectangle up to the farthest cell, so one cell at
XFD1048576 would be ~550 GB), and only then is it read with python-calamine (far faster than
openpyxl on a roster of 100k rows)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from config.converters import is_number

from . import problems
from .columns import COLUMNS, Cells, cells_for

MAX_BYTES = 20 * 2**20
MAX_UNCOMPRESSED = 400 * 2**20
MAX_RATIO = 150
MAX_ROWS = 250_000
#: Columns a sheet may have beyond the template's (a remark or two the office keeps).
EXTRA_COLUMNS = 10
CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class RosterFileError(ValueError):
    """The file cannot be read as a roster: why, as a code and its parameters (``problems``);
    its message says it for the user, in the active language."""

    def __init__(self, code: str, **params):
        super().__init__(problems.message(code, params))
        self.code, self.params = code, params


def check_container(path) -> None:
    """``path``: a file's path, or an open, seekable file with a ``size`` (an upload, checked
    before it is stored)."""
    size = path.stat().st_size if isinstance(path, Path) else path.size
    if size == 0:
        raise RosterFileError("empty_file")
    if size > MAX_BYTES:
        raise RosterFileError("too_big", mb=MAX_BYTES // 2**20)
    if not zipfile.is_zipfile(path):
        raise RosterFileError("not_xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError) as error:
        raise RosterFileError("damaged") from error
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise RosterFileError("not_xlsx")
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNCOMPRESSED or unpacked / packed > MAX_RATIO:
        raise RosterFileError("unpacks_too_big")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _reference(ref: str) -> tuple[int, int] | None:
    """``(row, column)`` of a cell reference such as ``B7`` (None if it is not one)."""
    match = CELL_REF.match(ref.strip())
    if match is None:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def first_sheet_name(archive: zipfile.ZipFile) -> str:
    """The zip entry of the workbook's first sheet (the one the reader reads)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError) as error:
        raise RosterFileError("damaged") from error
    sheet = workbook.find(f"{{{SPREADSHEET}}}sheets/{{{SPREADSHEET}}}sheet")
    if sheet is None:
        sheet = workbook.find("sheets/sheet")  # a workbook written without the namespace
    if sheet is None:
        raise RosterFileError("empty_sheet")
    rel_id = sheet.get(f"{{{RELATIONSHIPS}}}id")
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return posixpath.normpath(name)
    raise RosterFileError("damaged")


def sheet_extent(path: Path) -> tuple[int, int]:
    """``(rows, columns)`` the first sheet reaches: the larger of its declared dimension and
    its farthest cell, read as a stream from the zip (nothing of the sheet is built)."""
    farthest = [0, 0]
    position = {"row": 0, "column": 0}

    def reach(row: int, column: int) -> None:
        farthest[0] = max(farthest[0], row)
        farthest[1] = max(farthest[1], column)

    def start(name: str, attributes: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            number = attributes.get("r")
            position["row"] = int(number) if is_number(number or "") else position["row"] + 1
            position["column"] = 0
            reach(position["row"], 0)
        elif local == "c":
            found = _reference(attributes.get("r", ""))
            if found is None:
                position["column"] += 1
            else:
                position["row"], position["column"] = found
            reach(position["row"], position["column"])
        elif local == "dimension":
            for ref in attributes.get("ref", "").split(":"):
                found = _reference(ref)
                if found is not None:
                    reach(*found)

    def no_doctype(*args) -> None:
        raise RosterFileError("damaged")

    try:
        with zipfile.ZipFile(path) as archive:
            name = first_sheet_name(archive)
            parser = expat.ParserCreate(namespace_separator=" ")
            parser.StartElementHandler = start
            parser.StartDoctypeDeclHandler = no_doctype
            parser.EntityDeclHandler = no_doctype
            with archive.open(name) as stream:
                while chunk := stream.read(2**16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except RosterFileError:
        raise
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, expat.ExpatError) as error:
        raise RosterFileError("damaged") from error
    return farthest[0], farthest[1]


def check_extent(path: Path, kind: str) -> None:
    """Refuse a sheet that reaches beyond MAX_ROWS rows or the template's columns (and a few
    more) before any reader allocates it."""
    rows, columns = sheet_extent(path)
    if rows > MAX_ROWS + 1:
        raise RosterFileError("too_many_rows", rows=MAX_ROWS)
    allowed = len(COLUMNS[kind]) + EXTRA_COLUMNS
    if columns > allowed:
        raise RosterFileError("too_many_columns", columns=allowed, template=len(COLUMNS[kind]))


def _one_copy(kept: dict, value):
    """The first copy seen of ``value`` (keyed with its type: 1, 1.0 and True are equal)."""
    return kept.setdefault((type(value), value), value)


def header_problem(header: list[str], kind: str, missing: list[str]) -> RosterFileError:
    """Why the header row is refused. A file of the other template is said to be one: its admin
    filled in a template but chose the other kind to import, and a list of every column of the
    chosen one as missing would send them to fill in a template again."""
    for other, columns in COLUMNS.items():
        if other != kind and all(column.header in header for column in columns):
            return RosterFileError("other_template", found=other, chosen=kind)
    return RosterFileError("header_mismatch", columns=missing)


def read_rows(path: Path, kind: str) -> list[tuple[int, Cells]]:
    """``(row number as Excel shows it, cells)`` for every non-empty row of the first sheet,
    after checking the header row against the template of ``kind``."""
    columns = COLUMNS[kind]
    row_type = cells_for(kind)
    check_container(path)
    check_extent(path, kind)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        if sheet.total_height > MAX_ROWS + 1:
            raise RosterFileError("too_many_rows", rows=MAX_ROWS)
        # Row by row: holding every row as a list besides the cells kept from it was
        # 448 MB at 100,000 rows (city bench); the rows' numbers count from the sheet's start.
        rows = sheet.iter_rows()
        first = (sheet.start or (0, 0))[0] + 1
        header_row = next(rows, None)
    except RosterFileError:
        raise
    except Exception as error:  # calamine's own errors: a damaged or unsupported workbook
        raise RosterFileError("damaged") from error
    if header_row is None:
        raise RosterFileError("empty_sheet")
    header = [str(cell).strip() for cell in header_row]
    positions = {}
    missing = []
    for column in columns:
        if column.header in header:
            positions[column.field] = header.index(column.header)
        else:
            missing.append(column.header)
    if missing:
        raise header_problem(header, kind, missing)
    found = []
    order = [(positions[c.field], c.repeats) for c in columns]
    # One copy of each recurring value ("男", "汉族", a branch's code, a date) instead of one
    # per row: most of a roster's cells repeat, and 100,000 rows are 1.3 million cells.
    kept: dict = {}
    keep = kept.setdefault  # a text cell is its own key: no other type equals it
    width = 1 + max(index for index, _repeats in order)
    try:
        for number, row in enumerate(rows, start=first + 1):
            if len(row) < width:  # the missing cells of a short row are empty
                row = [*row, *[None] * (width - len(row))]
            cells = row_type(
                [
                    (keep(cell, cell) if type(cell := row[index]) is str else _one_copy(kept, cell))
                    if repeats
                    else row[index]
                    for index, repeats in order
                ]
            )
            if all(cell in (None, "") for cell in cells):
                continue
            found.append((number, cells))
    except Exception as error:  # a damaged sheet may fail only part of the way through
        raise RosterFileError("damaged") from error
    if not found:
        raise RosterFileError("no_data_rows")
    return found
