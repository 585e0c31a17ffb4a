"""R57, R30: who sees and does what with a body's meetings in the browser."""

import pytest
from django.urls import reverse

from meetings import minutes, services
from meetings.models import Meeting, Paragraph


def _adjusted(org, pks_meeting):
    meeting = pks_meeting.meeting
    minutes.paragraph_record(
        actor=org.staff, meeting=meeting, title="Inledning", decision="PKS beslutar att ..."
    )
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    for person in (pks_meeting.chair, pks_meeting.adjuster):
        minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    meeting.refresh_from_db()
    return meeting


def test_r57_outsiders_and_other_bodies_see_nothing(client, org, pks_meeting):
    url = reverse("meetings:meeting", args=[pks_meeting.meeting.pk])
    for person in (org.outsider, org.socialchef_aneby, org.tactical_chair):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(url + "protokoll.pdf").status_code == 404


def test_r57_members_read_the_agenda_once_sent_and_the_minutes_once_adjusted(
    client, org, pks_meeting
):
    meeting = pks_meeting.meeting
    client.force_login(org.pks_member)
    url = reverse("meetings:meeting", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Inledning" not in page  # not sent yet
    services.agenda_send(actor=org.staff, meeting=meeting)
    page = client.get(url).content.decode()
    assert "Inledning" in page
    assert client.get(reverse("meetings:agenda_pdf", args=[meeting.pk]))["Content-Type"] == (
        "application/pdf"
    )
    assert client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404
    _adjusted(org, pks_meeting)
    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_r57_public_minutes_are_read_by_every_logged_in_person(client, org, pks_meeting):
    meeting = _adjusted(org, pks_meeting)
    services.body_settings_set(
        actor=org.staff, body=org.pks, minutes_public=True, appeal_applies=True
    )
    client.force_login(org.outsider)
    assert client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 200
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Sista dag för överklagande" in page
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_r57_members_cannot_prepare_or_record(client, org, pks_meeting):
    meeting = pks_meeting.meeting
    client.force_login(org.pks_member)
    services.agenda_send(actor=org.staff, meeting=meeting)
    response = client.post(
        reverse("meetings:paragraph_record", args=[meeting.pk]), {"title": "Smyg"}
    )
    assert response.status_code == 403
    assert not Paragraph.objects.exists()
    assert client.post(reverse("meetings:complete", args=[meeting.pk])).status_code == 403


def test_r57_staff_create_a_meeting_and_record_a_paragraph(client, org):
    client.force_login(org.staff)
    response = client.post(
        reverse("meetings:create"),
        {"body": org.pks.pk, "date": "2025-09-04", "start_time": "09:00", "digital": "on"},
    )
    meeting = Meeting.objects.get(body=org.pks, date="2025-09-04")
    assert response.status_code == 302
    item = meeting.items.order_by("order").first()
    response = client.post(
        reverse("meetings:paragraph_record", args=[meeting.pk]) + f"?punkt={item.pk}",
        {"title": item.title, "text": "Välkommen.", "decision": ""},
    )
    assert response.status_code == 302
    assert Paragraph.objects.get(item=item).number == 1


def test_r55_adjust_page_needs_the_confirmation(client, org, pks_meeting):
    meeting = pks_meeting.meeting
    minutes.paragraph_record(actor=org.staff, meeting=meeting, title="Inledning")
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    client.force_login(pks_meeting.chair)
    url = reverse("meetings:adjust", args=[meeting.pk])
    assert meeting.review_sha256 in client.get(url).content.decode()
    response = client.post(url, {"sha256": meeting.review_sha256})
    assert response.status_code == 200 and not meeting.adjustments.exists()
    response = client.post(url, {"sha256": meeting.review_sha256, "confirm": "on"})
    assert response.status_code == 302 and meeting.adjustments.count() == 1
    client.force_login(org.pks_member)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["meetings:list"])
def test_the_list_shows_the_bodies_a_member_sits_in(client, org, pks_meeting, name):
    client.force_login(org.pks_member)
    page = client.get(reverse(name)).content.decode()
    assert org.pks.name in page and "2025-05-08" in page
    client.force_login(org.outsider)
    page = client.get(reverse(name)).content.decode()
    assert "2025-05-08" not in page


def test_r54_the_agreement_page_shows_the_paragraph_that_decided_it(client, org, pks_meeting):
    meeting = pks_meeting.meeting
    services.first_number_set(actor=org.staff, body=org.pks, year=2025, first_number=98)
    paragraph = minutes.paragraph_record(
        actor=org.staff, meeting=meeting, title="Samverkansavtal", decision="PKS beslutar att ..."
    )
    minutes.paragraph_link_add(actor=org.staff, paragraph=paragraph, target=org.agreement)
    client.force_login(org.staff)
    url = reverse("partnership_detail", args=[org.partnership.slug])
    assert "PKS 2025-05-08 § 98" not in client.get(url).content.decode()  # not adjusted yet
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    for person in (pks_meeting.chair, pks_meeting.adjuster):
        minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    page = client.get(url).content.decode()
    assert "Beslut: <a" in page and "PKS 2025-05-08 § 98</a>" in page


def test_r53_an_assignment_is_followed_up_on_the_next_agenda_until_reported_done(
    client, org, pks_meeting
):
    import datetime

    meeting = pks_meeting.meeting
    paragraph = minutes.paragraph_record(actor=org.staff, meeting=meeting, title="Uppdrag")
    minutes.assignment_add(
        actor=org.staff,
        paragraph=paragraph,
        owner="Kommundirektörerna",
        description="Utreda samordningsförbund",
        due_date=datetime.date(2025, 10, 1),
    )
    later = services.meeting_create(
        actor=org.staff,
        body=org.pks,
        date=datetime.date(2025, 9, 4),
        start_time=datetime.time(9),
        digital=True,
    )
    follow_up = later.items.get(assignment__isnull=False)
    assert "§ 1" in follow_up.title
    client.force_login(org.staff)
    response = client.post(
        reverse("meetings:paragraph_record", args=[later.pk]) + f"?punkt={follow_up.pk}",
        {"title": follow_up.title, "decision": "Uppdraget är redovisat.", "assignment_done": "on"},
    )
    assert response.status_code == 302
    follow_up.assignment.refresh_from_db()
    assert follow_up.assignment.done_in.number == 2
    next_one = services.meeting_create(
        actor=org.staff,
        body=org.pks,
        date=datetime.date(2025, 10, 9),
        start_time=datetime.time(9),
        digital=True,
    )
    assert not next_one.items.filter(assignment__isnull=False).exists()
