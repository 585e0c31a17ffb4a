"""Text of a PDF for assertions: pdftotext -layout when installed (keeps table rows on
one line), else pypdf. Non-breaking spaces become plain spaces."""

import io
import shutil
import subprocess

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 - fixed executable, bytes on stdin
            [pdftotext, "-layout", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
    else:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def line_with(text: str, *parts: str) -> str | None:
    """The first line holding every part, or None."""
    for line in text.splitlines():
        if all(part in line for part in parts):
            return line
    return None
