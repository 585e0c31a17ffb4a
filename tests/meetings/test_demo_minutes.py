"""The demo's PKS minutes of 2025-05-08 (seed 004) through `render_minutes` (R52, R55)."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.test import override_settings

from meetings import demo as meetings_demo
from meetings.models import Meeting, ParagraphLink
from partnerships import demo as partnerships_demo

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture
def demo(db):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        context = partnerships_demo.seed()
        meetings_demo.seed(**context)
    return context


def test_demo_minutes_render_with_every_paragraph_the_decisions_and_the_signatures(demo, tmp_path):
    output = tmp_path / "pks.pdf"
    call_command("render_minutes", "--body", "pks", "--date", "2025-05-08", "--output", str(output))
    text = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(output), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    positions = [text.index(f"§ {n} ") for n in range(92, 107)]
    assert positions == sorted(positions)
    assert "§ 92–106" in text and "Justerare" in text and "UTKAST" not in text
    flat = re.sub(r"\s+", " ", text)
    assert "att ställa sig bakom att Kommunal utveckling genomför förändringen" in flat
    assert "PKS meddelar Regionen detta." in flat
    assert "Camilla Bergqvist ledamot, Eksjö Deltar digitalt" in flat  # a row of the table
    # The signature block: name, role, a short signature id and UTC time per adjustment.
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    signed = list(meeting.adjustments.filter(voided_at__isnull=True).order_by("-role"))
    assert [(a.name, a.role) for a in signed] == [
        ("Thomas Dahl", "chair"),
        ("Kerstin Hellström", "adjuster"),
    ]
    block = flat[flat.index("Underskrifter") :]
    for adjustment in signed:
        stamp = adjustment.adjusted_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        assert adjustment.name in block and stamp in block
        assert len(adjustment.signature_id) == 22 and adjustment.signature_id in block
    assert "Ordförande" in block and "Justerare" in block and "Vid protokollet" in block


def test_demo_paragraph_98_concerns_the_agreement_and_the_demo_is_idempotent(demo):
    meeting = Meeting.objects.get(body__slug="pks", date="2025-05-08")
    assert meeting.status == Meeting.Status.ADJUSTED
    link = ParagraphLink.objects.get(paragraph__meeting=meeting)
    assert link.paragraph.number == 98 and link.target == demo["agreement"]
    assert demo["agreement"].reference.endswith("§ 98")
    assert meeting.attendance.filter(status="digital").count() == 1
    count = Meeting.objects.count()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        meetings_demo.seed(**demo)
    assert Meeting.objects.count() == count
