"""Issue 16 item 2: every kind of mail arrives at a real SMTP server on loopback, as plain
text plus HTML in Swedish with an absolute link straight to its page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import services as matter_services
from meetings import minutes
from meetings import services as meeting_services
from notifications import services
from notifications.models import Delivery, Kind, Notification
from partnerships import services as partnership_services
from partnerships.models import Membership
from projects import services as project_services
from reporting import services as report_services
from reporting.models import Period
from tests.factories import UserFactory
from tests.meetings.conftest import build_meeting
from tests.notifications.conftest import free_port
from tests.projects.conftest import approve_all, proj  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SITE = "https://ku.example.se"
LINK = re.compile(r"https://ku\.example\.se/[^\s\"<>]*")


def assert_swedish_mail_with_link(received, *, path: str) -> None:
    """Plain text and HTML, Swedish, with the absolute link to `path` in both parts."""
    assert received.message.get_content_type() == "multipart/alternative"
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert received.text.startswith("Hej ")
    assert "Gå direkt till sidan: " + SITE + path in received.text
    assert '<html lang="sv">' in received.html
    assert f'href="{SITE}{path}"' in received.html
    for link in LINK.findall(received.text):
        assert link.startswith(SITE + "/")


def test_invitation_to_decide_arrives(org, proj, smtp, django_capture_on_commit_callbacks):  # noqa: F811
    matter = project_services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=500000
    )
    with django_capture_on_commit_callbacks(execute=True):
        matter_services.matter_mark_ready(
            actor=org.socialchef_aneby,
            matter=matter,
            due_date=timezone.localdate() + datetime.timedelta(days=14),
        )
    (received,) = smtp.to(org.socialchef_jonkoping.email)
    assert received.subject == "Att besluta: Gemensamma medel: Barnahus i länet"
    assert "Ett ärende väntar på beslut för Jönköping." in received.text
    # The HTML part: the text in paragraphs with working links, nothing escaped twice.
    assert "<p>Ett ärende väntar på beslut för Jönköping.</p>" in received.html
    assert '<a href="https://ku.example.se/att-besluta/"' in received.html
    assert "&lt;" not in received.html
    assert "Belopp: 500" in received.text
    assert_swedish_mail_with_link(received, path=f"/arenden/{matter.pk}/")
    # Every decider of every member municipality, once each, in one SMTP session.
    deciders = Membership.objects.active().filter(
        body=org.steering_group, role__in=["chair", "member", "deputy"]
    )
    assert sorted(a for m in smtp.messages for a in m.recipients) == sorted(
        m.person.email for m in deciders
    )


def test_reminder_before_the_due_date_arrives_once_a_day(org, proj, smtp):  # noqa: F811
    matter = project_services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=500000
    )
    matter_services.matter_mark_ready(
        actor=org.socialchef_aneby,
        matter=matter,
        due_date=timezone.localdate() + datetime.timedelta(days=2),
        notify=False,
    )
    approve_all(org, matter, except_codes=("0680",))
    assert matter_services.send_reminders(days=3) == 2  # Jönköping's socialchef and deputy
    received = smtp.to(org.socialchef_jonkoping.email)
    assert [m.subject for m in received] == ["Påminnelse: Gemensamma medel: Barnahus i länet"]
    assert "Påminnelse: ett ärende väntar fortfarande på beslut för Jönköping." in received[0].text
    assert_swedish_mail_with_link(received[0], path=f"/arenden/{matter.pk}/")
    # The job runs again the same day: nobody is reminded twice.
    assert matter_services.send_reminders(days=3) == 0
    assert len(smtp.messages) == 2
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert matter_services.send_reminders(days=3, today=tomorrow) == 2
    assert len(smtp.messages) == 4


def test_agenda_sent_arrives(org, smtp, django_capture_on_commit_callbacks):
    """The meetings app sends an agenda (R51): every PKS member gets it, one SMTP session."""
    pks = build_meeting(org, date=datetime.date(2026, 12, 10))
    meeting = pks.meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_send(actor=org.staff, meeting=meeting)
    (received,) = smtp.to(org.pks_member.email)
    assert received.subject == "Föredragningslista: PKS 2026-12-10"
    assert "Föredragningslistan för PKS den 2026-12-10 kl. 09.00 är publicerad (version 1)." in (
        received.text
    )
    assert_swedish_mail_with_link(received, path=reverse("meetings:meeting", args=[meeting.pk]))
    members = Membership.objects.active().filter(body=org.pks)
    assert sorted(a for m in smtp.messages for a in m.recipients) == sorted(
        m.person.email for m in members
    )


def test_minutes_ready_to_adjust_arrives(org, smtp, django_capture_on_commit_callbacks):
    """The meetings app completes the minutes (R55): the chair and the adjuster are asked,
    and asked again when the PDF changes after an adjustment."""
    pks = build_meeting(org, date=datetime.date(2026, 12, 10))
    meeting = pks.meeting
    minutes.paragraph_record(
        actor=org.staff, meeting=meeting, title="Inledning", decision="PKS beslutar att ..."
    )
    with django_capture_on_commit_callbacks(execute=True):
        minutes.minutes_complete(actor=org.staff, meeting=meeting)
    (received,) = smtp.to(pks.adjuster.email)
    assert received.subject == "Protokoll att justera: PKS 2026-12-10"
    assert "Protokollet från PKS den 2026-12-10 är klart." in received.text
    assert_swedish_mail_with_link(received, path=reverse("meetings:meeting", args=[meeting.pk]))
    assert sorted(a for m in smtp.messages for a in m.recipients) == sorted(
        [pks.chair.email, pks.adjuster.email]
    )
    meeting.refresh_from_db()
    minutes.minutes_adjust(actor=pks.chair, meeting=meeting, sha256=meeting.review_sha256)
    with django_capture_on_commit_callbacks(execute=True):
        minutes.paragraph_update(
            actor=org.staff, paragraph=meeting.paragraphs.get(), text="Rättad text."
        )
    again = smtp.to(pks.chair.email)[-1]
    assert "Protokollet har ändrats efter att det justerades" in again.text
    assert len(smtp.messages) == 4


def test_report_published_arrives_to_its_readers(
    org, smtp, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        report_services,
        "render_report_documents",
        lambda *a, **k: (b"%PDF-1.7 test\n", "<article>test</article>"),
    )
    report = report_services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q1
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_publish(actor=org.staff, report=report)
    (received,) = smtp.to(org.pks_member.email)
    assert received.subject == "Publicerad: Delårsrapport Q1 2026"
    assert "Kommunal utveckling har publicerat Delårsrapport Q1 2026" in received.text
    assert_swedish_mail_with_link(received, path=f"/rapporter/{report.pk}/")
    readers = {a for m in smtp.messages for a in m.recipients}
    assert org.socialchef_aneby.email in readers and org.tactical_chair.email in readers
    assert org.staff.email not in readers  # who published
    assert org.outsider.email not in readers  # reads no report
    # A correction is told again, with its version and reason.
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_publish(actor=org.staff, report=report, reason="Fel i tabell 2.")
    corrected = smtp.to(org.pks_member.email)[-1]
    assert corrected.subject == "Rättad: Delårsrapport Q1 2026, version 2"
    assert "Skäl: Fel i tabell 2." in corrected.text


def test_an_act_in_the_municipalitys_name_arrives_at_once_even_for_a_weekly_reader(
    org, smtp, django_capture_on_commit_callbacks
):
    services.preference_set(
        actor=org.socialchef_aneby, person=org.socialchef_aneby, frequency="weekly"
    )
    deputy = UserFactory(username="ny-ersattare", email="ny-ersattare@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        partnership_services.membership_start(
            actor=org.staff,
            person=deputy,
            body=org.steering_group,
            role=Membership.Role.DEPUTY,
            municipality=org.aneby,
            start_date=org.today,
        )
    (received,) = smtp.to(org.socialchef_aneby.email)
    assert received.subject == "Aneby: Uppdrag påbörjat"
    assert "Det som görs i kommunens namn meddelas alltid direkt." in received.text
    assert_swedish_mail_with_link(received, path="/kommun/0604/handelser/")
    assert smtp.to(deputy.email)


def test_a_failed_send_is_kept_and_sent_by_the_next_run(org, smtp, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    services.notify(
        recipient=org.pks_member,
        kind=Kind.AGENDA_SENT,
        key="meeting:8:agenda:version:1",
        subject="Föredragningslista",
        text="Text.",
        url="/moten/8/",
    )
    outcome = services.deliver()
    assert (outcome.mails, outcome.failed) == (0, 1)
    assert Delivery.objects.count() == 0
    assert Notification.objects.get().delivery is None
    settings.EMAIL_PORT = port
    assert services.deliver().mails == 1
    assert services.deliver().mails == 0
    assert len(smtp.messages) == 1
