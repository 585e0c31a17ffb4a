"""Issue 14.3: a project awaiting a municipality's participation decision (R12) is in
its socialchef's "Att besluta", with the same one-tap flow, in the start page's count
and in the reminder mail."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matters import services as matter_services
from projects.models import ParticipationDecision, Project
from tests.projects.conftest import join, make_project, stage

pytestmark = pytest.mark.django_db


def _confirm_url(project, code, status):
    url = reverse("projects:participation_confirm", args=[project.pk])
    return f"{url}?kommun={code}&beslut={status}"


def test_r12_an_undecided_project_is_in_the_inbox_with_join_and_decline(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    text = client.get(reverse("matters:inbox")).content.decode()
    assert proj.project.title in text
    assert "Deltar er kommun i projektet?" in text
    assert _confirm_url(proj.project, "0680", "joined").replace("&", "&amp;") in text
    assert _confirm_url(proj.project, "0680", "declined").replace("&", "&amp;") in text
    assert "13 av 13 kommuner" in text


def test_r12_a_decided_municipality_is_no_longer_asked_the_others_still_are(client, org, proj):
    join(org, proj.project, "0680", status="declined")
    client.force_login(org.socialchef_jonkoping)
    assert proj.project.title not in client.get(reverse("matters:inbox")).content.decode()
    client.force_login(org.socialchef_aneby)
    text = client.get(reverse("matters:inbox")).content.decode()
    assert proj.project.title in text and "12 av 13 kommuner" in text


def test_r12_a_project_in_a_terminal_stage_asks_nobody(client, org, proj):
    Project.objects.filter(pk=proj.project.pk).update(stage=stage(org, "stopped"))
    client.force_login(org.socialchef_jonkoping)
    assert proj.project.title not in client.get(reverse("matters:inbox")).content.decode()


def test_r12_one_tap_confirm_page_writes_nothing_then_records_and_names_the_tally(
    client, org, proj
):
    join(org, proj.project, "0604", "0617")
    client.force_login(org.deputy_jonkoping)
    confirm = client.get(_confirm_url(proj.project, "0680", "joined"))
    assert confirm.status_code == 200
    assert "Bekräfta att ni ansluter" in confirm.content.decode()
    assert not ParticipationDecision.objects.filter(municipality=org.jonkoping).exists()
    response = client.post(
        reverse("projects:participation_confirm", args=[proj.project.pk]),
        {"municipality": "0680", "status": "joined", "comment": "Vi är med"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("matters:inbox")
    decision = ParticipationDecision.objects.get(municipality=org.jonkoping)
    assert (decision.status, decision.decided_by, decision.comment) == (
        "joined",
        org.deputy_jonkoping,
        "Vi är med",
    )
    text = response.content.decode()
    assert f"Jönköping ansluter till ”{proj.project.title}”." in text
    assert "3 av 13 har anslutit." in text
    assert f'<a href="{reverse("projects:project_detail", args=[proj.project.pk])}">' in text


def test_r12_declining_from_the_inbox(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    assert (
        "Bekräfta att ni avstår"
        in client.get(_confirm_url(proj.project, "0680", "declined")).content.decode()
    )
    text = client.post(
        reverse("projects:participation_confirm", args=[proj.project.pk]),
        {"municipality": "0680", "status": "declined"},
        follow=True,
    ).content.decode()
    assert ParticipationDecision.objects.get().status == "declined"
    assert "Jönköping avstår från" in text and "0 av 13 har anslutit." in text


def test_r12_a_socialchef_cannot_decide_for_another_municipality(client, org, proj):
    client.force_login(org.socialchef_aneby)
    response = client.post(
        reverse("projects:participation_confirm", args=[proj.project.pk]),
        {"municipality": "0680", "status": "joined"},
    )
    assert response.status_code == 200
    assert not ParticipationDecision.objects.exists()


@pytest.mark.parametrize("who,status", [("tactical_member", 403), ("staff", 403)])
def test_r12_who_decides_for_no_municipality_gets_no_confirm_page(client, org, proj, who, status):
    client.force_login(getattr(org, who))
    url = _confirm_url(proj.project, "0680", "joined")
    assert client.get(url).status_code == status
    assert client.post(url, {"municipality": "0680", "status": "joined"}).status_code == status
    assert not ParticipationDecision.objects.exists()


def test_r12_a_terminal_project_refuses_on_the_confirm_page(client, org, proj):
    Project.objects.filter(pk=proj.project.pk).update(stage=stage(org, "stopped"))
    client.force_login(org.socialchef_jonkoping)
    response = client.post(
        reverse("projects:participation_confirm", args=[proj.project.pk]),
        {"municipality": "0680", "status": "joined"},
    )
    assert response.status_code == 200 and "tar inte emot fler beslut" in response.content.decode()
    assert not ParticipationDecision.objects.exists()


def test_r12_the_start_page_counts_participation_too(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    assert "Att besluta (1)" in client.get(reverse("start")).content.decode()
    join(org, proj.project, "0680")
    assert "Att besluta (0)" in client.get(reverse("start")).content.decode()


def test_r12_reminders_list_projects_waiting_a_week_for_the_missing_municipalities(org, proj):
    recent = make_project(org, proj.ifo, title="Nytt projekt")
    Project.objects.filter(pk=proj.project.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    for code in org.socialchefer:
        if code != "0680":
            join(org, proj.project, code)
    sent = matter_services.send_reminders(days=3)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 2
    assert recipients == ["ersattare-0680@example.invalid", "socialchef-0680@example.invalid"]
    message = mail.outbox[0]
    assert message.subject == "Påminnelse: deltagande i projekt för Jönköping"
    assert proj.project.title in message.body
    assert recent.title not in message.body  # created today: not yet a reminder


def _inbox_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("matters:inbox"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode().count("Deltar er kommun")


def test_inbox_query_count_does_not_grow_with_undecided_projects(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    for i in range(4):
        make_project(org, proj.ifo, title=f"Projekt {i}")
    client.get(reverse("matters:inbox"))  # warm caches
    at_5, shown_5 = _inbox_queries(client)
    for i in range(4, 40):
        make_project(org, proj.ifo, title=f"Projekt {i}")
    at_41, shown_41 = _inbox_queries(client)
    assert (shown_5, shown_41) == (5, 41)
    assert at_41 == at_5


def test_start_page_query_count_does_not_grow_with_undecided_projects(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("start"))
    for i in range(20):
        make_project(org, proj.ifo, title=f"Projekt {i}")
    with CaptureQueriesContext(connection) as many:
        assert "Att besluta (21)" in client.get(reverse("start")).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_confirm_page_marks_to_decide_in_the_menu(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    text = client.get(_confirm_url(proj.project, "0680", "joined")).content.decode()
    assert 'aria-current="page">Att besluta' in text
