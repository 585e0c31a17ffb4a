"""Layering: `projects` builds on `matters`, never the other way round.

Meetings (and other apps) decide matters too, so the matters app must stand
without projects: its code never imports `projects` (the project is the string
FK "projects.Project"; templates may follow the relation).
"""

import ast
from pathlib import Path

import matters

ROOT = Path(matters.__file__).parent


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_matters_never_imports_projects():
    offending = [
        f"{path.relative_to(ROOT.parent)}: {module}"
        for path in sorted(ROOT.rglob("*.py"))
        for module in _imported_modules(path)
        if module == "projects" or module.startswith("projects.")
    ]
    assert offending == []
