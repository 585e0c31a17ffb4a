"""Bad input on the evaluation survey's import (R63): never a 500, a clear Swedish refusal,
nothing half saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from plans import survey
from plans.models import Indicator, IndicatorValue, SurveyResult
from tests.security import figures
from tests.security.fuzz import (
    assert_clear_swedish_refusal,
    fuzz_form,
    fuzz_import,
    fuzz_raw_body,
    fuzz_settings,
    value,
)
from tests.security.matrix import db_state

pytestmark = pytest.mark.django_db

QUESTION = "Närvaro"
cell = st.one_of(
    st.sampled_from(
        ["2026", "2025", "IFO", "Äldre", QUESTION, "närvaro", "50", "47,5", "100.01", "0", "-1"]
        + ["1e9", "NaN", "²", "١٢٣", "10 000", "50 %", ""]
    ),
    value,
)
survey_text = st.builds(
    lambda header, rows, delimiter: "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n",
    header=st.one_of(st.just(survey.SURVEY_HEADER), st.lists(cell, max_size=5)),
    rows=st.lists(st.lists(cell, min_size=4, max_size=6), max_size=5),
    delimiter=st.sampled_from([",", ";"]),
)


def survey_state():
    return (
        db_state(),
        tuple(SurveyResult.objects.values_list("id", "share", "answers")),
        tuple(IndicatorValue.objects.values_list("id", "value")),
    )


@pytest.fixture
def survey_org(matrix_org):
    Indicator.objects.filter(pk=matrix_org.plans.own.indicator.pk).update(survey_question=QUESTION)
    return matrix_org


def _run(org):
    return lambda text: survey.survey_import(
        actor=org.staff, partnership=org.partnership, year=2026, text=text
    )


def test_survey_import_service_with_arbitrary_text(survey_org):
    fuzz_import(_run(survey_org), state=survey_state, name="survey import (text)", max_examples=100)


def test_survey_import_service_with_csv_shaped_input(survey_org):
    fuzz_import(
        _run(survey_org),
        texts=survey_text,
        state=survey_state,
        name="survey import (CSV-shaped)",
        max_examples=200,
    )


def test_survey_upload_form_fields(client, survey_org):
    fuzz_form(
        client,
        reverse("plans:survey_import", args=[survey_org.partnership.slug]),
        ["year", "file"],
        user=survey_org.staff,
        name="survey upload",
        max_examples=20,
        state=survey_state,
    )


def test_survey_upload_form_with_arbitrary_files(client, survey_org):
    url = reverse("plans:survey_import", args=[survey_org.partnership.slug])
    client.force_login(survey_org.staff)

    @settings(fuzz_settings, max_examples=60)
    @given(
        st.one_of(
            st.binary(max_size=400),
            survey_text.map(lambda t: t.encode("utf-8")),
            survey_text.map(lambda t: t.encode("utf-16")),
        )
    )
    def run(data):
        with transaction.atomic():
            before = survey_state()
            figures.add("fuzz:survey upload (files)")
            upload = SimpleUploadedFile("enkat.csv", data, content_type="text/csv")
            response = client.post(url, {"year": 2026, "file": upload})
            assert response.status_code in (200, 302)
            if response.status_code == 200:
                assert_clear_swedish_refusal(response)
            assert survey_state() == before  # the upload saves nothing, even when good
            transaction.set_rollback(True)

    run()


def test_survey_upload_raw_body(client, survey_org):
    fuzz_raw_body(
        client,
        reverse("plans:survey_import", args=[survey_org.partnership.slug]),
        user=survey_org.staff,
        name="survey upload (raw)",
    )
