"""R54, R50, R55: the pages that link a § to objects, refer it to another body's agenda,
cancel a meeting and correct adjusted minutes. Staff only; a refusal changes nothing."""

import datetime

from django.urls import reverse

from meetings import minutes, services
from meetings.models import Meeting, MinutesVersion, ParagraphLink, Referral
from tests.factories import AgreementFactory, PartnershipFactory
from tests.meetings.test_views import _adjusted


def _paragraph(org, pks_meeting):
    return minutes.paragraph_record(
        actor=org.staff,
        meeting=pks_meeting.meeting,
        title="Samverkansavtal",
        decision="PKS beslutar att godkänna avtalet.",
    )


def test_r54_staff_link_a_paragraph_to_the_agreement_and_its_page_shows_it(
    client, org, pks_meeting
):
    paragraph = _paragraph(org, pks_meeting)
    client.force_login(org.staff)
    url = reverse("meetings:paragraph_links", args=[paragraph.pk])
    page = client.get(url).content.decode()
    assert f'value="{org.agreement.pk}"' in page
    response = client.post(url, {"kind": "agreement", "object": str(org.agreement.pk)})
    assert response.status_code == 302
    link = ParagraphLink.objects.get(paragraph=paragraph)
    assert link.target == org.agreement
    _adjusted(org, pks_meeting)
    detail = client.get(reverse("partnership_detail", args=[org.partnership.slug]))
    assert f"PKS 2025-05-08 § {paragraph.number}" in detail.content.decode()
    client.post(reverse("meetings:link_remove", args=[link.pk]))
    assert not ParagraphLink.objects.exists()


def test_r54_an_object_of_a_partnership_the_staff_does_not_manage_is_refused(
    client, org, pks_meeting
):
    paragraph = _paragraph(org, pks_meeting)
    foreign = AgreementFactory(partnership=PartnershipFactory(slug="annat", name="Annat"))
    client.force_login(org.staff)
    url = reverse("meetings:paragraph_links", args=[paragraph.pk])
    assert f'value="{foreign.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {"kind": "agreement", "object": str(foreign.pk)})
    assert response.status_code == 200
    assert "partnerskap du leder" in response.content.decode()
    assert not ParagraphLink.objects.exists()


def test_r54_members_cannot_link_or_remove(client, org, pks_meeting):
    paragraph = _paragraph(org, pks_meeting)
    link = minutes.paragraph_link_add(actor=org.staff, paragraph=paragraph, target=org.agreement)
    client.force_login(org.pks_member)
    url = reverse("meetings:paragraph_links", args=[paragraph.pk])
    assert client.post(url, {"kind": "agreement", "object": "1"}).status_code in (
        403,
        404,
    )
    assert client.post(reverse("meetings:link_remove", args=[link.pk])).status_code in (403, 404)
    assert ParagraphLink.objects.filter(pk=link.pk).exists()


def test_r54_refer_a_paragraph_to_a_chosen_meeting_shows_on_both_agendas(client, org, pks_meeting):
    paragraph = _paragraph(org, pks_meeting)
    later = services.meeting_create(
        actor=org.staff,
        body=org.steering_group,
        date=datetime.date.today() + datetime.timedelta(days=10),
        start_time=datetime.time(13, 0),
        digital=True,
    )
    client.force_login(org.staff)
    url = reverse("meetings:paragraph_refer", args=[paragraph.pk])
    assert later.date.strftime("%Y-%m-%d") in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "to_body": org.steering_group.pk,
            "to_meeting": str(later.pk),
            "title": "Informera om avtalet",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.agenda_item.meeting == later
    target = client.get(reverse("meetings:meeting", args=[later.pk])).content.decode()
    assert "Informera om avtalet" in target and f"§ {paragraph.number}" in target
    source = client.get(reverse("meetings:meeting", args=[pks_meeting.meeting.pk]))
    assert later.date.strftime("%Y-%m-%d") in source.content.decode()


def test_r54_refer_to_the_next_meeting_and_refusals(client, org, pks_meeting):
    paragraph = _paragraph(org, pks_meeting)
    client.force_login(org.staff)
    url = reverse("meetings:paragraph_refer", args=[paragraph.pk])
    response = client.post(
        url, {"to_body": org.pks.pk, "to_meeting": "", "title": "Till sig själv"}
    )
    assert response.status_code == 200 and not Referral.objects.exists()
    response = client.post(
        url, {"to_body": org.steering_group.pk, "to_meeting": "", "title": "Nästa möte"}
    )
    assert response.status_code == 302
    assert not hasattr(Referral.objects.get(), "agenda_item")
    new = services.meeting_create(
        actor=org.staff,
        body=org.steering_group,
        date=datetime.date.today() + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        digital=True,
    )
    assert new.items.filter(title="Nästa möte").exists()
    client.force_login(org.pks_member)
    assert client.post(url, {"to_body": org.steering_group.pk, "title": "x"}).status_code in (
        403,
        404,
    )
    assert Referral.objects.count() == 1


def test_r50_cancel_needs_confirmation_and_staff(client, org, pks_meeting):
    meeting = pks_meeting.meeting
    url = reverse("meetings:cancel", args=[meeting.pk])
    client.force_login(org.pks_member)
    assert client.post(url, {"confirm": "on"}).status_code in (403, 404)
    client.force_login(org.staff)
    page = client.get(url).content.decode()
    assert "Ställ in mötet" in page
    assert client.post(url, {}).status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert client.post(url, {"confirm": "on"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_r50_a_meeting_with_minutes_is_not_cancelled(client, org, pks_meeting):
    _paragraph(org, pks_meeting)
    client.force_login(org.staff)
    response = client.post(
        reverse("meetings:cancel", args=[pks_meeting.meeting.pk]), {"confirm": "on"}
    )
    assert response.status_code == 200
    pks_meeting.meeting.refresh_from_db()
    assert pks_meeting.meeting.status == Meeting.Status.HELD


def test_r55_correct_adjusted_minutes_makes_a_new_version_with_its_reason(client, org, pks_meeting):
    meeting = _adjusted(org, pks_meeting)
    paragraph = meeting.paragraphs.get()
    url = reverse("meetings:correct", args=[meeting.pk])
    client.force_login(pks_meeting.chair)
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    client.force_login(org.staff)
    assert "ny version" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Felskrivning", "paragraph": str(paragraph.pk)})
    assert response.status_code == 200  # not confirmed
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 1
    response = client.post(
        url,
        {
            "reason": "Felskrivning i beslutet",
            "paragraph": str(paragraph.pk),
            "decision": "PKS beslutar att godkänna det rättade avtalet.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    latest = MinutesVersion.objects.filter(meeting=meeting).order_by("-number").first()
    assert latest.number == 2 and latest.reason == "Felskrivning i beslutet"
    paragraph.refresh_from_db()
    assert paragraph.decision == "PKS beslutar att godkänna det rättade avtalet."


def test_r55_minutes_not_adjusted_are_not_corrected(client, org, pks_meeting):
    _paragraph(org, pks_meeting)
    client.force_login(org.staff)
    response = client.post(
        reverse("meetings:correct", args=[pks_meeting.meeting.pk]),
        {"reason": "Felskrivning", "confirm": "on"},
    )
    assert response.status_code == 200
    assert not MinutesVersion.objects.exists()
