"""Bad input at every form and import: never a 500, a clear Swedish error, nothing half saved.

Forms of other apps plug in with one `fuzz_form(...)` line each (tests/security/fuzz.py).
"""

import datetime
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from matters import services as matter_services
from partnerships import services
from partnerships.models import PopulationFigure
from projects import services as project_services
from tests.factories import MUNICIPALITIES, UserFactory
from tests.security import figures
from tests.security.fuzz import (
    assert_clear_swedish_refusal,
    assert_swedish,
    formula_text,
    fuzz_form,
    fuzz_import,
    fuzz_raw_body,
    fuzz_settings,
    value,
)
from tests.security.inert import assert_inert
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
        lambda text: services.population_import(actor=matrix_org.staff, text=text, source="SCB"),
        state=population_state,
        name="population import (arbitrary text)",
    )


def test_population_import_service_with_csv_shaped_input(matrix_org):
    fuzz_import(
        lambda text: services.population_import(actor=matrix_org.staff, text=text, source="SCB"),
        texts=csv_text,
        state=population_state,
        name="population import (CSV-shaped)",
        max_examples=300,
    )


def test_population_import_service_with_numbers_out_of_range(matrix_org):
    rows = st.lists(valid_row, min_size=1, max_size=4, unique_by=lambda r: r[0])
    fuzz_import(
        lambda text: services.population_import(actor=matrix_org.staff, text=text, source="SCB"),
        texts=rows.map(lambda rs: "\n".join(",".join(r) for r in [HEADER, *rs])),
        state=population_state,
        name="population import (numbers)",
        max_examples=100,
    )


