"""The import_population contract (DOMAIN.md): all or nothing, line numbers, reasons."""

import pytest
from django.core.management import CommandError, call_command

from partnerships.models import PopulationFigure

pytestmark = pytest.mark.django_db

GOOD = (
    "kommunkod,kommun,datum,folkmangd\n"
    "0604,Aneby,2024-12-31,6797\n"
    "0680,Jönköping,2024-12-31,147654\n"
)


def write(tmp_path, text, name="folkmangd.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_file_imports_every_line_with_source(org, tmp_path):
    call_command("import_population", write(tmp_path, GOOD), "--source", "SCB 2025-02-21")
    figures = {
        f.municipality.code: f for f in PopulationFigure.objects.select_related("municipality")
    }
    assert figures["0604"].population == 6797
    assert figures["0680"].population == 147654
    assert figures["0680"].source == "SCB 2025-02-21"
    assert str(figures["0680"].date) == "2024-12-31"


def test_semicolon_separated_file_with_bom_imports(org, tmp_path):
    text = "\ufeff" + GOOD.replace(",", ";")
    call_command("import_population", write(tmp_path, text))
    assert PopulationFigure.objects.count() == 2


def test_bad_line_aborts_the_whole_import_with_line_number_and_reason(org, tmp_path):
    text = GOOD + "0617,Gnosjö,2024-12-31,många\n"
    with pytest.raises(CommandError) as refused:
        call_command("import_population", write(tmp_path, text))
    assert "Rad 4" in str(refused.value)
    assert "folkmängd" in str(refused.value)
    assert PopulationFigure.objects.count() == 0


def test_unknown_scb_code_is_refused(org, tmp_path):
    text = GOOD + "0999,Påhittad,2024-12-31,100\n"
    with pytest.raises(CommandError) as refused:
        call_command("import_population", write(tmp_path, text))
    assert "Rad 4" in str(refused.value) and "0999" in str(refused.value)
    assert PopulationFigure.objects.count() == 0


def test_duplicate_rows_are_refused(org, tmp_path):
    text = GOOD + "0604,Aneby,2024-12-31,6800\n"
    with pytest.raises(CommandError) as refused:
        call_command("import_population", write(tmp_path, text))
    message = str(refused.value)
    assert "Rad 4" in message and "rad 2" in message
    assert PopulationFigure.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0604,Aneby,31/12/2024,6797", "datum"),
        ("0604,Aneby,2024-12-31,0", "folkmängd"),
        ("0604,Aneby,2024-12-31", "4 fält"),
        ("0604,Jönköping,2024-12-31,6797", "Aneby"),
    ],
)
def test_bad_values_name_their_reason(org, tmp_path, line, reason):
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_population", write(tmp_path, "kommunkod,kommun,datum,folkmangd\n" + line + "\n")
        )
    assert "Rad 2" in str(refused.value) and reason in str(refused.value)
    assert PopulationFigure.objects.count() == 0


def test_wrong_header_is_refused(org, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_population", write(tmp_path, "kod,namn,dag,antal\n0604,Aneby,2024-12-31,1\n")
        )
    assert "Rad 1" in str(refused.value)


def test_reimport_updates_changed_figures_and_is_idempotent(org, tmp_path):
    call_command("import_population", write(tmp_path, GOOD))
    call_command("import_population", write(tmp_path, GOOD.replace("6797", "6800")))
    call_command("import_population", write(tmp_path, GOOD.replace("6797", "6800")))
    assert PopulationFigure.objects.get(municipality__code="0604").population == 6800
    assert PopulationFigure.objects.count() == 2


def test_unreadable_file_is_a_clear_error(org, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "kommunkod,kommun,datum,folkmangd\n0684,S\xe4vsj\xf6,2024-12-31,1\n".encode("latin-1")
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_population", str(path))
    assert "Kan inte läsa filen" in str(refused.value)
