"""Writes of the minutes: numbered §, assignments, links, digital adjustment, freezing.

- R52: § numbers run per body and calendar year, taken under a row lock on the
  body-year counter when a § is recorded: never repeated, never a gap (a rolled
  back § gives its number back with the transaction).
- R53: a § may give assignments, followed up on later agendas until reported done.
- R54: a § may concern objects of the application and refer a matter to another body.
- R55: the chair and the adjusters adjust the exact minutes PDF (its SHA-256);
  a change voids their adjustments and asks again; once all have adjusted the
  minutes are frozen as a version (bytes, checksum), corrections are new versions.
- R56: the notice date is recorded.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import documents
from core.domain import save_as, validate
from core.errors import DomainError
from meetings import access, mail, pdf
from meetings.models import (
    Adjustment,
    AgendaItem,
    Assignment,
    Meeting,
    MinutesVersion,
    Paragraph,
    ParagraphCounter,
    ParagraphLink,
    Referral,
)
from partnerships import permissions
from partnerships.models import Body

PARAGRAPH_FIELDS = ("title", "presenters", "text", "decision")


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _require_recordable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("The meeting is cancelled."), rule="R50")
    if meeting.is_frozen:
        raise DomainError(
            _("The minutes are adjusted and frozen: make a correction with a reason instead."),
            rule="R55",
        )


def take_number(*, body: Body, year: int) -> int:
    """The next § number of the body's year under a row lock on its counter (R52).

    Must run inside the transaction that saves the §: a second secretary waits
    here until the first one's § is saved (or rolled back, giving the number back).
    """
    ParagraphCounter.objects.bulk_create(
        [ParagraphCounter(body=body, year=year, first_number=1, next_number=1)],
        ignore_conflicts=True,
    )
    counter = ParagraphCounter.objects.select_for_update().get(body=body, year=year)
    number = counter.next_number
    counter.next_number = number + 1
    counter.save(update_fields=["next_number"])
    return number


@transaction.atomic
def paragraph_record(
    *,
    actor,
    meeting: Meeting,
    item: AgendaItem | None = None,
    title: str = "",
    presenters: str = "",
    text: str = "",
    decision: str = "",
) -> Paragraph:
    """Record a § of the minutes with the next number of the body's year (R52, R53)."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_recordable(meeting)
    if item is not None:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.meeting_id != meeting.pk or item.withdrawn:
            raise DomainError(_("The item is withdrawn or not on this agenda."), rule="R51")
        if Paragraph.objects.filter(item=item).exists():
            raise DomainError(_("The item already has a paragraph in the minutes."), rule="R52")
        title = title.strip() or item.title
        presenters = presenters.strip() or item.presenters
    paragraph = Paragraph(
        meeting=meeting,
        body=meeting.body,
        year=meeting.date.year,
        number=0,
        item=item,
        title=title.strip(),
        presenters=presenters.strip(),
        text=text.strip(),
        decision=decision.strip(),
        recorded_by=actor,
    )
    validate(paragraph, exclude=["number"])
    paragraph.number = take_number(body=meeting.body, year=meeting.date.year)
    save_as(paragraph, actor)
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
        save_as(meeting, actor, update_fields=["status"])
    minutes_changed(actor=actor, meeting=meeting)
    return paragraph


@transaction.atomic
def paragraph_update(*, actor, paragraph: Paragraph, **fields) -> Paragraph:
    """Change a § before the minutes are frozen; voids any adjustment made so far (R55)."""
    access.require_prepare(actor, paragraph.meeting.body)
    meeting = _lock(paragraph.meeting)
    _require_recordable(meeting)
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    for name in PARAGRAPH_FIELDS:
        if name in fields:
            setattr(paragraph, name, fields[name].strip())
    validate(paragraph)
    save_as(paragraph, actor)
    minutes_changed(actor=actor, meeting=meeting)
    return paragraph


