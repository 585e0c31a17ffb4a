"""Bad input at every form and import: never a 500, a clear Swedish error, nothing half saved.

Forms of other apps plug in with one `fuzz_form(...)` line each (tests/security/fuzz.py).
"""

import io
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from partnerships import services
from partnerships.models import PopulationFigure
from tests.factories import MUNICIPALITIES, UserFactory
from tests.security import figures
from tests.security.fuzz import (
    assert_swedish,
    fuzz_form,
    fuzz_import,
    fuzz_raw_body,
    fuzz_settings,
    value,
)
from tests.security.matrix import db_state

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


# --- Forms -------------------------------------------------------------------------


def test_login_form(client, matrix_org):
    fuzz_form(client, reverse("login"), ["username", "password", "next"], name="login")


def test_login_form_raw_bytes(client, matrix_org):
    fuzz_raw_body(client, reverse("login"), name="login")


def test_password_change_form(client, matrix_org):
    fuzz_form(
        client,
        reverse("password_change"),
        ["old_password", "new_password1", "new_password2"],
        user=matrix_org.socialchef_aneby,
        name="password change",
    )


def test_password_change_form_raw_bytes(client, matrix_org):
    fuzz_raw_body(client, reverse("password_change"), user=matrix_org.staff, name="password change")


def test_password_reset_form(client, matrix_org):
    fuzz_form(client, reverse("password_reset"), ["email"], name="password reset")


def test_password_reset_form_raw_bytes(client, matrix_org):
    fuzz_raw_body(client, reverse("password_reset"), name="password reset")


def test_set_new_password_form(client, matrix_org):
    """The form behind a valid reset link (PasswordResetConfirmView)."""
    user = matrix_org.outsider
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302  # the token moves into the session
    fuzz_form(
        client, response["Location"], ["new_password1", "new_password2"], name="set new password"
    )


# --- Open redirects ---------------------------------------------------------------


@settings(fuzz_settings, max_examples=80)
@given(
    next_url=st.one_of(
        value,
        st.sampled_from(
            [
                "https://evil.example/",
                "//evil.example",
                "/\\evil.example",
                "\\\\evil.example",
                "https:evil.example",
                "javascript:alert(1)",
                " //evil.example",
                "/%2F%2Fevil.example",
                "http://testserver@evil.example/",
            ]
        ),
    )
)
def test_login_never_redirects_off_site(next_url):
    with transaction.atomic():
        UserFactory(username="kansli")
        client = Client()
        response = client.post(
            reverse("login"), {"username": "kansli", "password": PASSWORD, "next": next_url}
        )
        figures.add("fuzz:login next= (open redirect)")
        assert response.status_code == 302
        # Browsers drop leading blanks and control characters and read "\\" as "/".
        location = response["Location"].lstrip("".join(map(chr, range(33)))).replace("\\", "/")
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc and not location.startswith("//"), location
        transaction.set_rollback(True)


# --- Population import (service and command) ------------------------------------

CODES = [code for code, _ in MUNICIPALITIES]
NAMES = [name for _, name in MUNICIPALITIES]
HEADER = ["kommunkod", "kommun", "datum", "folkmangd"]
cell = st.one_of(
    st.sampled_from(
        CODES
        + NAMES
        + ["2024-12-31", "2023-12-31", "20241231", "6797", "147654", "0", "-5", "²", "١٢٣"]
        + ["99999999999", "2147483648", "6 797", "1e3", "", "\x00", '"', "0604;Aneby"]
    ),
    value,
)
csv_text = st.builds(
    lambda bom, header, rows, delimiter, newline: (
        bom + newline.join(delimiter.join(r) for r in [header, *rows]) + newline
    ),
    bom=st.sampled_from(["", "\ufeff"]),
    header=st.one_of(st.just(HEADER), st.lists(cell, max_size=5)),
    rows=st.lists(st.lists(cell, min_size=3, max_size=5), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
valid_row = st.builds(
    lambda code, population: [code, "", "2024-12-31", str(population)],
    st.sampled_from(CODES),
    st.integers(min_value=-10, max_value=2**40),
)


def population_state():
    return db_state(), tuple(PopulationFigure.objects.values_list("id", "population", "source"))


def test_population_import_service_with_arbitrary_text(matrix_org):
    fuzz_import(
        lambda text: services.population_import(actor=None, text=text, source="SCB"),
        state=population_state,
        name="population import (arbitrary text)",
    )


def test_population_import_service_with_csv_shaped_input(matrix_org):
    fuzz_import(
        lambda text: services.population_import(actor=None, text=text, source="SCB"),
        texts=csv_text,
        state=population_state,
        name="population import (CSV-shaped)",
        max_examples=300,
    )


def test_population_import_service_with_numbers_out_of_range(matrix_org):
    rows = st.lists(valid_row, min_size=1, max_size=4, unique_by=lambda r: r[0])
    fuzz_import(
        lambda text: services.population_import(actor=None, text=text, source="SCB"),
        texts=rows.map(lambda rs: "\n".join(",".join(r) for r in [HEADER, *rs])),
        state=population_state,
        name="population import (numbers)",
        max_examples=100,
    )


def test_population_import_service_with_arbitrary_source(matrix_org):
    good = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2024-12-31,6797\n"
    fuzz_import(
        lambda source: services.population_import(actor=None, text=good, source=source),
        state=population_state,
        name="population import (source)",
        max_examples=100,
    )


def test_import_population_command_with_arbitrary_bytes(matrix_org, tmp_path):
    path = tmp_path / "folkmangd.csv"

    @settings(fuzz_settings, max_examples=150)
    @given(
        st.one_of(
            st.binary(max_size=500),
            csv_text.map(lambda t: t.encode("utf-8")),
            csv_text.map(lambda t: t.encode("utf-16")),
            csv_text.map(lambda t: t.encode("latin-1", errors="replace")),
        )
    )
    def run(data):
        with transaction.atomic():
            path.write_bytes(data)
            before = population_state()
            figures.add("fuzz:import_population command (bytes)")
            try:
                call_command("import_population", str(path), stdout=io.StringIO())
            except CommandError as refused:
                message = str(refused)
                assert message.startswith(("Importen avbröts", "Kan inte läsa filen"))
                assert_swedish(message.split(":", 1)[0])
                assert population_state() == before
            transaction.set_rollback(True)

    run()


def test_population_import_refuses_out_of_range_numbers_clearly(matrix_org):
    """Regression for what the fuzzing found: numbers past the database's integer range."""
    text = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2024-12-31,99999999999\n"
    with pytest.raises(DomainError) as refused:
        services.population_import(actor=None, text=text, source="SCB")
    assert "Rad 2" in refused.value.message
    assert PopulationFigure.objects.count() == 0
