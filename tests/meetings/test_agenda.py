"""R51: the agenda: PKS standing items, moving, withdrawing, sending versions, attachments."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.errors import DomainError
from core.models import Attachment
from meetings import services
from meetings.models import AgendaItem, AgendaVersion

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _titles(meeting):
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def test_r51_a_pks_agenda_starts_with_the_standing_items_of_seed_004(pks_meeting):
    assert _titles(pks_meeting.meeting) == [
        "Inledning",
        "Justerare",
        "Fastställande av föredragningslistan",
        "Genomgång av ärenden på kommande Kommunalt forums dagordning",
        "Inkomna ärenden",
        "Anmälningsärenden",
    ]


def test_r51_new_items_go_before_the_closing_standing_items_and_move(org, pks_meeting):
    meeting = pks_meeting.meeting
    item = services.agenda_item_add(actor=org.staff, meeting=meeting, title="IT-spåret")
    assert _titles(meeting)[3] == "IT-spåret"
    services.agenda_item_move(actor=org.staff, item=item, up=True)
    assert _titles(meeting)[2:4] == ["IT-spåret", "Fastställande av föredragningslistan"]
    services.agenda_item_move(actor=org.staff, item=item, up=False)
    assert _titles(meeting)[3] == "IT-spåret"


def test_r51_only_the_office_builds_the_agenda(org, pks_meeting):
    for person in (org.pks_member, pks_meeting.chair, org.outsider):
        with pytest.raises(PermissionDenied):
            services.agenda_item_add(actor=person, meeting=pks_meeting.meeting, title="X")
    assert not AgendaItem.objects.filter(title="X").exists()


def test_r51_sending_makes_version_one_and_a_change_makes_version_two(org, pks_meeting):
    meeting = pks_meeting.meeting
    services.agenda_send(actor=org.staff, meeting=meeting)
    with pytest.raises(DomainError):
        services.agenda_send(actor=org.staff, meeting=meeting)
    item = meeting.items.get(title="Inkomna ärenden")
    services.agenda_item_withdraw(actor=org.staff, item=item)
    meeting.refresh_from_db()
    assert meeting.agenda_changed
    second = services.agenda_send(actor=org.staff, meeting=meeting)
    assert second.number == 2
    assert bytes(second.pdf).startswith(b"%PDF")
    assert [i["withdrawn"] for i in second.items if i["title"] == "Inkomna ärenden"] == [True]
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 2


def test_attachments_an_html_or_svg_upload_is_refused_and_nothing_saved(org, pks_meeting):
    for name, data in (
        ("presentation.html", b"<html><script>alert(1)</script></html>"),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("forklad.pdf", b"<script>alert(1)</script>"),
    ):
        with pytest.raises(DomainError) as refused:
            services.agenda_item_add(
                actor=org.staff,
                meeting=pks_meeting.meeting,
                title="Med bilaga",
                uploads=[SimpleUploadedFile(name, data)],
            )
        assert "inte en tillåten filtyp" in refused.value.message
    assert not AgendaItem.objects.filter(title="Med bilaga").exists()
    assert not Attachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_attachments_a_file_over_the_limit_is_refused_in_swedish_and_nothing_half_saved(
    org, pks_meeting
):
    good = SimpleUploadedFile("liten.pdf", PDF)
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2048)
    with pytest.raises(DomainError) as refused:
        services.agenda_item_add(
            actor=org.staff, meeting=pks_meeting.meeting, title="Två bilagor", uploads=[good, big]
        )
    assert "för stor" in refused.value.message
    assert not AgendaItem.objects.filter(title="Två bilagor").exists()
    assert not Attachment.objects.exists()


def test_attachments_are_kept_with_their_sha256(org, pks_meeting):
    item = services.agenda_item_add(
        actor=org.staff,
        meeting=pks_meeting.meeting,
        title="Med bilaga",
        uploads=[SimpleUploadedFile("tjansteskrivelse.pdf", PDF)],
    )
    attachment = item.attachments.get()
    assert attachment.checksum_ok(PDF) and attachment.content_type == "application/pdf"
