"""Every view x every role: 200/403/404, and that nothing changes on refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from projects import services
from projects.models import (
    GateDecision,
    Matter,
    MatterComment,
    MatterDecision,
    ParticipationDecision,
    Project,
    ProjectStatus,
    Stage,
)
from tests.projects.conftest import TODAY, join, ready_request, stage

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
    ("project_status", "project", {"lead"}, ("outsider",)),
    ("inbox", None, DECIDERS, ()),
    ("inbox_history", None, DECIDERS, ()),
    ("matter_list", None, READERS, ()),
    ("consensus_create", None, {"staff", "socialchef_aneby"}, ()),
    ("matter_detail", "matter", READERS, ("outsider", "lead")),
    ("matter_decide", "matter", DECIDERS, ("outsider", "lead")),
    ("matter_committee_decision", "matter", {"staff"}, ("outsider", "lead")),
    ("matter_withdraw", "matter", {"staff", "socialchef_aneby"} | IFO, ("outsider", "lead")),
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
        "matter": [proj.matter.pk] if hasattr(proj, "matter") else [],
        "stage": [stage(org, Stage.Kind.IDEA).pk],
    }[kind]
    return reverse(f"projects:{name}", args=args)


@pytest.mark.parametrize("name,kind,allowed,hidden", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix_get(client, org, proj, name, kind, allowed, hidden):
    """Each role in turn (one org per view keeps the suite fast)."""
    proj.matter = ready_request(org, proj.project)
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


def test_socialchef_approves_after_confirmation(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_jonkoping)
    url = reverse("projects:matter_decide", args=[matter.pk])
    confirm = client.get(url + "?kommun=0680&beslut=approve")
    assert "Bekräfta godkännande" in confirm.content.decode()
    assert not MatterDecision.objects.exists()
    response = client.post(
        url, {"municipality": "0680", "verdict": "approve", "comment": "Bra förslag"}
    )
    assert response.status_code == 302
    decision = MatterDecision.objects.get()
    assert (decision.municipality, decision.decided_by, decision.comment) == (
        org.jonkoping,
        org.socialchef_jonkoping,
        "Bra förslag",
    )
    inbox = client.get(reverse("projects:inbox")).content.decode()
    assert matter.title not in inbox
    history = client.get(reverse("projects:inbox_history")).content.decode()
    assert matter.title in history


def test_deputy_decides_for_jonkoping_once_only(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.deputy_jonkoping)
    url = reverse("projects:matter_decide", args=[matter.pk])
    client.post(url, {"municipality": "0680", "verdict": "approve"})
    client.force_login(org.socialchef_jonkoping)
    response = client.post(url, {"municipality": "0680", "verdict": "reject"})
    assert response.status_code == 200
    assert "redan beslutat" in response.content.decode()
    assert MatterDecision.objects.get().verdict == "approve"
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_socialchef_cannot_decide_for_another_municipality(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_aneby)
    response = client.post(
        reverse("projects:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "reject"},
    )
    assert response.status_code == 200
    assert not MatterDecision.objects.exists()
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_tactical_member_cannot_decide(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_chair)
    response = client.post(
        reverse("projects:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "approve"},
    )
    assert response.status_code == 403 and not MatterDecision.objects.exists()


def test_preparation_group_marks_ready_and_socialchefer_are_emailed(
    client, org, proj, django_capture_on_commit_callbacks
):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("1000")
    )
    client.force_login(org.socialchef_aneby)
    due = TODAY + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:matter_ready", args=[matter.pk]), {"due_date": due.isoformat()}
        )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.ready_at and matter.due_date == due
    recipients = sorted(m.to[0] for m in mail.outbox)
    # 13 socialchefer and the deputy of Jönköping.
    assert len(recipients) == 14
    assert "socialchef-0680@example.invalid" in recipients


def test_non_preparer_cannot_mark_ready(client, org, proj):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("1000")
    )
    client.force_login(org.socialchef_jonkoping)
    response = client.post(
        reverse("projects:matter_ready", args=[matter.pk]),
        {"due_date": (TODAY + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 403
    matter.refresh_from_db()
    assert matter.ready_at is None and not mail.outbox


def test_preparation_group_comments_and_others_cannot(client, org, proj):
    matter = ready_request(org, proj.project)
    url = reverse("projects:matter_comment", args=[matter.pk])
    client.force_login(org.tactical_chair)
    assert client.post(url, {"text": "Nej"}).status_code == 403
    client.force_login(org.socialchef_aneby)
    client.post(url, {"text": "Beredd av beredningsgruppen"})
    assert list(MatterComment.objects.values_list("text", flat=True)) == [
        "Beredd av beredningsgruppen"
    ]


def test_staff_record_committee_decision(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    client.post(
        reverse("projects:matter_committee_decision", args=[matter.pk]),
        {"municipality": org.aneby.pk, "verdict": "approve", "committee_reference": "SN § 3"},
    )
    decision = MatterDecision.objects.get()
    assert decision.channel == "committee" and decision.committee_reference == "SN § 3"


def test_tactical_group_withdraws_pending_request_after_confirmation(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_member)
    url = reverse("projects:matter_withdraw", args=[matter.pk])
    assert "Ja, återkalla" in client.get(url).content.decode()
    client.post(url, {"reason": "Omplanering"})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.WITHDRAWN


def test_other_group_cannot_withdraw(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_other)
    assert client.post(reverse("projects:matter_withdraw", args=[matter.pk])).status_code == 403
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_lead_reports_status_and_others_cannot(client, org, proj):
    url = reverse("projects:project_status", args=[proj.project.pk])
    data = {"year": TODAY.year, "quarter": 1, "status": "at_risk", "comment": "Rekrytering"}
    client.force_login(org.tactical_chair)
    assert client.post(url, data).status_code == 403
    assert not ProjectStatus.objects.exists()
    client.force_login(proj.lead)
    client.post(url, data)
    assert ProjectStatus.objects.get().status == "at_risk"


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


def test_consensus_matter_via_view(client, org, proj):
    client.force_login(org.socialchef_aneby)
    client.post(reverse("projects:consensus_create"), {"title": "Verksamhetsplan 2027"})
    assert Matter.objects.get().kind == Matter.Kind.CONSENSUS


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


def test_start_page_shows_awaiting_count(client, org, proj):
    ready_request(org, proj.project)
    client.force_login(org.socialchef_jonkoping)
    text = client.get(reverse("start")).content.decode()
    assert "Att besluta (1)" in text
    client.force_login(org.tactical_other)
    assert "Att besluta (" not in client.get(reverse("start")).content.decode()


def test_project_page_without_lead_or_dates(client, org, proj):
    project = services.project_create(
        actor=org.tactical_chair, portfolio=proj.ifo, title="Utan ledare", purpose="x"
    )
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert response.status_code == 200 and "Utan ledare" in response.content.decode()
