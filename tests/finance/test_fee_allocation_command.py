"""The `fee_allocation` command, exactly per DOMAIN.md."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from finance import services

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("fee_allocation", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_r22_csv_has_13_lines_summing_to_the_fee(org, populations):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    out, err = run("--year", "2026", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["kommunkod", "kommun", "folkmangd", "andel", "avgift_kr"]
    assert len(rows) == 14
    assert sum(int(r[4]) for r in rows[1:]) == 6200000
    jonkoping = next(r for r in rows if r[0] == "0680")
    assert jonkoping == ["0680", "Jönköping", "147654", "0.399055", "2474142"]
    assert all(len(r[3].split(".")[1]) == 6 for r in rows[1:])
    assert err == ""


def test_r21_csv_for_undecided_year_says_so_on_stderr(org, populations):
    out, err = run("--year", "2026", "--format", "csv", "--partnership", "social-valfard")
    assert "inte beslutad" in err
    assert "inte beslutad" not in out
    assert sum(int(r[4]) for r in list(csv.reader(io.StringIO(out)))[1:]) == 6200000


def test_table_format_is_readable(org, populations):
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    out, _ = run("--year", "2026")
    assert "Avgift 2026: 6\u00a0200\u00a0000\u00a0kr (beslutad)" in out
    assert "Jönköping" in out and "Summa" in out


def test_missing_population_is_a_clear_error(org, populations):
    populations[-1].delete()  # Tranås
    with pytest.raises(CommandError, match="Tranås.*2024-12-31"):
        run("--year", "2026", "--format", "csv")


def test_unknown_partnership(org):
    with pytest.raises(CommandError, match="Okänt partnerskap"):
        run("--year", "2026", "--partnership", "finns-inte")


def test_r21_year_without_index_cannot_be_split(org, populations):
    with pytest.raises(CommandError, match="Index för 2027"):
        run("--year", "2027")
    services.fee_decide(actor=org.staff, partnership=org.partnership, year=2026)
    services.fee_index_set(
        actor=org.staff, partnership=org.partnership, year=2027, percent=Decimal("3"), source="PKV"
    )
    # Reference date for 2027 is 2025-12-31: no figures yet.
    with pytest.raises(CommandError, match="2025-12-31"):
        run("--year", "2027")
