"""Modules stay at most 400 lines, migrations aside (issue 38): a module past that holds more
than one concern and is split by page or concern, tests included."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
#: Not the project's own modules: installed packages, tools' downloads, run output.
SKIPPED = {".venv", "node_modules", "var", "staticfiles", ".git", "migrations", "tools"}


def test_no_module_is_longer_than_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }

    assert too_long == {}