@transaction.atomic
def other_business_set(*, actor, meeting: Meeting, text: str) -> Meeting:
    """The unnumbered "Övrigt" at the end of the minutes."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_recordable(meeting)
    meeting.other_business = text.strip()
    save_as(meeting, actor, update_fields=["other_business"])
    minutes_changed(actor=actor, meeting=meeting)
    return meeting


# --- Assignments, links, referrals (R53, R54) ----------------------------------------


@transaction.atomic
def assignment_add(
    *,
    actor,
    paragraph: Paragraph,
    owner: str,
    description: str,
    due_date: datetime.date,
    owner_person=None,
) -> Assignment:
    """A § gives an assignment with an owner and a due date (R53)."""
    access.require_prepare(actor, paragraph.body)
    _require_recordable(paragraph.meeting)
    assignment = Assignment(
        paragraph=paragraph,
        owner=owner.strip(),
        owner_person=owner_person,
        description=description.strip(),
        due_date=due_date,
    )
    validate(assignment)
    save_as(assignment, actor)
    return assignment


@transaction.atomic
def assignment_report_done(*, actor, assignment: Assignment, paragraph: Paragraph) -> Assignment:
    """The assignment is reported done in a later § of the same body (R53)."""
    access.require_prepare(actor, assignment.paragraph.body)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.done_at is not None:
        raise DomainError(_("The assignment is already reported done."), rule="R53")
    given = assignment.paragraph
    if paragraph.body_id != given.body_id or (paragraph.year, paragraph.number) <= (
        given.year,
        given.number,
    ):
        raise DomainError(
            _("An assignment is reported done in a later paragraph of the same body."),
            rule="R53",
        )
    assignment.done_at = timezone.now()
    assignment.done_in = paragraph
    save_as(assignment, actor, update_fields=["done_at", "done_in"])
    return assignment


@transaction.atomic
def paragraph_link_add(*, actor, paragraph: Paragraph, target) -> ParagraphLink:
    """The § concerns an object of the application, whose page then shows it (R54)."""
    access.require_prepare(actor, paragraph.body)
    link, _created = ParagraphLink.objects.get_or_create(
        paragraph=paragraph,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        defaults={"label": str(target)[:300]},
    )
    return link


@transaction.atomic
def referral_add(
    *, actor, paragraph: Paragraph, to_body: Body, title: str, note: str = ""
) -> Referral:
    """Refer the matter to another body's agenda (R54); its next new meeting lists it."""
    access.require_prepare(actor, paragraph.body)
    if to_body.pk == paragraph.body_id:
        raise DomainError(_("Refer the matter to another body."), field="to_body", rule="R54")
    referral = Referral(
        paragraph=paragraph, to_body=to_body, title=title.strip(), note=note.strip()
    )
    validate(referral)
    save_as(referral, actor)
    return referral


# --- Completing, adjusting, freezing (R55, R56) ---------------------------------------


def required_signers(meeting: Meeting) -> list[tuple[int, str]]:
    """(person id, role) of everyone who must adjust: the chair and each adjuster."""
    signers = [(meeting.chair_id, Adjustment.Role.CHAIR)] if meeting.chair_id else []
    signers += [
        (pk, Adjustment.Role.ADJUSTER) for pk in meeting.adjusters.values_list("pk", flat=True)
    ]
    return signers


def _render_review(meeting: Meeting) -> None:
    data = pdf.render_minutes(meeting, draft=False)
    meeting.review_pdf = data
    meeting.review_sha256 = hashlib.sha256(data).hexdigest()


def minutes_changed(*, actor, meeting: Meeting) -> None:
    """After a change to complete minutes: void the adjustments made and ask again (R55)."""
    if meeting.minutes_completed_at is None or meeting.is_frozen:
        return
    voided = list(meeting.adjustments.filter(voided_at__isnull=True))
    for adjustment in voided:
        adjustment.voided_at = timezone.now()
        save_as(adjustment, actor, update_fields=["voided_at"])
    _render_review(meeting)
    save_as(meeting, actor, update_fields=["review_pdf", "review_sha256"])
    mail.minutes_to_adjust(meeting=meeting, again=bool(voided))


