"""The apps stack ``members`` <- ``selection`` <- ``evaluations`` <- ``reports`` (STYLE.md, "Apps
own domains"): an app imports the apps below it, never one above it, not even inside a function
at call time. What a higher app adds to a lower one's moves or pages, the lower one asks for
through its signals (``selection.signals``), which the higher app's receivers answer.

``audit`` is used by all and uses none: what its pages show of an app's events, the app
registers from its own ``audit.py`` (``audit.registry.trail``)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: From the bottom up.
LAYERS = ["members", "selection", "evaluations", "reports"]
#: Every app the portal's own code is, beside ``audit`` (``config`` is the project, not an app).
APPS = [*LAYERS, "reminders", "archives", "api", "backups"]


def apps_imported(source: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in ``source``, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def imports_of(app: str, packages: set[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, package in apps_imported(path.read_text(encoding="utf-8"))
        if package in packages
    ]


def upward_imports(app: str) -> list[str]:
    return imports_of(app, set(LAYERS[LAYERS.index(app) + 1 :]))


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_app_imports_an_app_above_it(app):
    assert upward_imports(app) == []


def test_audit_imports_no_other_app():
    """The audit pages read labels, choices and lookups only from the registry the apps fill."""
    assert imports_of("audit", set(APPS)) == []


def test_every_app_that_records_events_registers_them_with_the_audit_pages():
    from audit.registry import trail

    assert set(trail.groups) == {verb.split(".", 1)[0] for verb in trail.verbs}
    assert trail.organization_model is not None
    assert trail.mask_contact("13812345678") == "138****5678"


def test_an_import_made_at_call_time_counts_as_much_as_one_at_the_top():
    source = (
        "from . import rules\n"
        "from members import scope\n"
        "def page(user):\n"
        "    from reports import queries\n"
        "    import evaluations.rules\n"
    )

    assert apps_imported(source) == [(2, "members"), (4, "reports"), (5, "evaluations")]
