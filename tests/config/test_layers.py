"""The apps stack ``members`` <- ``selection`` <- ``evaluations`` <- ``reports`` (STYLE.md, "Apps
own domains"): an app imports the apps below it, never one above it, not even inside a function
at call time. What a higher app adds to a lower one's moves or pages, the lower one asks for
through its signals (``selection.signals``), which the higher app's receivers answer."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: From the bottom up.
LAYERS = ["members", "selection", "evaluations", "reports"]


def apps_imported(source: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in ``source``, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def upward_imports(app: str) -> list[str]:
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    return [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, package in apps_imported(path.read_text(encoding="utf-8"))
        if package in above
    ]


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_app_imports_an_app_above_it(app):
    assert upward_imports(app) == []


def test_an_import_made_at_call_time_counts_as_much_as_one_at_the_top():
    source = (
        "from . import rules\n"
        "from members import scope\n"
        "def page(user):\n"
        "    from reports import queries\n"
        "    import evaluations.rules\n"
    )

    assert apps_imported(source) == [(2, "members"), (4, "reports"), (5, "evaluations")]
