"""Attachments (core/attachments.py): the content decides, a refusal saves nothing, and a
file is served only as a checked download."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import attachments
from core.errors import DomainError
from core.models import Attachment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64

MAIN_PARTS = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office(kind, *, content_type=None, with_part=True, prolog=""):
    """A minimal Office Open XML package of `kind`, as Word/Excel/PowerPoint write them."""
    part, suffix = MAIN_PARTS[kind]
    content_type = content_type or f"application/vnd.openxmlformats-officedocument.{suffix}"
    types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        if with_part:
            archive.writestr(part, "<document/>")
    return buffer.getvalue()


@pytest.fixture
def staff(db):
    return UserFactory(username="kansli-bilagor")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("protokoll.pdf", PDF, attachments.PDF),
        ("bild.png", PNG, attachments.PNG),
        ("foto.jpg", JPEG, attachments.JPEG),
        ("utdrag.docx", office("docx"), attachments.DOCX),
        ("budget.xlsx", office("xlsx"), attachments.XLSX),
        ("bilder.pptx", office("pptx"), attachments.PPTX),
    ],
)
def test_allowed_types_are_stored_with_checksum_size_type_and_who(staff, name, data, expected):
    attachment = attachments.attachment_create(actor=staff, file_name=name, data=data)
    attachment.refresh_from_db()
    assert attachment.content_type == expected
    assert bytes(attachment.data) == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert attachment.file_name == name
    assert attachment.uploaded_by == staff
    assert attachment.history.latest().history_user == staff


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sida.html", HTML),
        ("logga.svg", SVG),
        ("protokoll.pdf", EXE),  # a renamed program: the name says PDF, the content does not
        ("protokoll.pdf", HTML),  # a renamed web page
        ("utdrag.docx", b"PK\x03\x04 not really a zip"),
        (
            "makro.docm",
            office("docx", content_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
        ),
        ("tom.docx", office("docx", with_part=False)),  # declares a main part it lacks
        ("bomb.docx", office("docx", prolog='<!DOCTYPE Types [<!ENTITY a "aaaa">]>')),
        ("anteckning.txt", b"Hej"),
    ],
)
def test_other_content_is_refused_whatever_its_name_and_nothing_is_saved(staff, name, data):
    with pytest.raises(DomainError) as refused:
        attachments.attachment_create(actor=staff, file_name=name, data=data)
    assert "inte en tillåten filtyp" in refused.value.message
    assert "PDF" in refused.value.message
    assert not Attachment.objects.exists()


def test_an_empty_file_is_refused(staff):
    with pytest.raises(DomainError, match="är tom"):
        attachments.attachment_create(actor=staff, file_name="tom.pdf", data=b"")
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_in_swedish_and_nothing_is_saved(staff, settings):
    settings.ATTACHMENT_MAX_BYTES = 3 * 1024 * 1024
    data = PDF + b"0" * (3 * 1024 * 1024)
    upload = SimpleUploadedFile("stort.pdf", data, content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        attachments.attachment_from_upload(actor=staff, upload=upload)
    assert refused.value.message == (
        "Filen stort.pdf är för stor (3 MB). En bilaga får vara högst 3 MB."
    )
    assert not Attachment.objects.exists()


def test_the_default_limit_is_25_mb(settings):
    assert settings.ATTACHMENT_MAX_BYTES == 25 * 1024 * 1024


def test_a_file_at_the_limit_is_accepted(staff, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF)
    attachment = attachments.attachment_create(actor=staff, file_name="a.pdf", data=PDF)
    assert attachment.size == settings.ATTACHMENT_MAX_BYTES


def test_an_upload_is_checked_on_its_content_not_its_declared_type(staff):
    upload = SimpleUploadedFile("utdrag.pdf", HTML, content_type="application/pdf")
    with pytest.raises(DomainError):
        attachments.attachment_from_upload(actor=staff, upload=upload)
    assert not Attachment.objects.exists()


def test_the_file_name_loses_any_path_and_control_characters(staff):
    attachment = attachments.attachment_create(
        actor=staff, file_name="C:\\Users\\x\\..\\proto\x00koll\n.pdf", data=PDF
    )
    assert attachment.file_name == "protokoll.pdf"


def test_download_is_an_attachment_with_the_detected_type_and_nosniff(staff):
    attachment = attachments.attachment_create(actor=staff, file_name="utdrag.pdf", data=PDF)
    response = attachments.download_response(attachment)
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="utdrag.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))
    assert "no-store" in response["Cache-Control"]


def test_a_renamed_file_downloads_under_the_extension_of_its_content(staff):
    attachment = attachments.attachment_create(actor=staff, file_name="utdrag.html", data=PDF)
    response = attachments.download_response(attachment)
    assert response["Content-Disposition"] == 'attachment; filename="utdrag.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_swedish_file_name_is_kept_in_the_download(staff):
    attachment = attachments.attachment_create(
        actor=staff, file_name="Protokollsutdrag nämnd.docx", data=office("docx")
    )
    response = attachments.download_response(attachment)
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "n%C3%A4mnd.docx" in response["Content-Disposition"]


def test_a_checksum_mismatch_is_never_served(staff):
    attachment = attachments.attachment_create(actor=staff, file_name="utdrag.pdf", data=PDF)
    Attachment.objects.filter(pk=attachment.pk).update(data=b"%PDF-1.7 forged")
    with pytest.raises(attachments.AttachmentCorrupt, match="har ändrats"):
        attachments.download_response(attachment)
