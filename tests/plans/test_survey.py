"""The yearly evaluation survey's import (R63): all or nothing, weighted, the office's."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.errors import ImportRefused
from partnerships import permissions
from plans import services, survey, survey_views
from plans.models import IndicatorValue, SurveyResult

pytestmark = pytest.mark.django_db

QUESTION = "Andel mycket nöjda"
HEADER = "ar,natverk,fraga,andel_mycket_nojda,antal_svar\n"
GOOD = (
    HEADER
    + "2026,IFO-chefsnätverket,Andel mycket nöjda,52,25\n"
    + "2026,Nätverket för äldreomsorg,Andel mycket nöjda,40,15\n"
    + '2026,"Funktionsstöd, nätverket",andel MYCKET nöjda,"30,0",8\n'
)
# By hand: (52 x 25 + 40 x 15 + 30 x 8) / (25 + 15 + 8) = 2140 / 48 = 44.58333... -> 44.58
WEIGHTED = D("44.58")


@pytest.fixture
def survey_plan(org, plan_setup):
    plan, goal, area, indicator = plan_setup
    indicator.survey_question = QUESTION
    services.plan_part_save(actor=org.staff, part=indicator)
    return plan, indicator


def run(org, text, actor=None, year=2026):
    return survey.survey_import(
        actor=actor or org.staff, partnership=org.partnership, year=year, text=text
    )


def test_r63_good_file_stores_networks_and_the_answers_weighted_value(org, survey_plan):
    plan, indicator = survey_plan
    result = run(org, GOOD)
    assert (result.created, result.updated, result.unchanged, result.removed) == (3, 0, 0, 0)
    stored = {r.network: (r.share, r.answers) for r in SurveyResult.objects.all()}
    assert stored == {
        "IFO-chefsnätverket": (D("52"), 25),
        "Nätverket för äldreomsorg": (D("40"), 15),
        "Funktionsstöd, nätverket": (D("30"), 8),
    }
    assert {r.question for r in SurveyResult.objects.all()} == {QUESTION}
    value = IndicatorValue.objects.get(indicator=indicator, year=2026, period="year")
    assert value.value == WEIGHTED
    assert value.source == "Utvärderingsenkät 2026"
    assert "3 nätverk" in value.comment and "48 svar" in value.comment
    assert value.entered_by == org.staff
    assert SurveyResult.history.filter(history_user=org.staff).count() == 3


def test_r63_weighted_share_by_hand():
    lines = [
        survey.SurveyLine(2, "A", QUESTION, D("100"), 1),
        survey.SurveyLine(3, "B", QUESTION, D("0"), 2),
    ]
    assert survey.weighted_share(lines) == D("33.33")  # 100 / 3, rounded half up


def test_r63_a_new_file_replaces_the_year_and_history_keeps_the_old(org, survey_plan):
    plan, indicator = survey_plan
    run(org, GOOD)
    result = run(org, HEADER + "2026,IFO-chefsnätverket,Andel mycket nöjda,60,20\n")
    assert (result.created, result.updated, result.unchanged, result.removed) == (0, 1, 0, 2)
    assert SurveyResult.objects.get().share == D("60")
    assert IndicatorValue.objects.get(indicator=indicator, period="year").value == D("60.00")
    assert SurveyResult.history.filter(history_type="-").count() == 2


BAD = [
    ("ar,natverk,fraga,andel\n2026,A,Andel mycket nöjda,50\n", 1, "Fel rubrikrad"),
    (HEADER + "2026,A,Andel mycket nöjda,50\n", 3, "5 fält"),
    (HEADER + "2025,A,Andel mycket nöjda,50,10\n", 3, "2025"),
    (HEADER + "2026, ,Andel mycket nöjda,50,10\n", 3, "nätverkets namn"),
    (HEADER + "2026,A,Andel nöjda med maten,50,10\n", 3, "Andel nöjda med maten"),
    (HEADER + "2026,A,Andel mycket nöjda,101,10\n", 3, "101"),
    (HEADER + "2026,A,Andel mycket nöjda,femtio,10\n", 3, "femtio"),
    (HEADER + "2026,A,Andel mycket nöjda,50.123,10\n", 3, "50.123"),
    (HEADER + "2026,A,Andel mycket nöjda,50,0\n", 3, "antal svar"),
    (HEADER + "2026,A,Andel mycket nöjda,50,-3\n", 3, "antal svar"),
    (HEADER + "2026,a,Andel mycket nöjda,50,10\n", 3, "rad 2"),
]


@pytest.mark.parametrize(("bad_line", "line", "words"), BAD)
def test_r63_a_bad_line_refuses_the_whole_file_with_its_line_number(
    org, survey_plan, bad_line, line, words
):
    plan, indicator = survey_plan
    good_first = "2026,A,Andel mycket nöjda,50,10\n"
    text = bad_line if line == 1 else bad_line.replace(HEADER, HEADER + good_first)
    with pytest.raises(ImportRefused) as refused:
        run(org, text)
    assert refused.value.line == line
    assert f"Rad {line}:" in refused.value.message and words in refused.value.message
    assert not SurveyResult.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_r63_an_empty_file_and_a_year_without_plan_are_refused(org, survey_plan):
    with pytest.raises(ImportRefused, match="tom"):
        run(org, "")
    with pytest.raises(ImportRefused, match="inga rader"):
        run(org, HEADER)
    with pytest.raises(ImportRefused, match="verksamhetsplan för 2024"):
        run(org, GOOD.replace("2026,", "2024,"), year=2024)
    assert not SurveyResult.objects.exists()


@pytest.mark.parametrize("who", ["socialchef_aneby", "pks_member", "outsider", "tactical_chair"])
def test_r63_only_the_office_imports(org, survey_plan, who):
    with pytest.raises(PermissionDenied):
        run(org, GOOD, actor=getattr(org, who))
    with pytest.raises(PermissionDenied):
        survey.survey_import_preview(
            actor=getattr(org, who), partnership=org.partnership, year=2026, text=GOOD
        )
    assert not SurveyResult.objects.exists() and not IndicatorValue.objects.exists()


def test_r63_command_runs_as_operator_and_refuses_a_person_without_the_right(
    org, survey_plan, tmp_path
):
    path = tmp_path / "enkat.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="behörighet"):
        call_command(
            "import_survey",
            str(path),
            year=2026,
            partnership=org.partnership.slug,
            actor=org.socialchef_aneby.username,
        )
    assert not SurveyResult.objects.exists()
    bad = tmp_path / "fel.csv"
    bad.write_text(GOOD + "2026,X,Andel mycket nöjda,50,noll\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 5"):
        call_command("import_survey", str(bad), year=2026, partnership=org.partnership.slug)
    assert not SurveyResult.objects.exists()
    call_command("import_survey", str(path), year=2026, partnership=org.partnership.slug)
    assert SurveyResult.objects.count() == 3
    value = IndicatorValue.objects.get(indicator=survey_plan[1], period="year")
    assert value.value == WEIGHTED and value.entered_by is None  # the operator
    assert permissions.OPERATOR is not None


# --- The page: upload, preview, confirm --------------------------------------------------


def upload(client, org, text, year=2026):
    return client.post(
        reverse("plans:survey_import", args=[org.partnership.slug]),
        {"year": year, "file": SimpleUploadedFile("enkat.csv", text.encode(), "text/csv")},
    )


def test_r63_page_previews_then_saves_on_confirmation(client, org, survey_plan):
    client.force_login(org.staff)
    page = client.get(reverse("plans:survey_import", args=[org.partnership.slug]))
    assert page.status_code == 200 and "andel_mycket_nojda" in page.content.decode()
    response = upload(client, org, GOOD)
    confirm = reverse("plans:survey_import_confirm", args=[org.partnership.slug])
    assert response.status_code == 302 and response.url == confirm
    assert not SurveyResult.objects.exists()  # nothing before the confirmation
    preview = client.get(confirm)
    html = preview.content.decode()
    assert "44.58 %" in html or "44,58 %" in html
    assert "Utvärderingsenkät 2026" in html
    digest = client.session[survey_views.SURVEY_SESSION_KEY]["digest"]
    saved = client.post(confirm, {"digest": digest})
    assert saved.status_code == 302
    assert saved.url == reverse("plans:goals", args=[org.partnership.slug, 2026])
    assert SurveyResult.objects.count() == 3
    assert survey_views.SURVEY_SESSION_KEY not in client.session


def test_r63_page_shows_the_refused_line_and_keeps_nothing(client, org, survey_plan):
    client.force_login(org.staff)
    response = upload(client, org, GOOD + "2026,X,Andel mycket nöjda,200,5\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inget sparades." in html and "Rad 5:" in html
    assert survey_views.SURVEY_SESSION_KEY not in client.session
    assert not SurveyResult.objects.exists()


def test_r63_page_is_the_offices(client, org, survey_plan):
    client.force_login(org.socialchef_aneby)
    assert upload(client, org, GOOD).status_code == 403
    assert not SurveyResult.objects.exists()
