"""Every view x every role: 200/403/404, and that nothing changes on refusal."""

from decimal import Decimal

import pytest
from django.urls import reverse

from matters.models import Matter
from projects import services
from projects.models import (
    GateDecision,
    ParticipationDecision,
    Project,
    ProjectStatus,
    Stage,
)
from tests.projects.conftest import TODAY, join, stage

pytestmark = pytest.mark.django_db

ROLES = [
    "staff",
    "socialchef_aneby",  # own municipality Aneby; also in the preparation group
    "socialchef_jonkoping",
    "deputy_jonkoping",
    "tactical_chair",  # chair of the IFO group that owns the project
    "tactical_member",  # member of the IFO group
    "tactical_other",  # chair of another tactical group
    "lead",  # project lead with no seat anywhere
    "pks_member",
    "outsider",
]
READERS = {
    "staff",
    "socialchef_aneby",
    "socialchef_jonkoping",
    "deputy_jonkoping",
    "tactical_chair",
    "tactical_member",
    "tactical_other",
}
DECIDERS = {"socialchef_aneby", "socialchef_jonkoping", "deputy_jonkoping"}
IFO = {"tactical_chair", "tactical_member"}


def expected(allowed, role, hidden=("outsider", "lead")):
    """200 if allowed; 404 for those who may not know the object exists; else 403."""
    if role in allowed:
        return 200
    if role in hidden:
        return 404
    return 403


# view name, args kind, allowed roles, roles that get 404 instead of 403
MATRIX = [
    ("portfolio_list", None, READERS, ()),
    ("portfolio_detail", "portfolio", READERS, ("outsider", "lead")),
    ("portfolio_export_csv", "portfolio", READERS, ("outsider", "lead")),
    ("portfolio_export_xlsx", "portfolio", READERS, ("outsider", "lead")),
    ("project_create", "portfolio", IFO, ("outsider", "lead")),
    ("project_detail", "project", READERS | {"lead"}, ("outsider",)),
    ("project_edit", "project", IFO, ("outsider",)),
    ("project_gate", "project", {"tactical_chair"}, ("outsider",)),
    ("project_participation", "project", DECIDERS | {"staff"}, ("outsider",)),
    ("funds_request_create", "project", IFO, ("outsider",)),
    # The lead, or the owning tactical group, reports the quarterly status.
    ("project_status", "project", {"lead"} | IFO, ("outsider",)),
    ("stage_list", None, {"staff"}, ()),
    ("stage_create", None, {"staff"}, ()),
    ("stage_edit", "stage", {"staff"}, ()),
]


def person(org, proj, role):
    return proj.lead if role == "lead" else getattr(org, role)


def url_for(org, proj, name, kind):
    args = {
        None: [],
        "portfolio": [proj.ifo.pk],
        "project": [proj.project.pk],
        "stage": [stage(org, Stage.Kind.IDEA).pk],
    }[kind]
    return reverse(f"projects:{name}", args=args)


