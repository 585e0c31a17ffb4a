"""A committee decision recorded by staff is told to the municipality (R15; security:
the municipality sees what is done in its name), with the committee's minutes extract."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Attachment
from matters import services as matter_services
from matters.models import MatterDecision
from partnerships.models import MunicipalityEvent
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _post(client, matter, org, **extra):
    data = {"municipality": org.aneby.pk, "verdict": "approve", "committee_reference": "SN § 3"}
    data.update(extra)
    return client.post(reverse("matters:matter_committee_decision", args=[matter.pk]), data)


def test_r15_committee_decision_with_extract_is_an_event_and_a_mail(
    client, org, proj, django_capture_on_commit_callbacks
):
    matter = ready_request(org, proj.project)
    mail.outbox = []
    client.force_login(org.staff)
    extract = SimpleUploadedFile("utdrag.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, matter, org, attachment=extract)

    assert response.status_code == 302
    decision = MatterDecision.objects.get()
    event = MunicipalityEvent.objects.get(kind=MunicipalityEvent.Kind.COMMITTEE_DECISION)
    assert event.kind == MunicipalityEvent.Kind.COMMITTEE_DECISION
    assert "SN § 3" in event.summary and bytes(event.attachment.data) == PDF
    assert event.actor == org.staff and decision.channel == "committee"
    assert org.socialchef_aneby.email in [address for m in mail.outbox for address in m.to]


def test_r15_a_refused_extract_leaves_nothing_saved(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    html = SimpleUploadedFile("utdrag.pdf", b"<html><script>alert(1)</script></html>")

    response = _post(client, matter, org, attachment=html)

    assert response.status_code == 200
    assert "tillåten filtyp" in response.content.decode()
    assert not MatterDecision.objects.exists()
    assert (
        not MunicipalityEvent.objects.filter(kind="committee_decision").exists()
        and not Attachment.objects.exists()
    )


def test_r31_a_superuser_without_an_office_seat_records_no_committee_decision(org, proj):
    matter = ready_request(org, proj.project)
    root = get_user_model().objects.create_user("rot", is_superuser=True, is_staff=True)

    with pytest.raises(PermissionDenied):
        matter_services.matter_decide(
            actor=root,
            matter=matter,
            municipality=org.aneby,
            verdict="approve",
            committee_reference="SN § 3",
        )

    assert (
        not MatterDecision.objects.exists()
        and not MunicipalityEvent.objects.filter(kind="committee_decision").exists()
    )
