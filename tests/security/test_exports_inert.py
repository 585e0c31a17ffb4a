"""Every export is inert: no text typed by a user runs as a formula in Excel (core/exports.py).

The URL configuration is walked like the permission matrix does, every GET URL
is requested (with the matrix specs' objects, as staff or another role that
may), after every free text of the database has been replaced by a
formula-injection payload. Each answer that is a CSV or XLSX file must be inert
(tests/security/inert.py): so an export added later that writes with the csv
module or openpyxl directly, not through core/exports.py, fails here.
"""

import contextlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from projects import services as project_services
from tests.security.inert import (
    FORMULA_PAYLOADS,
    assert_inert,
    export_kind,
    export_texts,
    fill_free_texts,
)
from tests.security.matrix import ROLES
from tests.security.test_permission_matrix import SPECS, url_patterns

pytestmark = pytest.mark.django_db

# The exports there are today; a new one is found and checked without being listed here.
KNOWN_EXPORTS = {
    "projects:portfolio_export_csv",
    "projects:portfolio_export_xlsx",
    "finance:allocation_csv",
    "finance:allocation_xlsx",
}


def _role_that_may(statuses) -> str | None:
    """Staff when staff may GET it, else the first role that gets a 200."""
    if statuses.get("staff") == 200:
        return "staff"
    return next((role for role in ROLES if statuses.get(role) == 200), None)


def _hostile_org(org) -> None:
    """One project per payload in the IFO portfolio, then every free text a payload."""
    for payload in FORMULA_PAYLOADS:
        project_services.project_create(
            actor=org.tactical_chair,
            portfolio=org.projects.portfolio,
            title=payload,
            purpose=payload,
            lead=org.tactical_member,
        )
    assert fill_free_texts() > 100


def _every_export(org):
    """(url name, url, response) of every GET URL whose answer is a CSV or XLSX file."""
    for name, _route, _app in url_patterns():
        assert name in SPECS, f"{name} has no permission matrix spec"
        spec = SPECS[name][1]
        for target, statuses in (spec.get or {}).items():
            role = _role_that_may(statuses)
            if role is None:
                continue
            with transaction.atomic():
                url = reverse(name, kwargs=spec.targets[target](org))
                client = Client()
                if role in org.sessions:  # not for an anonymous visitor
                    client.cookies[settings.SESSION_COOKIE_NAME] = org.sessions[role]
                with spec.around(org) if spec.around else contextlib.nullcontext():
                    response = client.get(url)
                transaction.set_rollback(True)
            assert response.status_code < 500, f"GET {url} as {role} with hostile texts"
            if response.status_code == 200 and export_kind(response):
                yield name, url, response


def test_every_export_url_is_inert_with_formula_payloads_in_every_free_text(matrix_org):
    _hostile_org(matrix_org)
    found, texts = set(), []
    for name, _url, response in _every_export(matrix_org):
        found.add(name)
        texts += export_texts(response)  # asserts the file is inert
    assert KNOWN_EXPORTS <= found, f"exports not reached: {KNOWN_EXPORTS - found}"
    # The payloads really reached the exports (quoted), so the check above was not vacuous.
    for payload in FORMULA_PAYLOADS:
        assert any(payload.strip() in text for text in texts), f"{payload!r} never exported"


def test_r22_fee_allocation_command_csv_is_inert(matrix_org):
    """The command prints the same CSV as the download (DOMAIN.md contract), inert too."""
    kwargs = SPECS["finance:allocation_csv"][1].targets["own"](matrix_org)
    fill_free_texts()
    out = io.StringIO()
    call_command(
        "fee_allocation",
        "--year",
        str(kwargs["year"]),
        "--partnership",
        kwargs["slug"],
        "--format",
        "csv",
        stdout=out,
        stderr=io.StringIO(),
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv")
    texts = export_texts(response)
    assert texts[:5] == ["kommunkod", "kommun", "folkmangd", "andel", "avgift_kr"]
    for payload in FORMULA_PAYLOADS:  # municipality names, quoted
        assert any(text.startswith("'" + payload) for text in texts), payload
    download = Client()
    download.cookies[settings.SESSION_COOKIE_NAME] = matrix_org.sessions["staff"]
    assert download.get(reverse("finance:allocation_csv", kwargs=kwargs)).content == (
        out.getvalue().encode()
    )


# --- The check itself can fail ------------------------------------------------------------


def _raw_csv(text: str) -> HttpResponse:
    return HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")


def _raw_xlsx(values) -> HttpResponse:
    workbook = Workbook()
    workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_the_check_catches_a_csv_written_without_the_helper(payload):
    row = payload.replace('"', '""')
    with pytest.raises(AssertionError, match="not inert"):
        assert_inert(_raw_csv(f'Projekt;Steg\r\n"{row}";Idé\r\n'))


def test_the_check_catches_a_formula_in_an_xlsx_written_without_the_helper():
    with pytest.raises(AssertionError, match="a formula"):
        assert_inert(_raw_xlsx([FORMULA_PAYLOADS[0], 1]))


def test_the_check_lets_numbers_and_quoted_text_through():
    assert_inert(_raw_csv("a;b;c\r\n'=1;-5;-2,50\r\n"))
    assert_inert(_raw_xlsx(["'=1", -5, "Aneby"]))
    with pytest.raises(AssertionError):
        assert_inert(_raw_csv("a;b\r\n -2+3;x\r\n"))


# --- Nothing else writes spreadsheets -------------------------------------------------------

APP_PACKAGES = (
    "accounts",
    "core",
    "finance",
    "kommunalutveckling",
    "partnerships",
    "projects",
    "reporting",
)
SPREADSHEET_WRITERS = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bopenpyxl\b|\bxlsxwriter\b")
THE_HELPER = Path("core/exports.py")


def test_no_module_but_the_helper_writes_csv_or_excel():
    """A command or job that exports without a URL is held to core/exports.py too."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for package in APP_PACKAGES
        for path in (root / package).rglob("*.py")
        if path.relative_to(root) != THE_HELPER
        and "migrations" not in path.parts
        and SPREADSHEET_WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"write CSV/Excel through core/exports.py: {offenders}"
