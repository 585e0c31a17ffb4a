"""R14, R54: a gate decision may point to a § of the owning tactical group's adjusted
minutes; the page shows the reference as a link. Other § are refused."""

import datetime

import pytest
from django.urls import reverse

from meetings import minutes
from meetings import services as meeting_services
from projects.models import GateDecision, Stage
from tests.meetings.conftest import build_meeting
from tests.projects.conftest import TODAY, join, stage

pytestmark = pytest.mark.django_db


def _tactical_paragraph(org):
    meeting = meeting_services.meeting_create(
        actor=org.staff,
        body=org.tactical_ifo,
        date=datetime.date(2025, 5, 8),
        start_time=datetime.time(13, 0),
        digital=True,
        chair=org.tactical_chair,
    )
    meeting_services.meeting_update(
        actor=org.staff, meeting=meeting, adjusters=[org.tactical_member]
    )
    paragraph = minutes.paragraph_record(
        actor=org.staff,
        meeting=meeting,
        title="Barnahus: förstudie",
        decision="TS beslutar att ...",
    )
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    for person in (org.tactical_chair, org.tactical_member):
        minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    return paragraph


def _post(client, org, proj, **data):
    return client.post(
        reverse("projects:project_gate", args=[proj.project.pk]),
        {"to_stage": stage(org, Stage.Kind.PRE_STUDY).pk, "decided_on": TODAY.isoformat(), **data},
    )


def test_r14_gate_decision_cites_a_paragraph_of_the_groups_minutes(client, org, proj):
    paragraph = _tactical_paragraph(org)
    join(org, proj.project, "0604", "0680")
    client.force_login(org.tactical_chair)
    assert (
        "2025-05-08 § "
        in client.get(reverse("projects:project_gate", args=[proj.project.pk])).content.decode()
    )
    assert _post(client, org, proj, paragraph=paragraph.pk).status_code == 302
    gate = GateDecision.objects.get()
    assert gate.paragraph == paragraph and gate.minutes_reference.endswith(
        f"2025-05-08 § {paragraph.number}"
    )
    page = client.get(reverse("projects:project_detail", args=[proj.project.pk])).content.decode()
    assert f"#p{paragraph.number}" in page


def test_r14_a_paragraph_of_another_body_is_refused(client, org, proj):
    officers = build_meeting(org)
    pks_paragraph = minutes.paragraph_record(
        actor=org.staff, meeting=officers.meeting, title="PKS-ärende"
    )
    join(org, proj.project, "0604", "0680")
    client.force_login(org.tactical_chair)
    response = _post(client, org, proj, paragraph=pks_paragraph.pk)
    assert response.status_code == 200
    assert not GateDecision.objects.exists()


def test_r14_the_free_text_reference_still_works(client, org, proj):
    join(org, proj.project, "0604", "0680")
    client.force_login(org.tactical_chair)
    assert _post(client, org, proj, minutes_reference="TS IFO § 4").status_code == 302
    assert GateDecision.objects.get().paragraph is None