def test_population_import_service_with_arbitrary_source(matrix_org):
    good = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2024-12-31,6797\n"
    fuzz_import(
        lambda source: services.population_import(actor=matrix_org.staff, text=good, source=source),
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
        services.population_import(actor=matrix_org.staff, text=text, source="SCB")
    assert "Rad 2" in refused.value.message
    assert PopulationFigure.objects.count() == 0


# --- Projects and reporting forms (objects from tests/security/matrix: org.projects, org.reports)

APP_EXAMPLES = 30  # per form: 20 forms, so the suite stays within a few minutes


class RememberedState:
    """db_state() that remembers its last value, for views that refuse with a redirect."""

    def __init__(self):
        self.last = None

    def __call__(self):
        self.last = db_state()
        return self.last


def refused_by_message(client, remembered):
    """A redirect with a message: an error message is Swedish and nothing changed (R15 tools)."""

    def check(response, data):
        page = client.get(response["Location"])
        assert page.status_code == 200
        messages = list(page.context["messages"])
        assert messages, "a redirect after a form must say what happened"
        errors = [str(m) for m in messages if m.level_tag == "error"]
        for message in errors:
            assert_swedish(message, data.values())
        if errors:
            assert db_state() == remembered.last, "a refused input changed the database"

    return check


MATTER_VIEWS = {
    "consensus_create",
    "matter_decide",
    "matter_committee_decision",
    "matter_withdraw",
    "matter_ready",
    "matter_due_date",
    "matter_comment",
}


def _url(name, *args):
    namespace = "matters" if name in MATTER_VIEWS else "projects"
    return reverse(f"{namespace}:{name}", args=args)


PROJECT_FIELDS = [
    "title",
    "purpose",
    "goals",
    "regional_value",
    "lead",
    "planned_start",
    "planned_end",
    "requested_funds",
]


def test_project_create_form(client, matrix_org):
    p = matrix_org.projects
    fuzz_form(
        client,
        _url("project_create", p.portfolio.pk),
        PROJECT_FIELDS,
        user=matrix_org.tactical_member,
        name="project create",
        max_examples=APP_EXAMPLES,
    )


def test_project_edit_form(client, matrix_org):
    p = matrix_org.projects
    fuzz_form(
        client,
        _url("project_edit", p.project.pk),
        PROJECT_FIELDS,
        user=matrix_org.tactical_chair,
        name="project edit",
        max_examples=APP_EXAMPLES,
    )


def test_project_gate_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["to_stage", "decided_on", "paragraph", "minutes_reference", "comment"]
    fuzz_form(
        client,
        _url("project_gate", p.project.pk),
        fields,
        user=matrix_org.tactical_chair,
        name="gate decision",
        max_examples=APP_EXAMPLES,
    )


def test_project_participation_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["municipality", "status", "committee_reference", "comment"]
    fuzz_form(
        client,
        _url("project_participation", p.project.pk),
        fields,
        user=matrix_org.staff,
        name="participation",
        max_examples=APP_EXAMPLES,
    )


def test_funds_request_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["amount", "due_date", "description"]
    fuzz_form(
        client,
        _url("funds_request_create", p.project.pk),
        fields,
        user=matrix_org.tactical_chair,
        name="funds request",
        max_examples=APP_EXAMPLES,
    )


def test_project_status_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["year", "quarter", "status", "comment"]
    fuzz_form(
        client,
        _url("project_status", p.project.pk),
        fields,
        user=matrix_org.tactical_member,
        name="project status",
        max_examples=APP_EXAMPLES,
    )


def test_consensus_matter_form(client, matrix_org):
    fields = ["title", "description", "due_date"]
    fuzz_form(
        client,
        _url("consensus_create"),
        fields,
        user=matrix_org.staff,
        name="consensus matter",
        max_examples=APP_EXAMPLES,
    )


def test_matter_decide_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["municipality", "verdict", "comment"]
    fuzz_form(
        client,
        _url("matter_decide", p.request.pk),
        fields,
        user=matrix_org.socialchef_aneby,
        name="approve or reject",
        max_examples=APP_EXAMPLES,
    )


def test_matter_committee_decision_form(client, matrix_org):
    p = matrix_org.projects
    fields = ["municipality", "verdict", "paragraph", "committee_reference", "comment"]
    fuzz_form(
        client,
        _url("matter_committee_decision", p.request.pk),
        fields,
        user=matrix_org.staff,
        name="committee decision",
        max_examples=APP_EXAMPLES,
    )


def test_matter_withdraw_form(client, matrix_org):
    p = matrix_org.projects
    fuzz_form(
        client,
        _url("matter_withdraw", p.request.pk),
        ["reason"],
        user=matrix_org.tactical_chair,
        name="withdraw",
        max_examples=APP_EXAMPLES,
    )


@pytest.mark.parametrize(
    ("name", "matter", "fields"),
    [
        ("matter_ready", "consensus", ["due_date"]),
        ("matter_due_date", "request", ["due_date"]),
        ("matter_comment", "request", ["text"]),
    ],
)
def test_preparation_forms(client, matrix_org, name, matter, fields):
    """These answer with a redirect to the matter and a message, also on refusal."""
    remembered = RememberedState()
    url = _url(name, getattr(matrix_org.projects, matter).pk)
    check = refused_by_message(client, remembered)
    fuzz_form(
        client,
        url,
        fields,
        user=matrix_org.socialchef_aneby,
        state=remembered,
        check_accepted=check,
        name=name.replace("_", " "),
        max_examples=APP_EXAMPLES,
    )


def test_stage_create_form(client, matrix_org):
    fields = ["name", "kind", "order", "description"]
    fuzz_form(
        client,
        _url("stage_create"),
        fields,
        user=matrix_org.staff,
        name="stage create",
        max_examples=APP_EXAMPLES,
    )


def test_stage_edit_form(client, matrix_org):
    fields = ["name", "kind", "order", "description"]
    fuzz_form(
        client,
        _url("stage_edit", matrix_org.projects.stage.pk),
        fields,
        user=matrix_org.staff,
        name="stage edit",
        max_examples=APP_EXAMPLES,
    )


def test_project_raw_bodies(client, matrix_org):
    fuzz_raw_body(
        client,
        _url("project_create", matrix_org.projects.portfolio.pk),
        user=matrix_org.tactical_chair,
        name="project create",
    )


@settings(fuzz_settings, max_examples=APP_EXAMPLES)
@given(st.fixed_dictionaries({"stage": value, "municipality": value, "sida": value}))
def test_portfolio_overview_filters_and_exports(matrix_org, query):
    """The overview's filter form and the exports take arbitrary query strings: never a 500."""
    client = Client()
    client.force_login(matrix_org.staff)
    pk = matrix_org.projects.portfolio.pk
    for name in ("portfolio_detail", "portfolio_export_csv", "portfolio_export_xlsx"):
        figures.add("fuzz:portfolio overview filter")
        assert client.get(_url(name, pk), query).status_code == 200


def test_report_create_form(client, matrix_org):
    url = reverse("reporting:create", args=[matrix_org.partnership.slug])
    fuzz_form(
        client,
        url,
        ["year", "period"],
        user=matrix_org.staff,
        name="report create",
        max_examples=APP_EXAMPLES,
    )


def test_report_texts_form(client, matrix_org):
    url = reverse("reporting:edit", args=[matrix_org.reports.draft.pk])
    fields = ["summary", "development_work", "management_system", "managed_operations", "economy"]
    fuzz_form(
        client, url, fields, user=matrix_org.staff, name="report texts", max_examples=APP_EXAMPLES
    )


def test_report_publish_form(client, matrix_org):
    from tests.security.matrix.reporting import fixed_pdf

    url = reverse("reporting:publish", args=[matrix_org.reports.published.pk])
    with fixed_pdf(matrix_org):
        fuzz_form(
            client,
            url,
            ["confirm", "reason"],
            user=matrix_org.staff,
            name="report publish",
            max_examples=APP_EXAMPLES,
        )


# --- Formula payloads in texts that reach an export, a PDF or a mail subject -------------

FORMULA_EXAMPLES = 20
PDF_EXAMPLES = 6  # each renders a real PDF


def exports_stay_inert(client, portfolio, checked: list):
    """After an accepted input, the portfolio's CSV and XLSX exports are inert."""

    def check(response, data):
        for name in ("portfolio_export_csv", "portfolio_export_xlsx"):
            export = client.get(_url(name, portfolio.pk))
            assert export.status_code == 200
            assert_inert(export)
        checked.append(data)

    return check


def test_project_texts_keep_the_exports_inert(client, matrix_org):
    portfolio, checked = matrix_org.projects.portfolio, []
    fuzz_form(
        client,
        _url("project_create", portfolio.pk),
        ["title", "purpose", "goals", "regional_value"],
        fixed={"requested_funds": "0", "lead": matrix_org.tactical_member.pk},
        values=formula_text,
        user=matrix_org.tactical_chair,
        check_accepted=exports_stay_inert(client, portfolio, checked),
        name="project texts (formula payloads, exports)",
        max_examples=FORMULA_EXAMPLES,
    )
    assert checked, "no input was accepted, so no export was checked"


def test_stage_names_keep_the_exports_inert(client, matrix_org):
    stage, checked = matrix_org.projects.project.stage, []
    fuzz_form(
        client,
        _url("stage_edit", stage.pk),
        ["name", "description"],
        fixed={"kind": stage.kind, "order": stage.order},
        values=formula_text,
        user=matrix_org.staff,
        check_accepted=exports_stay_inert(client, matrix_org.projects.portfolio, checked),
        name="stage names (formula payloads, exports)",
        max_examples=FORMULA_EXAMPLES,
    )
    assert checked, "no input was accepted, so no export was checked"


def test_report_texts_with_formula_payloads_render_as_pdf(client, matrix_org):
    report = matrix_org.reports.draft
    pdf_url = reverse("reporting:preview_pdf", args=[report.pk])
    rendered = []

    def pdf_renders(response, data):
        pdf = client.get(pdf_url)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        rendered.append(data)

    fields = ["summary", "development_work", "management_system", "managed_operations", "economy"]
    fuzz_form(
        client,
        reverse("reporting:edit", args=[report.pk]),
        fields,
        values=formula_text,
        user=matrix_org.staff,
        check_accepted=pdf_renders,
        name="report texts (formula payloads, PDF)",
        max_examples=PDF_EXAMPLES,
    )
    assert rendered, "no input was accepted, so no PDF was rendered"


def _mail_subjects_are_one_line(matter, org) -> None:
    """R15: the deciders are mailed; each subject is one header line, never a server error."""
    mail.outbox = []
    matter_services.matter_mark_ready(
        actor=org.socialchef_aneby,
        matter=matter,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        notify=False,
    )
    assert matter_services.send_decision_emails(matter_ids=[matter.pk], reminder=False)
    for message in mail.outbox:
        assert message.subject.startswith("Att besluta: ")
        assert "\n" not in message.subject and "\r" not in message.subject


@settings(fuzz_settings, max_examples=PDF_EXAMPLES)
@given(title=formula_text)
def test_project_titles_reach_the_report_pdf_and_mail_subjects(matrix_org, title):
    """A project title is shown in the report PDF and names its funds request's emails."""
    org = matrix_org
    client = Client()
    client.force_login(org.staff)
    with transaction.atomic():
        figures.add("fuzz:project titles (PDF, mail subject)")
        try:
            project = project_services.project_create(
                actor=org.tactical_chair,
                portfolio=org.projects.portfolio,
                title=title,
                purpose="Syfte",
                lead=org.tactical_member,
            )
        except DomainError as refused:
            assert_swedish(refused.message, [title])
        else:
            pdf = client.get(reverse("reporting:preview_pdf", args=[org.reports.draft.pk]))
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            request = project_services.funds_request_create(
                actor=org.tactical_chair, project=project, amount=Decimal("1000")
            )
            _mail_subjects_are_one_line(request, org)
        transaction.set_rollback(True)


@settings(fuzz_settings, max_examples=FORMULA_EXAMPLES)
@given(title=formula_text)
def test_matter_titles_make_one_line_mail_subjects(matrix_org, title):
    org = matrix_org
    with transaction.atomic():
        figures.add("fuzz:matter titles (mail subject)")
        try:
            matter = matter_services.consensus_matter_create(
                actor=org.staff, partnership=org.partnership, title=title
            )
        except DomainError as refused:
            assert_swedish(refused.message, [title])
        else:
            _mail_subjects_are_one_line(matter, org)
        transaction.set_rollback(True)


# --- The population import page (partnerships/views.py): upload, then confirm ------------


def _population_url(name, org):
    return reverse(name, args=[org.partnership.slug])


def test_population_upload_page_with_arbitrary_files_and_sources(client, matrix_org):
    """Any bytes as the file, any source: a preview (302, nothing saved) or the form with a
    Swedish reason; never a 500 and never a saved figure before the confirmation (R22)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(matrix_org.staff)
    url = _population_url("population_import", matrix_org)

    @settings(fuzz_settings, max_examples=80)
    @given(
        st.one_of(
            st.binary(max_size=500),
            csv_text.map(lambda t: t.encode("utf-8")),
            st.lists(valid_row, min_size=1, max_size=4, unique_by=lambda r: r[0]).map(
                lambda rs: "\n".join(",".join(r) for r in [HEADER, *rs]).encode("utf-8")
            ),
        ),
        value,
    )
    def run(data, source):
        with transaction.atomic():
            before = population_state()
            upload = SimpleUploadedFile("folkmangd.csv", data, content_type="text/csv")
            response = client.post(url, {"file": upload, "source": source})
            figures.add("fuzz:population upload")
            assert response.status_code in (200, 302)
            assert population_state() == before, "the upload saved figures before the preview"
            if response.status_code == 200:
                assert_clear_swedish_refusal(response, [source])
            transaction.set_rollback(True)

    run()
    fuzz_raw_body(client, url, name="population upload")


def test_population_confirm_with_arbitrary_digests_saves_only_the_previewed_file(
    client, matrix_org
):
    """The confirmation carries only a digest; the text stays on the server. Any other digest
    saves nothing; an arbitrary body never gives a 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnerships.views import POPULATION_SESSION_KEY

    client.force_login(matrix_org.staff)
    text = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2031-12-31,6797\n"
    upload = SimpleUploadedFile("folkmangd.csv", text.encode(), content_type="text/csv")
    client.post(_population_url("population_import", matrix_org), {"file": upload, "source": "SCB"})
    digest = client.session[POPULATION_SESSION_KEY]["digest"]
    url = _population_url("population_import_confirm", matrix_org)

    @settings(fuzz_settings, max_examples=60)
    @given(st.fixed_dictionaries({"digest": value, "text": value, "source": value}))
    def run(data):
        with transaction.atomic():
            before = population_state()
            response = client.post(url, data)
            figures.add("fuzz:population confirm")
            assert response.status_code == 302
            if data["digest"] != digest:
                assert population_state() == before
            transaction.set_rollback(True)

    run()
    fuzz_raw_body(client, url, name="population confirm")
    assert not PopulationFigure.objects.filter(date=datetime.date(2031, 12, 31)).exists()
