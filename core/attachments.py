"""Attachments: the rules every uploaded file passes, and how one is served.

The content decides, never the name: a file is accepted only when its bytes are
one of the allowed kinds (PDF, Word, Excel, PowerPoint, PNG, JPEG), it is not
empty and not larger than `settings.ATTACHMENT_MAX_BYTES`. A refusal raises a
DomainError with a Swedish message and saves nothing. A file is served only as
a download, with the detected type, after its SHA-256 has been checked.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.domain import record_actor, validate
from core.errors import DomainError
from core.models import Attachment

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# The allowed kinds: content type -> the file name extension it is served with.
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", PNG: "png", JPEG: "jpg"}

# Office Open XML: the main part and its content type in [Content_Types].xml. The
# macro-enabled variants (docm, xlsm, pptm) declare other content types and are refused.
OOXML_MAIN_PARTS = {
    DOCX: (
        "/word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "/xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    PPTX: (
        "/ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# [Content_Types].xml is a few kB; anything far larger is not an Office document.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

ALLOWED_TEXT = _lazy("PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG and JPEG")


class AttachmentCorrupt(DomainError):
    """The stored bytes no longer match their checksum: never served."""


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def detect_content_type(data: bytes) -> str | None:
    """The allowed kind the bytes are, judged on the content only; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _detect_ooxml(data)
    return None


def _detect_ooxml(data: bytes) -> str | None:
    """DOCX, XLSX or PPTX: a zip whose [Content_Types].xml declares the main part, which exists."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError, EOFError):
        return None
    # No document type declarations: nothing to expand (entity bombs), nothing to fetch.
    if b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        return None
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 (DTDs refused above)
    except ElementTree.ParseError:
        return None
    overrides = {
        element.get("PartName", ""): element.get("ContentType", "")
        for element in root.iter(f"{CONTENT_TYPES_NS}Override")
    }
    for content_type, (part, main_type) in OOXML_MAIN_PARTS.items():
        if overrides.get(part) == main_type and part.lstrip("/") in names:
            return content_type
    return None


def clean_file_name(name: str) -> str:
    """The file's own name without any path, control characters or surrounding space."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:200] or "bilaga"


def download_name(attachment: Attachment) -> str:
    """The stored name with the extension of the detected type (a renamed file is not
    saved under a name that makes the computer open it as something else)."""
    stem, dot, extension = attachment.file_name.rpartition(".")
    wanted = EXTENSIONS.get(attachment.content_type, "bin")
    if not dot or not stem:
        return f"{attachment.file_name}.{wanted}"
    if extension.lower() == wanted or (wanted == "jpg" and extension.lower() == "jpeg"):
        return attachment.file_name
    return f"{stem}.{wanted}"


def check_file(*, file_name: str, data: bytes) -> str:
    """The detected content type of an acceptable file; a DomainError with a Swedish message
    otherwise. Checks only, saves nothing (a form can call it before any service runs)."""
    if not data:
        raise DomainError(
            _("The file %(name)s is empty.") % {"name": clean_file_name(file_name)},
            field="attachment",
        )
    if len(data) > max_bytes():
        raise DomainError(
            _(
                "The file %(name)s is too large (%(size)s MB). "
                "An attachment may be at most %(limit)s MB."
            )
            % {
                "name": clean_file_name(file_name),
                "size": _megabytes(len(data)),
                "limit": _megabytes(max_bytes()),
            },
            field="attachment",
        )
    content_type = detect_content_type(data)
    if content_type is None:
        raise DomainError(
            _(
                "The file %(name)s cannot be attached: its content is not an allowed file "
                "type. Allowed files: %(allowed)s."
            )
            % {"name": clean_file_name(file_name), "allowed": ALLOWED_TEXT},
            field="attachment",
        )
    return content_type


def read_upload(upload) -> bytes:
    """An uploaded file's bytes, reading no more than one byte over the limit."""
    upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes():
            break
    return b"".join(chunks)


@transaction.atomic
def attachment_create(*, actor, file_name: str, data: bytes) -> Attachment:
    """Store a checked file with its SHA-256, size, detected type, who and when."""
    content_type = check_file(file_name=file_name, data=data)
    attachment = Attachment(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=clean_file_name(file_name),
        size=len(data),
        content_type=content_type,
        uploaded_by=actor,
    )
    validate(attachment, exclude=["data"])
    record_actor(attachment, actor)
    attachment.save()
    return attachment


def attachment_from_upload(*, actor, upload) -> Attachment:
    """Store an uploaded file (Django's UploadedFile) after the same checks."""
    return attachment_create(actor=actor, file_name=upload.name, data=read_upload(upload))


def attachment_read(*, attachment: Attachment) -> bytes:
    """The stored bytes, only after their checksum matched (AttachmentCorrupt otherwise)."""
    data = bytes(Attachment.objects.filter(pk=attachment.pk).values_list("data", flat=True).get())
    if not attachment.checksum_ok(data):
        logger.error("Attachment %s: the stored bytes do not match their SHA-256", attachment.pk)
        raise AttachmentCorrupt(
            "Filen kan inte hämtas: den har ändrats sedan den lämnades in. "
            "Kontakta Kommunal utveckling."
        )
    return data


def download_response(attachment: Attachment) -> HttpResponse:
    """The file as a download only: its detected type (never HTML), nosniff, private."""
    data = attachment_read(attachment=attachment)
    content_type = attachment.content_type if attachment.content_type in EXTENSIONS else None
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=download_name(attachment)
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
