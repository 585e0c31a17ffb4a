"""R51, R55 through the notifications app (issue 16): one notification per person and
version or PDF, recorded with the service's change, mailed by each person's choice."""

import pytest
from django.core import mail

from core.errors import DomainError
from meetings import mail as meeting_mail
from meetings import minutes, services
from notifications import services as notifications
from notifications.models import Kind, Notification
from partnerships.models import Membership


def _complete(org, meeting):
    minutes.paragraph_record(
        actor=org.staff,
        meeting=meeting,
        title="Inledning",
        text="Ordföranden hälsar välkommen.",
        decision="PKS beslutar att lägga informationen till handlingarna.",
    )
    minutes.minutes_complete(actor=org.staff, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "key"))


def test_r51_each_agenda_version_tells_every_member_once(
    org, pks_meeting, django_capture_on_commit_callbacks
):
    meeting = pks_meeting.meeting
    members = sorted(
        Membership.objects.active().filter(body=org.pks).values_list("person__username", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_send(actor=org.staff, meeting=meeting)
    key = f"meeting:{meeting.pk}:agenda:1"
    assert _told(Kind.AGENDA_SENT) == [(username, key) for username in members]
    message = next(m for m in mail.outbox if m.to == [org.pks_member.email])
    assert message.subject == "Föredragningslista: PKS 2025-05-08"
    assert "Föredragningslistan för PKS den 2025-05-08 kl. 09.00 är publicerad (version 1)." in (
        message.body
    )
    assert message.body.startswith("Hej ") and message.body.count("Hej ") == 1
    # Telling version 1 again tells nobody; version 2 tells everyone again.
    version = meeting.agenda_versions.get()
    assert meeting_mail.agenda_sent(meeting=meeting, version=version) == 0
    services.agenda_item_withdraw(actor=org.staff, item=meeting.items.get(title="Inkomna ärenden"))
    meeting.refresh_from_db()
    services.agenda_send(actor=org.staff, meeting=meeting)
    assert Notification.objects.filter(
        kind=Kind.AGENDA_SENT, key=f"meeting:{meeting.pk}:agenda:2"
    ).count() == len(members)


def test_r51_a_refused_send_tells_nobody(org, pks_meeting):
    meeting = pks_meeting.meeting
    services.agenda_send(actor=org.staff, meeting=meeting)
    before = Notification.objects.count()
    with pytest.raises(DomainError):  # nothing changed since version 1
        services.agenda_send(actor=org.staff, meeting=meeting)
    assert Notification.objects.count() == before


def test_r55_a_changed_pdf_asks_again_and_the_same_pdf_never_twice(org, pks_meeting):
    meeting = _complete(org, pks_meeting.meeting)
    first = meeting.review_sha256
    expected = sorted(
        [
            (pks_meeting.chair.username, f"meeting:{meeting.pk}:minutes:{first}"),
            (pks_meeting.adjuster.username, f"meeting:{meeting.pk}:minutes:{first}"),
        ]
    )
    assert _told(Kind.MINUTES_TO_ADJUST) == expected
    minutes.minutes_adjust(actor=pks_meeting.chair, meeting=meeting, sha256=first)
    minutes.paragraph_update(
        actor=org.staff, paragraph=meeting.paragraphs.get(), text="Rättad text."
    )
    meeting.refresh_from_db()
    assert meeting.review_sha256 != first
    again = Notification.objects.filter(
        kind=Kind.MINUTES_TO_ADJUST, key=f"meeting:{meeting.pk}:minutes:{meeting.review_sha256}"
    )
    assert sorted(again.values_list("recipient__username", flat=True)) == sorted(
        [pks_meeting.chair.username, pks_meeting.adjuster.username]
    )
    assert "earlier adjustments" not in again[0].text
    assert "Protokollet har ändrats efter att det justerades" in again[0].text
    assert meeting_mail.minutes_to_adjust(meeting=meeting, again=True) == 0


def test_r55_a_weekly_reader_gets_the_request_in_the_digest_not_at_once(
    org, pks_meeting, django_capture_on_commit_callbacks
):
    notifications.preference_set(
        actor=pks_meeting.adjuster, person=pks_meeting.adjuster, frequency="weekly"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _complete(org, pks_meeting.meeting)
    assert [m.to for m in mail.outbox] == [[pks_meeting.chair.email]]
    waiting = Notification.objects.get(recipient=pks_meeting.adjuster)
    assert waiting.delivery is None and waiting.kind == Kind.MINUTES_TO_ADJUST
