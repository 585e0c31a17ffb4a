#!/usr/bin/env python3
"""`make messages`: refresh the Swedish catalogues without losing a translation.

`makemessages` writes each app's strings to that app's own `locale/`, so a string
that moves between apps (or a template that moves) would arrive untranslated in its
new catalogue, and `--no-obsolete` would drop it from the old one. So this reads
every catalogue's translations first, runs makemessages, copies the translation of
an identical msgid (and plural) into entries that lack one, and compiles. Entries
nobody has translated yet are listed and left empty for a person to write.
"""

import pathlib
import subprocess
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def catalogues() -> list[pathlib.Path]:
    return sorted(
        p
        for p in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po")
        if ".venv" not in p.parts and "var" not in p.parts
    )


def manage(*args: str) -> None:
    subprocess.check_call([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT)


def main() -> int:
    known: dict[tuple[str, str], polib.POEntry] = {}
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                known.setdefault((entry.msgctxt or "", entry.msgid), entry)
    manage("makemessages", "-l", "sv", "--no-obsolete", "-i", ".venv", "-i", "var", "-i", "bench")
    missing = []
    for path in catalogues():
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if entry.obsolete or entry.translated():
                continue
            source = known.get((entry.msgctxt or "", entry.msgid))
            if source is None or source.msgid_plural != entry.msgid_plural:
                missing.append(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
                continue
            entry.msgstr = source.msgstr
            entry.msgstr_plural = dict(source.msgstr_plural)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            changed = True
        if changed:
            po.save(str(path))
    manage("compilemessages", "-i", ".venv")
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