@transaction.atomic
def minutes_complete(*, actor, meeting: Meeting) -> Meeting:
    """The secretary marks the minutes complete: the chair and adjusters are asked (R55)."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    _require_recordable(meeting)
    if meeting.minutes_completed_at:
        raise DomainError(_("The minutes are already complete."), rule="R55")
    if not meeting.paragraphs.exists():
        raise DomainError(_("The minutes have no paragraphs yet."), rule="R52")
    if not meeting.chair_id or not meeting.adjusters.exists():
        raise DomainError(_("Choose the chair and at least one adjuster first."), rule="R55")
    meeting.minutes_completed_at = timezone.now()
    meeting.status = Meeting.Status.HELD
    _render_review(meeting)
    save_as(
        meeting,
        actor,
        update_fields=["minutes_completed_at", "status", "review_pdf", "review_sha256"],
    )
    mail.minutes_to_adjust(meeting=meeting, again=False)
    return meeting


@transaction.atomic
def minutes_adjust(*, actor, meeting: Meeting, sha256: str) -> Adjustment:
    """Adjust the minutes exactly as shown (R55): the SHA-256 the person saw must still hold.

    When the chair and every adjuster have adjusted, the minutes are frozen.
    """
    role = access.require_adjust(actor, meeting)
    meeting = _lock(meeting)
    _require_recordable(meeting)
    if meeting.minutes_completed_at is None:
        raise DomainError(_("The minutes are not complete yet."), rule="R55")
    if not sha256 or sha256 != meeting.review_sha256:
        raise DomainError(
            _("The minutes have changed since you opened them. Read them again and adjust."),
            rule="R55",
        )
    if meeting.adjustments.filter(person=actor, role=role, voided_at__isnull=True).exists():
        raise DomainError(_("You have already adjusted these minutes."), rule="R55")
    adjustment = Adjustment(
        meeting=meeting,
        person=actor,
        name=actor.get_full_name() or actor.username,
        role=role,
        sha256=sha256,
        signature_id=secrets.token_urlsafe(16),
    )
    save_as(adjustment, actor)
    valid = set(meeting.adjustments.filter(voided_at__isnull=True).values_list("person_id", "role"))
    if set(required_signers(meeting)) <= valid:
        _freeze(actor, meeting, reason="")
    return adjustment


def valid_adjustments(meeting: Meeting):
    # The chair first, then the adjusters as they adjusted ("chair" sorts after "adjuster").
    return meeting.adjustments.filter(voided_at__isnull=True).order_by("-role", "adjusted_at")


def _freeze(actor, meeting: Meeting, *, reason: str) -> MinutesVersion:
    """Store the minutes as a frozen version with the signature block (R55, R42)."""
    number = (meeting.minutes_versions.aggregate(m=Max("number"))["m"] or 0) + 1
    if meeting.notice_date is None:
        meeting.notice_date = permissions.today()
    meeting.status = Meeting.Status.ADJUSTED
    save_as(meeting, actor, update_fields=["status", "notice_date"])
    data, html = pdf.render_minutes_documents(
        meeting, signatures=list(valid_adjustments(meeting)), version_number=number
    )
    version = MinutesVersion(
        meeting=meeting,
        number=number,
        pdf=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        reason=reason,
        frozen_by=actor,
        **documents.twin_fields(html),  # the web twin in the same INSERT (issue 15)
    )
    save_as(version, actor)
    return version


@transaction.atomic
def minutes_correct(
    *, actor, meeting: Meeting, reason: str, paragraph: Paragraph | None = None, **fields
) -> MinutesVersion:
    """Correct adjusted minutes (R55, as R42): a new version with its reason, never in place."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    if not meeting.is_frozen:
        raise DomainError(_("Only adjusted minutes are corrected with a new version."), rule="R55")
    if not reason.strip():
        raise DomainError(_("Give the reason for the correction."), field="reason", rule="R55")
    if paragraph is not None:
        paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk, meeting=meeting)
        for name in PARAGRAPH_FIELDS:
            if name in fields:
                setattr(paragraph, name, fields[name].strip())
        validate(paragraph)
        save_as(paragraph, actor)
    return _freeze(actor, meeting, reason=reason.strip())


@transaction.atomic
def notice_set(*, actor, meeting: Meeting, notice_date: datetime.date) -> Meeting:
    """The day the adjusted minutes were posted on the notice board (anslag, R56)."""
    access.require_prepare(actor, meeting.body)
    meeting = _lock(meeting)
    if not meeting.is_frozen:
        raise DomainError(_("The notice is posted after the minutes are adjusted."), rule="R56")
    meeting.notice_date = notice_date
    validate(meeting, exclude=["review_pdf"])
    save_as(meeting, actor, update_fields=["notice_date"])
    return meeting


def minutes_web_twin(*, actor, version: MinutesVersion):
    """The checked web twin of a frozen minutes version (issue 15), for those who may read
    the minutes PDF. Raises `documents.TwinChecksumMismatch` if it no longer matches (R42)."""
    if not access.may_read_minutes(actor, version.meeting):
        raise PermissionDenied
    return documents.verified_twin(version)
