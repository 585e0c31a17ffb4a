"""R15, R54: a committee decision recorded by staff may point to a § of adjusted minutes
kept in the app ("PKS 2025-05-08 § 98", a link); the free-text reference stays for
committees outside the app."""

import pytest
from django.urls import reverse

from matters.models import MatterDecision
from meetings import minutes
from tests.meetings.conftest import build_meeting
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db


def _adjusted_paragraph(org):
    officers = build_meeting(org)
    meeting = officers.meeting
    paragraph = minutes.paragraph_record(
        actor=org.staff, meeting=meeting, title="Gemensamma medel", decision="PKS beslutar att ..."
    )
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    for person in (officers.chair, officers.adjuster):
        minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    return paragraph


def test_r15_committee_decision_points_to_a_paragraph_and_links_it(client, org, proj):
    paragraph = _adjusted_paragraph(org)
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    url = reverse("matters:matter_committee_decision", args=[matter.pk])
    assert f"PKS 2025-05-08 § {paragraph.number}" in client.get(url).content.decode()
    response = client.post(
        url, {"municipality": org.aneby.pk, "verdict": "approve", "paragraph": paragraph.pk}
    )
    assert response.status_code == 302
    decision = MatterDecision.objects.get()
    assert decision.paragraph == paragraph and decision.channel == "committee"
    assert decision.committee_reference == f"PKS 2025-05-08 § {paragraph.number}"
    page = client.get(reverse("matters:matter_detail", args=[matter.pk])).content.decode()
    assert f"#p{paragraph.number}" in page


def test_r15_a_paragraph_of_minutes_not_adjusted_is_refused(client, org, proj):
    officers = build_meeting(org)
    draft = minutes.paragraph_record(actor=org.staff, meeting=officers.meeting, title="Utkast")
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    response = client.post(
        reverse("matters:matter_committee_decision", args=[matter.pk]),
        {"municipality": org.aneby.pk, "verdict": "approve", "paragraph": draft.pk},
    )
    assert response.status_code == 200
    assert not MatterDecision.objects.exists()


def test_r15_without_paragraph_or_reference_nothing_is_recorded(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    response = client.post(
        reverse("matters:matter_committee_decision", args=[matter.pk]),
        {"municipality": org.aneby.pk, "verdict": "approve"},
    )
    assert response.status_code == 200
    assert "nämndens beslutsreferens" in response.content.decode().lower() or (
        "välj en §" in response.content.decode().lower()
    )
    assert not MatterDecision.objects.exists()
