"""What poppler's tools and pikepdf say about a PDF: the suite's stand-in for veraPDF
(issue 15; docs/accessible-documents.md). poppler-utils is installed by .ci/run."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from core.pdf_tags import PDFDOC_EXTRA


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} (poppler-utils) is missing: .ci/run installs it")
    return path


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def run_bytes(tool: str, data: bytes, *args: str) -> bytes:
    """Run a poppler tool on the PDF bytes (written to a temporary file); its stdout."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run(  # noqa: S603 - fixed executable, a file we wrote
            [_tool(tool), *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
        )
    return result.stdout


def run(tool: str, data: bytes, *args: str) -> str:
    return _plain(run_bytes(tool, data, *args).decode("utf-8"))


PDFDOC = {code: char for char, code in PDFDOC_EXTRA.items()}


def _line(raw: bytes) -> str:
    """A line of pdfinfo's output: UTF-8 text, but an element's title (/T) as the PDF
    string's raw bytes (core/pdf_tags.py writes figures' titles in PDFDocEncoding)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(PDFDOC.get(byte, chr(byte)) for byte in raw)


def struct_text(data: bytes) -> str:
    """`pdfinfo -struct-text`, as text."""
    return _plain(
        "\n".join(_line(raw) for raw in run_bytes("pdfinfo", data, "-struct-text").split(b"\n"))
    )


@dataclasses.dataclass
class Node:
    """An element of `pdfinfo -struct-text`: its type, title ("..." after the type),
    attribute lines, its own text lines and its children."""

    kind: str
    title: str | None
    indent: int
    attributes: list[str] = dataclasses.field(default_factory=list)
    own_text: list[str] = dataclasses.field(default_factory=list)
    children: list[Node] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        parts = list(self.own_text)
        for child in self.children:
            parts.append(child.text)
        return " ".join(p for p in parts if p).strip()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


ELEMENT = re.compile(r'^(?P<kind>[A-Za-z0-9]+)(?: <[^>]*>)?(?: "(?P<title>.*)")?(?: \(\w+\))?:?$')


def struct_tree(data: bytes) -> Node:
    """Parse `pdfinfo -struct-text` into a tree of Nodes (the root is "Root")."""
    root = Node("Root", None, -2)
    stack = [root]
    for line in struct_text(data).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        while stack[-1].indent >= indent:
            stack.pop()
        parent = stack[-1]
        if body.startswith('"'):
            parent.own_text.append(body[1:-1].strip())
        elif body.startswith("/"):
            parent.attributes.append(body)
        elif body.startswith("Object "):
            continue  # a link annotation's reference
        else:
            match = ELEMENT.match(body)
            assert match, f"unexpected line of pdfinfo -struct-text: {body!r}"
            node = Node(match["kind"], match["title"], indent)
            parent.children.append(node)
            stack.append(node)
    return root


def font_rows(data: bytes) -> list[dict]:
    """`pdffonts` as rows: name and whether the font is embedded."""
    lines = run("pdffonts", data).splitlines()[2:]
    rows = []
    for line in lines:
        columns = line.split()
        # name type... encoding emb sub uni object-id generation
        rows.append({"name": columns[0], "emb": columns[-5], "sub": columns[-4]})
    return rows
