"""Formula-injection payloads and the check that an export (CSV or XLSX) is inert.

Shared by tests/security/test_exports_inert.py (every export URL) and the fuzz
tests (tests/security/fuzz.py), so both judge an export by the same rule as
core/exports.py: no text cell begins (also after leading whitespace) with a
character a spreadsheet reads as the start of a formula, and no XLSX cell is a
formula. Numbers, also negative ones, are numbers and may begin with "-".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from django.apps import apps
from django.db import models
from openpyxl import load_workbook

# What a tactical group member could type as a title, name or comment.
FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example";"Öppna")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
XLSX_TYPES = ("spreadsheetml", "ms-excel")

# Free texts that are identifiers or secrets, not prose: they stay as they are.
NOT_FREE_TEXT = {"password", "username", "code", "sha256"}
FREE_TEXT_APPS = ("accounts", "partnerships", "projects", "finance", "reporting")
# A published report version is frozen by a database trigger (R42): its texts were typed
# before publishing, as the report's own (which are filled).
FROZEN_MODELS = {"ReportVersion"}


def export_kind(response) -> str | None:
    """ "csv", "xlsx" or None, from the content type or the attachment's file name."""
    content_type = response.get("Content-Type", "").lower()
    disposition = response.get("Content-Disposition", "").lower().rstrip('"')
    if "text/csv" in content_type or disposition.endswith(".csv"):
        return "csv"
    if any(t in content_type for t in XLSX_TYPES) or disposition.endswith((".xlsx", ".xls")):
        return "xlsx"
    return None


def csv_cells(text: str) -> Iterator[tuple[str, str]]:
    """(where, value) of every cell, split by the file's own separator (read off the header)."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else ","
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        for column, value in enumerate(row, start=1):
            yield f"line {number + 1} column {column}", value


def xlsx_cells(content: bytes) -> Iterator[tuple[str, object, str]]:
    """(where, value, data type) of every cell of every sheet."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type


def dangerous(value: str) -> bool:
    """A text a spreadsheet could run: starts with a formula character (after blanks too)."""
    if NUMBER.fullmatch(value.strip()):
        return False
    return value.startswith(DANGEROUS) or value.lstrip().startswith(DANGEROUS)


def export_texts(response) -> list[str]:
    """Every text cell of a CSV or XLSX response (after asserting it is inert)."""
    kind = export_kind(response)
    assert kind, f"not an export: {response.get('Content-Type')}"
    content = b"".join(response) if response.streaming else response.content
    problems, texts = [], []
    if kind == "csv":
        for where, value in csv_cells(content.decode("utf-8")):
            texts.append(value)
            if dangerous(value):
                problems.append(f"{where}: {value!r}")
    else:
        for where, value, data_type in xlsx_cells(content):
            if data_type == "f":
                problems.append(f"{where}: a formula {value!r}")
            if isinstance(value, str):
                texts.append(value)
                if dangerous(value):
                    problems.append(f"{where}: {value!r}")
    assert not problems, f"{kind} export is not inert:\n" + "\n".join(problems)
    return texts


def assert_inert(response) -> None:
    export_texts(response)


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
    ]


def fill_free_texts(payloads=FORMULA_PAYLOADS) -> int:
    """Overwrite every free text of the business apps with a payload; the count of values.

    Titles, purposes, names (people, municipalities, stages, portfolios, bodies,
    budget lines), comments, notes, report texts: the payloads rotate over rows
    and fields so each one lands in every kind of text. A unique field gets the
    row's id after the payload (the payload still comes first).
    """
    written = 0
    for app in FREE_TEXT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model.__name__ in FROZEN_MODELS:
                continue
            fields = free_text_fields(model)
            if not fields:
                continue
            for row in model._default_manager.all():
                values = {}
                for index, field in enumerate(fields):
                    payload = payloads[(row.pk + index) % len(payloads)]
                    value = f"{payload} {row.pk}"
                    values[field.name] = value[: field.max_length] if field.max_length else value
                model._default_manager.filter(pk=row.pk).update(**values)
                written += len(values)
    return written
