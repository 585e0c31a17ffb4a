"""The reminders (`send_reminders`, R15): only the municipalities still missing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from matters import services as matter_services
from projects import services
from projects.models import Project
from tests.projects.conftest import approve_all, ready_request

pytestmark = pytest.mark.django_db


def test_send_reminders_emails_only_missing_municipalities_due_soon(org, proj):
    matter = ready_request(org, proj.project)  # due in 14 days
    approve_all(org, matter, except_codes=("0680",))
    out = StringIO()
    call_command("send_reminders", "--days", "7", stdout=out)
    assert mail.outbox == []
    call_command("send_reminders", "--days", "14", stdout=out)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ersattare-0680@example.invalid", "socialchef-0680@example.invalid"]
    assert mail.outbox[0].subject.startswith("Påminnelse")


def test_r15_a_title_with_line_breaks_makes_a_one_line_mail_subject(org, proj):
    """Found by tests/security fuzzing: Django refuses a header with a line break."""
    Project.objects.filter(pk=proj.project.pk).update(title="Barnahus\r=1\ni länet")
    proj.project.refresh_from_db()
    ready_request(org, proj.project)
    matter_services.send_reminders(days=14)
    assert mail.outbox
    assert {m.subject for m in mail.outbox} == {"Påminnelse: Gemensamma medel: Barnahus =1 i länet"}


def test_send_reminders_ignores_matters_not_ready(org, proj):
    services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("10")
    )
    call_command("send_reminders", "--days", "365", stdout=StringIO())
    assert mail.outbox == []
