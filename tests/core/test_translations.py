"""The Swedish UI is complete, and no rule id reaches a user.

Every msgid that `make messages` would extract (Python and templates) must have a
Swedish translation in the catalogue makemessages writes it to, not fuzzy, and
every committed .mo must hold exactly the translations of its .po. Rule ids
("(R15)") belong in `DomainError.rule`, comments, logs and tests, never in text a
user reads.
"""

import ast
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
# What `make messages` leaves out (-i .venv -i var -i bench), plus what holds no source.
NOT_SCANNED = {".venv", "var", "bench", ".git", ".ruff_cache", "__pycache__", "node_modules"}
RULE_ID = re.compile(r"\(\s*R\d+\b")
# Files not yet cleaned of rule ids and Swedish literals (none left: add one only
# with a task to clean it).
PENDING: set[str] = set()
APPS = (
    "core",
    "accounts",
    "notifications",
    "partnerships",
    "matters",
    "projects",
    "finance",
    "reporting",
)


def _catalogues(base: Path) -> list[Path]:
    found = [base / "locale/sv/LC_MESSAGES/django.po"]
    found += sorted(base.glob("*/locale/sv/LC_MESSAGES/django.po"))
    return [path for path in found if path.exists()]


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _translation(entry):
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    """`makemessages -l sv` run on a copy of the tree: {catalogue path: what it extracted}."""
    copy = tmp_path_factory.mktemp("source") / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED, "*.mo"))
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[copy / "locale"]):
        patch.chdir(copy)
        call_command("makemessages", locale=["sv"], no_obsolete=True, verbosity=0)
    return {str(path.relative_to(copy)): polib.pofile(str(path)) for path in _catalogues(copy)}


def test_every_msgid_has_a_swedish_translation(extracted):
    committed = {str(path.relative_to(ROOT)): polib.pofile(str(path)) for path in _catalogues(ROOT)}
    everywhere = {
        _key(entry): name
        for name, catalogue in committed.items()
        for entry in catalogue.translated_entries()
    }
    problems = []
    for name, catalogue in extracted.items():
        ours = {_key(entry): entry for entry in committed.get(name, [])}
        for entry in catalogue:
            if entry.obsolete:
                continue
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
            mine = ours.get(_key(entry))
            if mine is None or not mine.translated():
                state = "missing" if mine is None else ("fuzzy" if mine.fuzzy else "empty")
                elsewhere = everywhere.get(_key(entry))
                hint = f" (translated in {elsewhere}: move it)" if elsewhere else ""
                problems.append(f"{name}: {state} {entry.msgid!r} from {where}{hint}")
    assert not problems, "Swedish translations to add:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", _catalogues(ROOT), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_matches_its_po(po_path):
    po = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    expected = {_key(e): _translation(e) for e in po.translated_entries() if e.msgid}
    compiled = {_key(e): _translation(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    stale = {
        key for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key)
    }
    assert not stale, f"{mo_path} is out of date: run compilemessages ({sorted(stale)[:5]})"


# --- Rule ids stay out of the UI ---------------------------------------------

TEMPLATE_COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def _templates():
    for app in ("templates", *(f"{app}/templates" for app in APPS)):
        yield from sorted(p for p in (ROOT / app).rglob("*") if p.suffix in {".html", ".txt"})


def test_no_rule_id_in_templates():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in RULE_ID.finditer(TEMPLATE_COMMENTS.sub("", path.read_text(encoding="utf-8")))
    ]
    assert not found, "Rule ids shown to users:\n" + "\n".join(found)


def test_no_rule_id_in_translatable_text(extracted):
    found = []
    for name, catalogue in extracted.items():
        for entry in catalogue:
            files = {path for path, _line in entry.occurrences}
            if files and all(_repo_path(name, path) in PENDING for path in files):
                continue
            texts = [entry.msgid, entry.msgid_plural, entry.msgstr, *entry.msgstr_plural.values()]
            if any(RULE_ID.search(text or "") for text in texts):
                found.append(f"{name}: {entry.msgid!r}")
    assert not found, "Rule ids in translatable text:\n" + "\n".join(found)


def _repo_path(catalogue: str, occurrence: str) -> str:
    """An occurrence is relative to where makemessages ran (the root) or, in some
    committed catalogues, to the app; both name the same file."""
    app = catalogue.split("/")[0]
    return occurrence if (ROOT / occurrence).exists() else f"{app}/{occurrence}"


# Calls whose first argument is text a user reads.
SHOWN = {"DomainError", "ImportRefused", "StaleEdit", "ChecksumMismatch", "ValidationError"}
SHOWN_METHODS = {"add_error", "error", "success", "warning", "info"}


def _app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            if "/migrations/" not in relative and relative not in PENDING:
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _shown_arguments(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in SHOWN:
            yield node, node.args[0]
        elif isinstance(func, ast.Attribute) and name in SHOWN_METHODS and len(node.args) > 1:
            if name == "add_error" or getattr(func.value, "id", "") == "messages":
                yield node, node.args[1]


def test_messages_shown_to_users_are_translatable_and_name_no_rule():
    """DomainError("...") with a bare literal cannot be translated; text with "(R15)" leaks."""
    found = []
    for path, tree in _app_sources():
        for call, argument in _shown_arguments(tree):
            if isinstance(argument, ast.Constant | ast.JoinedStr):
                found.append(f"{path}:{call.lineno}: literal text, wrap it in gettext")
            for node in ast.walk(argument):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if RULE_ID.search(node.value):
                        found.append(f"{path}:{call.lineno}: rule id in {node.value!r}")
    assert not found, "\n".join(found)