@pytest.mark.parametrize("name,kind,allowed,hidden", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix_get(client, org, proj, name, kind, allowed, hidden):
    """Each role in turn (one org per view keeps the suite fast)."""
    url = url_for(org, proj, name, kind)
    got = {}
    for role in ROLES:
        client.force_login(person(org, proj, role))
        got[role] = client.get(url).status_code
    assert got == {role: expected(allowed, role, hidden) for role in ROLES}


def test_anonymous_is_sent_to_login(client, org, proj):
    response = client.get(reverse("projects:project_detail", args=[proj.project.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unknown_project_is_404(client, org, proj):
    client.force_login(org.staff)
    assert client.get(reverse("projects:project_detail", args=[99999])).status_code == 404


# --- Allowed changes ------------------------------------------------------------------


def test_tactical_member_creates_a_project(client, org, proj):
    client.force_login(org.tactical_member)
    response = client.post(
        reverse("projects:project_create", args=[proj.ifo.pk]),
        {"title": "Ny idé", "purpose": "Syfte", "requested_funds": "0"},
    )
    project = Project.objects.get(title="Ny idé")
    assert response.status_code == 302
    assert project.stage.kind == Stage.Kind.IDEA and project.created_by == org.tactical_member


def test_project_form_keeps_input_on_error(client, org, proj):
    client.force_login(org.tactical_member)
    response = client.post(
        reverse("projects:project_create", args=[proj.ifo.pk]),
        {"title": "Behåll mig", "purpose": "", "requested_funds": "abc"},
    )
    assert response.status_code == 200
    assert "Behåll mig" in response.content.decode()
    assert not Project.objects.filter(title="Behåll mig").exists()


def test_other_tactical_group_cannot_edit_and_nothing_changes(client, org, proj):
    client.force_login(org.tactical_other)
    response = client.post(
        reverse("projects:project_edit", args=[proj.project.pk]),
        {"title": "Kapad", "purpose": "x", "requested_funds": "0"},
    )
    assert response.status_code == 403
    proj.project.refresh_from_db()
    assert proj.project.title == "Barnahus i länet"


def test_chair_moves_project_through_a_gate(client, org, proj):
    join(org, proj.project, "0604", "0680")
    client.force_login(org.tactical_chair)
    response = client.post(
        reverse("projects:project_gate", args=[proj.project.pk]),
        {
            "to_stage": stage(org, Stage.Kind.PRE_STUDY).pk,
            "decided_on": TODAY.isoformat(),
            "minutes_reference": "TS IFO § 4",
        },
    )
    assert response.status_code == 302
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.PRE_STUDY


def test_r13_gate_refusal_shows_the_reason_and_changes_nothing(client, org, proj):
    client.force_login(org.tactical_chair)
    response = client.post(
        reverse("projects:project_gate", args=[proj.project.pk]),
        {
            "to_stage": stage(org, Stage.Kind.PRE_STUDY).pk,
            "decided_on": TODAY.isoformat(),
            "minutes_reference": "TS IFO § 4",
        },
    )
    assert response.status_code == 200
    assert "idésteget" in response.content.decode()
    proj.project.refresh_from_db()
    assert proj.project.stage.kind == Stage.Kind.IDEA
    assert not GateDecision.objects.exists()


def test_member_without_chair_cannot_record_a_gate(client, org, proj):
    join(org, proj.project, "0604", "0680")
    client.force_login(org.tactical_member)
    response = client.post(
        reverse("projects:project_gate", args=[proj.project.pk]),
        {
            "to_stage": stage(org, Stage.Kind.PRE_STUDY).pk,
            "decided_on": TODAY.isoformat(),
            "minutes_reference": "x",
        },
    )
    assert response.status_code == 403
    assert not GateDecision.objects.exists()


def test_socialchef_joins_for_own_municipality(client, org, proj):
    client.force_login(org.socialchef_aneby)
    response = client.post(
        reverse("projects:project_participation", args=[proj.project.pk]),
        {"municipality": org.aneby.pk, "status": "joined"},
    )
    assert response.status_code == 302
    assert ParticipationDecision.objects.get().municipality == org.aneby


def test_socialchef_cannot_join_for_another_municipality(client, org, proj):
    client.force_login(org.socialchef_aneby)
    response = client.post(
        reverse("projects:project_participation", args=[proj.project.pk]),
        {"municipality": org.jonkoping.pk, "status": "joined"},
    )
    assert response.status_code == 200
    assert not ParticipationDecision.objects.exists()


def test_staff_record_a_committee_participation_only_with_reference(client, org, proj):
    client.force_login(org.staff)
    url = reverse("projects:project_participation", args=[proj.project.pk])
    response = client.post(url, {"municipality": org.aneby.pk, "status": "joined"})
    assert response.status_code == 200 and not ParticipationDecision.objects.exists()
    client.post(
        url, {"municipality": org.aneby.pk, "status": "joined", "committee_reference": "SN § 1"}
    )
    assert ParticipationDecision.objects.get().committee_reference == "SN § 1"


def test_lead_reports_status_and_others_cannot(client, org, proj):
    url = reverse("projects:project_status", args=[proj.project.pk])
    data = {"year": TODAY.year, "quarter": 1, "status": "at_risk", "comment": "Rekrytering"}
    for person in (org.tactical_other, org.socialchef_aneby, org.staff):
        client.force_login(person)
        assert client.post(url, data).status_code == 403
    assert not ProjectStatus.objects.exists()
    client.force_login(proj.lead)
    client.post(url, data)
    assert ProjectStatus.objects.get().status == "at_risk"
    # The owning tactical group may report for its project too.
    client.force_login(org.tactical_chair)
    client.post(url, {**data, "status": "on_track"})
    assert ProjectStatus.objects.count() == 2


def test_staff_rename_stage_and_others_cannot(client, org, proj):
    idea = stage(org, Stage.Kind.IDEA)
    url = reverse("projects:stage_edit", args=[idea.pk])
    data = {"name": "Idéfas", "kind": "idea", "order": idea.order, "description": ""}
    client.force_login(org.socialchef_aneby)
    assert client.post(url, data).status_code == 403
    idea.refresh_from_db()
    assert idea.name == "Idé"
    client.force_login(org.staff)
    client.post(url, data)
    idea.refresh_from_db()
    assert idea.name == "Idéfas"


def test_funds_request_via_view(client, org, proj):
    client.force_login(org.tactical_member)
    client.post(
        reverse("projects:funds_request_create", args=[proj.project.pk]), {"amount": "300000"}
    )
    matter = Matter.objects.get()
    assert matter.amount == Decimal("300000") and matter.status == "pending"


def test_overview_filters_by_stage_and_municipality(client, org, proj):
    other = services.project_create(
        actor=org.tactical_chair, portfolio=proj.ifo, title="Annat projekt", purpose="x"
    )
    join(org, other, "0604")
    client.force_login(org.tactical_member)
    url = reverse("projects:portfolio_detail", args=[proj.ifo.pk])
    text = client.get(url + "?kommun=&municipality=0604").content.decode()
    assert "Annat projekt" in text and "Barnahus" not in text
    text = client.get(url).content.decode()
    assert "Annat projekt" in text and "Barnahus" in text


def test_exports_contain_the_projects(client, org, proj):
    join(org, proj.project, "0604")
    client.force_login(org.staff)
    csv_text = client.get(
        reverse("projects:portfolio_export_csv", args=[proj.ifo.pk])
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Projekt;Steg")
    assert "Barnahus i länet;Idé;" in csv_text and "Aneby" in csv_text
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(reverse("projects:portfolio_export_xlsx", args=[proj.ifo.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "Barnahus i länet"
    assert sheet.cell(row=2, column=5).value == 1


def test_project_page_without_lead_or_dates(client, org, proj):
    project = services.project_create(
        actor=org.tactical_chair, portfolio=proj.ifo, title="Utan ledare", purpose="x"
    )
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert response.status_code == 200 and "Utan ledare" in response.content.decode()


def test_r11_stage_list_get_writes_nothing_and_offers_the_default_model(client, org):
    """A partnership without stages: the GET shows an empty state and writes nothing;
    staff create the default model (R11) with an explicit POST."""
    from tests.security.matrix import db_state

    client.force_login(org.staff)
    before = db_state()
    response = client.get(reverse("projects:stage_list"))
    assert response.status_code == 200
    assert db_state() == before and not Stage.objects.exists()
    assert reverse("projects:stage_defaults") in response.content.decode()
    client.post(reverse("projects:stage_defaults"))
    names = list(Stage.objects.filter(partnership=org.partnership).values_list("name", flat=True))
    assert names[:4] == ["Idé", "Förstudie", "Planering", "Genomförande"] and len(names) == 8
    client.force_login(org.socialchef_aneby)
    assert client.post(reverse("projects:stage_defaults")).status_code == 403
