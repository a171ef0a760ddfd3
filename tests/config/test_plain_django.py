"""No HTML is built in Python (issue 38): templates write the markup, Django's autoescaping
escapes it, and the only markup shown unescaped is a profile's story, which
``selection.gallery.sanitize_story`` cleans with nh3 before it is stored."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Not the project's code: installed packages, tools' downloads, run output; and the tests, which
#: may write the markup they expect.
SKIPPED = {".venv", "node_modules", "var", "tests", "staticfiles", "media", "private", ".git"}
#: Django's ways of passing text through unescaped.
UNESCAPED_PY = re.compile(
    r"\b(mark_safe|format_html|format_html_join|SafeString|SafeText|SafeData|html_safe)\b"
)
UNESCAPED_TEMPLATE = re.compile(r"{{[^}]*\|\s*safe(seq)?\b[^}]*}}|{%\s*autoescape\s+off\s*%}")
#: ``path: the unescaped text`` allowed, each nh3-sanitised before it reaches the template.
ALLOWED = {
    # Profile.story is stored through selection.gallery.sanitize_story (nh3.clean)
    "templates/public/gallery_detail.html": ["{{ profile.story|safe }}"],
}


def project_files(pattern: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob(pattern)
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    ]


def test_no_project_module_marks_text_as_safe_html():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in project_files("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if UNESCAPED_PY.search(line)
    ]

    assert len(project_files("*.py")) > 100
    assert not found


def test_templates_show_unescaped_only_text_that_nh3_sanitised():
    found = {}
    for path in project_files("*.html"):
        for match in UNESCAPED_TEMPLATE.finditer(path.read_text()):
            found.setdefault(str(path.relative_to(ROOT)), []).append(match.group())

    assert found == ALLOWED


def test_the_story_shown_unescaped_is_cleaned_by_nh3():
    from selection import gallery

    assert "nh3.clean(" in Path(gallery.__file__).read_text()
    cleaned = gallery.sanitize_story('<p onclick="x()">事迹<script>alert(1)</script></p>')

    assert cleaned == "<p>事迹</p>"


#: Attributes with a leading underscore that are not Django's private API: the documented
#: ``Model._meta``, a named tuple's public ``_replace``, and reportlab's table cells, read by a
#: layout test (not Django).
PUBLIC_UNDERSCORED = {"_meta", "_replace", "_cellvalues"}


def test_no_module_reaches_into_an_underscored_attribute_it_does_not_define():
    """Issue 38: no attribute of Django starting with ``_``. An underscored attribute read
    anywhere must be one the project defines itself (a helper, a field of its own class)."""
    files = project_files("*.py") + list((ROOT / "tests").rglob("*.py"))
    defined, used = set(PUBLIC_UNDERSCORED), {}
    for path in files:
        text = path.read_text()
        defined.update(re.findall(r"\b(?:def|class)\s+(_\w+)", text))
        defined.update(re.findall(r"^\s*(_\w+)\s*[:=]", text, re.MULTILINE))
        defined.update(re.findall(r"\bself\.(_\w+)(?=[^=\n]*=(?!=))", text))
        defined.update(re.findall(r"\bimport\b.*?\b(_\w+)", text))
        for name in re.findall(r"\.(_[A-Za-z]\w*)\b", text):
            if not name.startswith("__"):
                used.setdefault(name, set()).add(str(path.relative_to(ROOT)))

    assert {name: paths for name, paths in used.items() if name not in defined} == {}


#: The documented ``Model._meta`` API ("Model _meta API": ``get_field``, ``get_fields``) and the
#: documented ``Meta`` options, with the read-only ``label``/``label_lower``, read back from it.
DOCUMENTED_META = {
    "get_field",
    "get_fields",
    "app_label",
    "db_table",
    "label",
    "label_lower",
    "model_name",
    "ordering",
    "verbose_name",
    "verbose_name_plural",
}
META_READ = re.compile(r"\b_meta\.(\w+)")
META_KEPT = re.compile(r"\b(\w+)\s*=\s*[\w.()\[\]]*\b_meta\s*$", re.MULTILINE)


def test_model_meta_is_read_only_through_its_documented_api():
    """Issue 38: ``concrete_fields``, ``pk`` and the like, read on ``_meta``, are Django's
    internals; a model's columns are ``[f for f in get_fields() if f.concrete and not
    f.many_to_many]``.
    ``opts = Model._meta`` and then ``opts.<name>`` counts too."""
    found = {}
    for path in project_files("*.py") + list((ROOT / "tests").rglob("*.py")):
        text = path.read_text()
        names = set(META_READ.findall(text))
        for kept in META_KEPT.findall(text):
            names.update(re.findall(rf"\b{kept}\.(\w+)", text))
        if names - DOCUMENTED_META:
            found[str(path.relative_to(ROOT))] = names - DOCUMENTED_META

    assert found == {}


#: What a template tag or filter may not reach for: the database goes through the view, which
#: prepares what the template shows.
QUERYING_MODULES = {"models", "queries", "rules", "services", "db"}


def imported_modules(tree: ast.Module) -> set[str]:
    """Each dotted part of every module the code imports, and each name imported from one."""
    parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            parts.update(part for alias in node.names for part in alias.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            parts.update((node.module or "").split("."))
            parts.update(alias.name for alias in node.names)
    return parts


def test_template_tags_import_nothing_that_reads_the_database():
    modules = project_files("templatetags/*.py")
    found = {}
    for path in modules:
        tree = ast.parse(path.read_text())
        reached = imported_modules(tree) & QUERYING_MODULES
        reached.update(
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "raw", "extra"}
        )
        if reached:
            found[str(path.relative_to(ROOT))] = reached

    assert len(modules) > 3
    assert found == {}
