"""Two runs of the delivery job at once (the scheduler and a `jobs run` by hand) send a
mail once: the delivery log row goes in before the mail and is unique per key."""

import asyncio
import datetime
import threading
import zoneinfo

import pytest
from django.db import connection

from notifications import services
from notifications.models import Delivery, Frequency, Kind, Notification

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.fixture
def slow_smtp(smtp):
    """The SMTP server takes its time, so both runs are inside at once."""
    original = smtp.handle_DATA

    async def slow(server, session, envelope):
        await asyncio.sleep(0.5)
        return await original(server, session, envelope)

    smtp.handle_DATA = slow
    return smtp


def run_twice_at_once(work) -> list:
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_mail_once(org, slow_smtp):
    services.preference_set(
        actor=org.socialchef_aneby, person=org.socialchef_aneby, frequency=Frequency.DAILY
    )
    # Recorded earlier (as by a transaction whose own sending failed): both runs find them.
    for person in (org.pks_member, org.socialchef_aneby):
        Notification.objects.create(
            recipient=person,
            kind=Kind.REPORT_PUBLISHED,
            key="report:1:version:1",
            subject="Publicerad: Delårsrapport Q1 2026",
            text="Text.",
            url="https://ku.example.se/rapporter/1/",
            created_at=datetime.datetime(2026, 12, 1, 10, tzinfo=STOCKHOLM),
        )
    now = datetime.datetime(2026, 12, 2, 8, tzinfo=STOCKHOLM)
    logged_before = list(Delivery.objects.values_list("pk", flat=True))  # the fixture's own
    outcomes = run_twice_at_once(lambda: services.deliver(now=now))
    assert len(outcomes) == 2
    assert sum(o.mails for o in outcomes) == 2  # one single message, one digest
    assert sum(o.failed for o in outcomes) == 0
    assert sorted(m.recipients[0] for m in slow_smtp.messages) == sorted(
        [org.pks_member.email, org.socialchef_aneby.email]
    )
    new = Delivery.objects.exclude(pk__in=logged_before)
    assert sorted(new.values_list("key", flat=True)) == [
        "daily:2026-12-02",
        f"n:{Notification.objects.get(recipient=org.pks_member).pk}",
    ]
