"""Every reporting service guards its actor (R40-R42, R30, R31).

Drafts, texts and publication are the office's (`manage_partnership`); a download
is the reader's (`read_published_reports` or `manage_partnership`), as the view
checks. Called directly, a service refuses anyone else with PermissionDenied and
writes nothing. The server operator (`permissions.OPERATOR`, `render_report`)
may make and edit drafts, but not publish (a version names who published it) nor
download (a download is logged with who, R42).
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from partnerships import permissions
from partnerships import services as partnership_services
from partnerships.models import Body
from reporting import services
from reporting.models import Period, Report, ReportDownload
from tests.factories import BodyFactory, PartnershipFactory, UserFactory, seat
from tests.reporting.conftest import freeze
from tests.security.matrix import db_state

WRONG_ACTORS = [
    "outsider",
    "socialchef_aneby",
    "pks_member",
    "tactical_chair",
    "office_of_another_partnership",
    None,
]
MANAGE_SERVICES = ["report_create", "report_get_or_create", "report_update_texts", "report_publish"]


@pytest.fixture
def other_office(org):
    other = PartnershipFactory(slug="annat-partnerskap")
    person = UserFactory(username="kansli-annat")
    seat(person, BodyFactory(partnership=other, kind=Body.Kind.OFFICE, slug="kansli-annat"))
    org.office_of_another_partnership = person
    return person


def _calls(org, draft):
    return {
        "report_create": lambda actor: services.report_create(
            actor=actor, partnership=org.partnership, year=2026, period=Period.Q2
        ),
        "report_get_or_create": lambda actor: services.report_get_or_create(
            actor=actor, partnership=org.partnership, year=2026, period=Period.ANNUAL
        ),
        "report_update_texts": lambda actor: services.report_update_texts(
            actor=actor, report=draft, texts={"summary": "Ny sammanfattning"}
        ),
        "report_publish": lambda actor: services.report_publish(actor=actor, report=draft),
    }


def _actor(org, who):
    return getattr(org, who) if who else None


@pytest.mark.parametrize("service", MANAGE_SERVICES)
@pytest.mark.parametrize("who", WRONG_ACTORS)
def test_r30_report_service_refuses_an_actor_without_the_office_and_writes_nothing(
    org, draft, other_office, service, who
):
    call = _calls(org, draft)[service]
    before = db_state()
    with pytest.raises(PermissionDenied):
        call(_actor(org, who))
    assert db_state() == before
    draft.refresh_from_db()
    assert draft.summary != "Ny sammanfattning"


def test_r30_report_get_or_create_refuses_even_when_the_draft_exists(org, draft):
    """Who may not make the draft does not get it through this service either."""
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(
            actor=org.pks_member, partnership=org.partnership, year=2026, period=Period.Q1
        )


@pytest.mark.parametrize("service", MANAGE_SERVICES)
def test_r30_report_service_passes_for_the_office(org, draft, fake_providers, service):
    before = db_state()
    _calls(org, draft)[service](org.staff)
    assert db_state() != before


@pytest.mark.parametrize(
    "service", ["report_create", "report_get_or_create", "report_update_texts"]
)
def test_r40_operator_makes_and_edits_drafts_without_a_user(org, draft, service):
    before = db_state()
    result = _calls(org, draft)[service](permissions.OPERATOR)
    assert db_state() != before
    report = result[0] if isinstance(result, tuple) else result
    assert report.history.latest("history_date").history_user is None


def test_r42_operator_cannot_publish_a_version_names_who_published_it(org, draft):
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=permissions.OPERATOR, report=draft)
    assert db_state() == before


# --- Downloads: the reader's right (R42) -------------------------------------


@pytest.fixture
def version(org, draft):
    return freeze(draft, by=org.staff)


@pytest.mark.parametrize(
    "who", ["staff", "pks_member", "socialchef_aneby", "tactical_chair", "deputy_jonkoping"]
)
def test_r42_reader_or_office_downloads_and_the_download_is_logged(org, version, who):
    actor = getattr(org, who)
    assert services.version_download(actor=actor, version=version) == bytes(version.pdf)
    assert ReportDownload.objects.get().user == actor


@pytest.mark.parametrize("who", ["outsider", "office_of_another_partnership", None, "operator"])
def test_r42_download_refused_without_the_readers_right_and_nothing_logged(
    org, version, other_office, who
):
    actor = permissions.OPERATOR if who == "operator" else _actor(org, who)
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.version_download(actor=actor, version=version)
    assert db_state() == before
    assert not ReportDownload.objects.exists()


def test_r31_reader_whose_seat_has_ended_no_longer_downloads(org, version):
    former = UserFactory(username="pks-tidigare")
    membership = seat(former, org.pks, municipality=org.aneby)
    partnership_services.membership_end(actor=org.staff, membership=membership, end_date=org.today)
    with pytest.raises(PermissionDenied):
        services.version_download(actor=former, version=version)
    assert not ReportDownload.objects.exists()


def test_r30_superuser_makes_a_draft_without_a_seat_break_glass(org):
    root = UserFactory(username="root", is_superuser=True)
    report = services.report_create(
        actor=root, partnership=org.partnership, year=2026, period=Period.Q2
    )
    assert Report.objects.get(pk=report.pk).created_by == root


# --- render_report: operator by default, --actor acts as that person ----------


def _render(tmp_path, *extra):
    call_command(
        "render_report",
        "--year=2026",
        "--period=q2",
        f"--output={tmp_path / 'q2.pdf'}",
        *extra,
        stdout=io.StringIO(),
    )


def test_render_report_makes_the_draft_as_the_operator_by_default(org, fake_providers, tmp_path):
    _render(tmp_path)
    report = Report.objects.get(period=Period.Q2)
    assert report.created_by is None
    assert report.history.get().history_user is None


def test_render_report_with_actor_makes_the_draft_as_that_person(org, fake_providers, tmp_path):
    _render(tmp_path, "--actor=kansli")
    assert Report.objects.get(period=Period.Q2).created_by == org.staff


@pytest.mark.parametrize("username", ["pks-0680", "finns-inte"])
def test_render_report_with_an_actor_without_the_right_is_refused(
    org, fake_providers, tmp_path, username
):
    before = db_state()
    with pytest.raises(CommandError) as refused:
        _render(tmp_path, f"--actor={username}")
    assert username in str(refused.value)
    assert db_state() == before
    assert not (tmp_path / "q2.pdf").exists()
