"""Completes WeasyPrint's tagged PDF so that it meets what PDF/A-3a and screen readers need.

WeasyPrint (70) writes the structure tree (headings, lists, tables, links, figures
with the SVG <title> as alternative text) but leaves three gaps, closed here by a
`finisher` that runs on the PDF objects before they are written:

1. Running headers, footers and page numbers (the page's margin boxes) are marked
   as content with an MCID whose structure element is never attached to the tree.
   A screen reader would meet orphaned content; PDF/UA and PDF/A-a want it marked
   as an artifact. Every marked sequence whose element cannot be reached from the
   structure tree's root becomes `/Artifact <</Type /Pagination>> BDC`, and its
   entry in the parent tree becomes null.
2. Table header cells carry no `/Scope`: each TH gets `/Column` or `/Row` from the
   HTML `scope` attribute (a header cell in <thead> without one: a column header).
3. A figure's `/BBox` is written in CSS pixels from the top of the page; it is
   converted to PDF user space (points from the bottom). A figure's alternative
   text (`/Alt`, from the SVG's <title>) is also its title (`/T`): poppler's
   `pdfinfo -struct-text`, the suite's and kansliet's quick check, prints a
   structure element's title but never its `/Alt`. It prints the title's raw
   bytes, so the title is written in PDFDocEncoding when it can be (a UTF-16
   title would show as its byte-order mark only).

The version of WeasyPrint is pinned below 71 in pyproject.toml; the tests in
tests/core/test_documents.py fail if a later version changes what is patched here.
"""

from __future__ import annotations

import logging

import pydyf
from weasyprint.formatting_structure import boxes

logger = logging.getLogger(__name__)

# 72 PDF points per inch / 96 CSS pixels per inch (WeasyPrint's scale at zoom 1).
CSS_PX_TO_PT = 0.75


def _number(reference) -> int | None:
    if isinstance(reference, bytes | str):
        parts = reference.split()
        if len(parts) == 3 and parts[2] in (b"R", "R"):
            return int(parts[0])
    return None


def _get(pdf, reference):
    number = _number(reference)
    return None if number is None else pdf.objects[number]


def _reachable_elements(pdf, root) -> dict[int, pydyf.Dictionary]:
    """Every structure element reachable from the root, by object number."""
    found: dict[int, pydyf.Dictionary] = {}
    stack = list(root["K"])
    while stack:
        number = _number(stack.pop())
        if number is None or number in found:
            continue  # an MCID (int) or an element seen already
        element = pdf.objects[number]
        if not isinstance(element, dict) or element.get("Type") != "/StructElem":
            continue  # an object reference (/OBJR) of a link annotation
        found[number] = element
        kids = element.get("K", ())
        stack.extend(kids if isinstance(kids, list) else [kids])
    return found


def _mark_as_artifacts(stream, mcids: set[int]) -> set[int]:
    """Turn the marked sequences with these MCIDs into pagination artifacts."""
    items = stream.stream
    done = set()
    for index in range(1, len(items) - 1):
        item = items[index]
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in mcids
            and items[index + 1] == b"BDC"
        ):
            done.add(item["MCID"])
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": "/Pagination"})
    return done


def artifact_orphaned_content(pdf) -> int:
    """Mark content outside the structure tree (running headers, footers) as artifacts."""
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    reachable = _reachable_elements(pdf, root)
    nums = _get(pdf, root["ParentTree"])["Nums"]
    count = 0
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, list):
            continue  # an annotation's entry
        orphans = {
            mcid for mcid, reference in enumerate(value) if _number(reference) not in reachable
        }
        if not orphans:
            continue
        page = _get(pdf, pdf.page_references[key])
        done = _mark_as_artifacts(_get(pdf, page["Contents"]), orphans)
        for mcid in done:
            value[mcid] = "null"
        if done != orphans:
            logger.warning("Page %s: content outside the structure tree left as it is", key + 1)
        count += len(done)
    return count


# PDFDocEncoding: Latin-1 from 0xA0 and ASCII, plus these in 0x80-0x9F (ISO 32000-1, D.2).
PDFDOC_EXTRA = {
    "\u2022": 0x80, "\u2020": 0x81, "\u2021": 0x82, "\u2026": 0x83, "\u2014": 0x84,
    "\u2013": 0x85, "\u0192": 0x86, "\u2044": 0x87, "\u2039": 0x88, "\u203a": 0x89,
    "\u2212": 0x8A, "\u2030": 0x8B, "\u201e": 0x8C, "\u201c": 0x8D, "\u201d": 0x8E,
    "\u2018": 0x8F, "\u2019": 0x90, "\u201a": 0x91, "\u2122": 0x92,
}  # fmt: skip


def pdf_text_string(text: str):
    """A PDF text string in PDFDocEncoding (a literal), or UTF-16 when it cannot be."""
    out = bytearray()
    for char in text:
        code = ord(char)
        if char in PDFDOC_EXTRA:
            out.append(PDFDOC_EXTRA[char])
        elif 0x20 <= code < 0x7F or 0xA0 <= code <= 0xFF:
            if char in "()\\":
                out.append(0x5C)
            out.append(code)
        else:
            return pydyf.String(text)
    return b"(" + bytes(out) + b")"


def _walk(box, in_head=False):
    yield box, in_head
    if isinstance(box, boxes.ParentBox):
        in_head = in_head or box.element_tag == "thead"
        for child in box.children:
            yield from _walk(child, in_head)


def scope_table_headers(document) -> int:
    """Give every tagged TH a /Scope (WeasyPrint links TDs to headers but sets no scope)."""
    count = 0
    for page in document.pages:
        for box, in_head in _walk(page._page_box):
            element = getattr(box, "mark", None)
            if not isinstance(box, boxes.TableCellBox) or element is None:
                continue
            if box.element is None or box.element_tag != "th":
                continue
            scope = box.element.get("scope") or ("col" if in_head else "row")
            element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"
            count += 1
    return count


def figure_boxes_in_points(document, pdf) -> int:
    """Convert each figure's /BBox from CSS pixels (top-down) to PDF points (bottom-up)."""
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    pages = {_number(ref): index for index, ref in enumerate(pdf.page_references)}
    count = 0
    for element in _reachable_elements(pdf, root).values():
        attributes = element.get("A")
        if element.get("S") != "/Figure" or not attributes or "BBox" not in attributes:
            continue
        height = document.pages[pages[_number(element["Pg"])]].height
        alt = element.get("Alt")
        if isinstance(alt, pydyf.String) and "T" not in element:
            element["T"] = pdf_text_string(alt.string)
        x1, y1, x2, y2 = attributes["BBox"]
        attributes["BBox"] = pydyf.Array(
            (
                round(x1 * CSS_PX_TO_PT, 2),
                round((height - y2) * CSS_PX_TO_PT, 2),
                round(x2 * CSS_PX_TO_PT, 2),
                round((height - y1) * CSS_PX_TO_PT, 2),
            )
        )
        count += 1
    return count


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint `finisher` for tagged variants (pdf/a-3a, pdf/ua-1)."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    scope_table_headers(document)
    figure_boxes_in_points(document, pdf)
    artifact_orphaned_content(pdf)
