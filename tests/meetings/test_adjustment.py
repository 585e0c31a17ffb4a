"""R55: digital adjustment of the exact minutes PDF; a change voids it; freezing; corrections."""

import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from meetings import minutes
from meetings.models import Adjustment, Meeting, MinutesVersion


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


def test_r55_completing_asks_the_chair_and_the_adjuster(
    org, pks_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _complete(org, pks_meeting.meeting)
    assert meeting.review_sha256 == hashlib.sha256(bytes(meeting.review_pdf)).hexdigest()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([pks_meeting.chair.email, pks_meeting.adjuster.email])


def test_r55_all_adjust_and_the_minutes_freeze_with_the_signature_block(org, pks_meeting):
    meeting = _complete(org, pks_meeting.meeting)
    sha = meeting.review_sha256
    first = minutes.minutes_adjust(actor=pks_meeting.chair, meeting=meeting, sha256=sha)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    second = minutes.minutes_adjust(actor=pks_meeting.adjuster, meeting=meeting, sha256=sha)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert first.sha256 == second.sha256 == sha
    assert len(first.signature_id) == 22
    version = MinutesVersion.objects.get(meeting=meeting)
    assert version.number == 1 and version.checksum_ok(bytes(version.pdf))
    assert meeting.notice_date is not None


def test_r55_an_edit_after_one_adjustment_voids_it_and_asks_again(org, pks_meeting):
    meeting = _complete(org, pks_meeting.meeting)
    old_sha = meeting.review_sha256
    adjustment = minutes.minutes_adjust(actor=pks_meeting.chair, meeting=meeting, sha256=old_sha)
    paragraph = meeting.paragraphs.get()
    mail.outbox.clear()
    minutes.paragraph_update(actor=org.staff, paragraph=paragraph, text="Rättad text.")
    adjustment.refresh_from_db()
    meeting.refresh_from_db()
    assert adjustment.voided_at is not None
    assert meeting.review_sha256 != old_sha
    # The adjuster still holding the old document cannot adjust it.
    with pytest.raises(DomainError) as refused:
        minutes.minutes_adjust(actor=pks_meeting.adjuster, meeting=meeting, sha256=old_sha)
    assert refused.value.rule == "R55"
    minutes.minutes_adjust(
        actor=pks_meeting.adjuster, meeting=meeting, sha256=meeting.review_sha256
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD  # the chair must adjust again
    minutes.minutes_adjust(actor=pks_meeting.chair, meeting=meeting, sha256=meeting.review_sha256)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert Adjustment.objects.filter(meeting=meeting, voided_at__isnull=True).count() == 2


def test_r55_only_the_chair_and_the_adjusters_adjust(org, pks_meeting):
    meeting = _complete(org, pks_meeting.meeting)
    for person in (org.staff, org.pks_member, org.outsider):
        with pytest.raises(PermissionDenied):
            minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    assert not Adjustment.objects.exists()


def test_r55_frozen_minutes_change_only_by_a_correction_with_a_reason(org, pks_meeting):
    meeting = _complete(org, pks_meeting.meeting)
    for person in (pks_meeting.chair, pks_meeting.adjuster):
        minutes.minutes_adjust(actor=person, meeting=meeting, sha256=meeting.review_sha256)
    paragraph = meeting.paragraphs.get()
    with pytest.raises(DomainError):
        minutes.paragraph_update(actor=org.staff, paragraph=paragraph, text="Ändrad")
    with pytest.raises(DomainError):
        minutes.minutes_correct(actor=org.staff, meeting=meeting, reason=" ")
    version = minutes.minutes_correct(
        actor=org.staff, meeting=meeting, reason="Fel namn", paragraph=paragraph, text="Rättad"
    )
    assert version.number == 2 and version.reason == "Fel namn"
    first = MinutesVersion.objects.get(meeting=meeting, number=1)
    assert first.checksum_ok(bytes(first.pdf))  # the first version stays as it was


def test_r56_last_day_of_appeal_is_three_weeks_after_notice_on_a_weekday():
    import datetime

    from meetings.selectors import last_day_of_appeal

    assert last_day_of_appeal(datetime.date(2025, 5, 23)) == datetime.date(2025, 6, 13)
    # 2025-05-24 is a Saturday: three weeks later is a Saturday too, so Monday.
    assert last_day_of_appeal(datetime.date(2025, 5, 24)) == datetime.date(2025, 6, 16)
