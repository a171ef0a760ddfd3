"""One module per report of DESIGN.md §7. Each exposes ``build(job, path, progress) -> int``:
it writes the file at ``path`` (a local working file) and returns the number of entries written.
``progress(done, total)`` is called as it goes."""

from __future__ import annotations

from collections.abc import Callable

from ..choices import Kind
from . import approval, detail, notice, revocations, structure, summary

Progress = Callable[[int, int], None]

BUILDERS = {
    Kind.SUMMARY: summary.build,
    Kind.FORMS: approval.build,
    Kind.DETAIL: detail.build,
    Kind.STRUCTURE: structure.build_pdf,
    Kind.STRUCTURE_XLSX: structure.build_xlsx,
    Kind.NOTICE: notice.build_list,
    Kind.NOTICE_RESULT: notice.build_result,
    Kind.REVOCATIONS: revocations.build,
}
