"""Issue 16 item 2: daily and weekly digests by the person's choice, sent once per period
to a real SMTP server on loopback; a rerun sends nothing twice."""

import datetime
import zoneinfo

import pytest

from notifications import services
from notifications.models import Delivery, Frequency, Kind, Notification

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in December 2026 (Tuesday the 1st) in Stockholm."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


def tell(person, n: int, when: datetime.datetime, kind=Kind.REPORT_PUBLISHED):
    notification = services.notify(
        recipient=person,
        kind=kind,
        key=f"test:{n}",
        subject=f"Meddelande {n}",
        text=f"Text nummer {n}.",
        url=f"/sida/{n}/",
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=when)
    return notification


def choose(person, frequency):
    services.preference_set(actor=person, person=person, frequency=frequency)


def test_a_daily_digest_is_sent_once_and_a_rerun_sends_nothing_twice(org, smtp):
    person = org.socialchef_aneby
    choose(person, Frequency.DAILY)
    for n in (1, 2, 3):
        tell(person, n, at(1, 10 + n))
    # Before the digest hour nothing goes out; the messages wait for the next digest.
    assert services.deliver(now=at(1, 23, 59)).mails == 0
    assert services.deliver(now=at(2, 6, 59)).mails == 0
    assert smtp.messages == []

    outcome = services.deliver(now=at(2, 7, 5))
    assert (outcome.mails, outcome.notifications) == (1, 3)
    (digest,) = smtp.messages
    assert digest.recipients == [person.email]
    assert digest.subject == "Dagens sammanfattning: 3 meddelanden från Kommunal utveckling"
    for n in (1, 2, 3):
        assert f"{n}. Meddelande {n}\nText nummer {n}." in digest.text
        assert f"Gå direkt till sidan: https://ku.example.se/sida/{n}/" in digest.text
        assert f'href="https://ku.example.se/sida/{n}/"' in digest.html
        assert f"<p>Text nummer {n}.</p>" in digest.html
    assert "Du får en sammanfattning per dag." in digest.text

    # The job runs again (the same minute, later that day): nothing is sent twice.
    for when in (at(2, 7, 5), at(2, 7, 20), at(2, 23, 0)):
        assert services.deliver(now=when).mails == 0
    assert len(smtp.messages) == 1
    assert Delivery.objects.filter(recipient=person, key="daily:2026-12-02").count() == 1

    # Something new after today's digest waits for tomorrow's, alone.
    tell(person, 4, at(2, 9))
    assert services.deliver(now=at(2, 12)).mails == 0
    assert services.deliver(now=at(3, 7)).mails == 1
    assert services.deliver(now=at(3, 7)).mails == 0
    latest = smtp.messages[-1]
    assert latest.subject == "Dagens sammanfattning: 1 meddelande från Kommunal utveckling"
    assert "Meddelande 4" in latest.text and "Meddelande 1" not in latest.text
    assert len(smtp.messages) == 2


def test_a_weekly_digest_goes_out_on_monday_morning(org, smtp):
    person = org.pks_member
    choose(person, Frequency.WEEKLY)
    tell(person, 1, at(1, 10))  # Tuesday
    tell(person, 2, at(4, 10))  # Friday
    assert services.deliver(now=at(6, 23)).mails == 0  # Sunday: waiting
    assert services.deliver(now=at(7, 8)).mails == 1  # Monday after 07.00
    assert services.deliver(now=at(8, 8)).mails == 0  # Tuesday: this week's is sent
    (digest,) = smtp.messages
    assert digest.subject == "Veckosammanfattning: 2 meddelanden från Kommunal utveckling"
    assert Delivery.objects.get(recipient=person).key == "weekly:2026-12-07"


def test_people_who_want_each_mail_at_once_get_no_digest(org, smtp):
    tell(org.socialchef_jonkoping, 1, at(1, 10))  # no choice made: each at once
    choose(org.socialchef_aneby, Frequency.DAILY)
    tell(org.socialchef_aneby, 2, at(1, 10))
    outcome = services.deliver(now=at(1, 11))  # before the next digest hour
    assert outcome.mails == 1
    assert smtp.messages[0].recipients == [org.socialchef_jonkoping.email]
    assert smtp.messages[0].subject == "Meddelande 1"


def test_notify_is_idempotent_per_recipient_kind_and_key(org, smtp):
    first = tell(org.pks_member, 1, at(1, 10))
    again = services.notify(
        recipient=org.pks_member,
        kind=Kind.REPORT_PUBLISHED,
        key="test:1",
        subject="Annat",
        text="Annan text.",
        url="/annan/",
    )
    assert first is not None and again is None
    assert Notification.objects.count() == 1
    assert services.deliver(now=at(1, 11)).mails == 1
    assert services.deliver(now=at(1, 11)).mails == 0
    assert len(smtp.messages) == 1


def test_nobody_without_an_address_or_inactive_is_told(org):
    org.outsider.email = ""
    org.outsider.save(update_fields=["email"])
    org.pks_member.is_active = False
    org.pks_member.save(update_fields=["is_active"])
    for person in (org.outsider, org.pks_member, None):
        assert (
            services.notify(
                recipient=person,
                kind=Kind.AGENDA_SENT,
                key="k",
                subject="s",
                text="t",
                url="/",
            )
            is None
        )
    assert Notification.objects.count() == 0


def test_an_unknown_kind_is_a_programming_error(org):
    with pytest.raises(ValueError):
        services.notify(
            recipient=org.pks_member, kind="gossip", key="k", subject="s", text="t", url="/"
        )


def test_a_subject_with_line_breaks_is_one_header_line(org, smtp):
    services.notify(
        recipient=org.pks_member,
        kind=Kind.AGENDA_SENT,
        key="k",
        subject="Rad ett\r\nBcc: someone@example.invalid",
        text="t",
        url="/",
    )
    services.deliver()
    (received,) = smtp.messages
    assert received.subject == "Rad ett Bcc: someone@example.invalid"
    assert received.recipients == [org.pks_member.email]


@pytest.mark.parametrize(
    ("frequency", "now", "key"),
    [
        ("daily", at(2, 6, 59), "daily:2026-12-01"),
        ("daily", at(2, 7, 0), "daily:2026-12-02"),
        ("weekly", at(7, 6, 0), "weekly:2026-11-30"),
        ("weekly", at(7, 7, 0), "weekly:2026-12-07"),
        ("weekly", at(13, 23, 0), "weekly:2026-12-07"),
    ],
)
def test_digest_periods_follow_stockholm_time(frequency, now, key):
    found, due = services.digest_period(frequency, now)
    assert found == key
    assert (due.hour, due.minute, due.date().isoformat()) == (7, 0, key.split(":")[1])


def test_the_digest_hour_stays_at_seven_across_summer_time():
    """Sunday 2027-03-28 Sweden moves to summer time; Monday's digest is due at 07.00 CEST."""
    _key, due = services.digest_period("daily", datetime.datetime(2027, 3, 29, 8, tzinfo=STOCKHOLM))
    assert due.utcoffset() == datetime.timedelta(hours=2) and due.hour == 7
