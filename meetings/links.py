"""Writes for the pages of meetings/views_more.py: links from a § (R54), referrals to
another body's meeting (R54), cancelling a meeting (R50) and correcting adjusted
minutes (R55). Each service guards its actor first; a refusal changes nothing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from core.domain import save_as, validate
from core.errors import DomainError
from meetings import access, linkables, services
from meetings.models import AgendaItem, Meeting, Paragraph, ParagraphLink, Referral
from partnerships import permissions
from partnerships.models import Body


@transaction.atomic
def link_add(*, actor, paragraph: Paragraph, kind_key: str, object_id) -> ParagraphLink:
    """The § concerns an object of a partnership the actor manages (R54)."""
    access.require_prepare(actor, paragraph.body)
    kind = linkables.get(kind_key)
    target = None
    if kind is not None and str(object_id).isdigit():
        target = linkables.choices_for(actor, kind).filter(pk=int(object_id)).first()
    if target is None:
        raise DomainError(_("Choose an object of a partnership you manage."), rule="R54")
    link, _created = ParagraphLink.objects.get_or_create(
        paragraph=paragraph,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        defaults={"label": f"{kind.label}: {target}"[:300]},
    )
    return link


@transaction.atomic
def link_remove(*, actor, link: ParagraphLink) -> None:
    """Remove a link from a § (R54); the object's page no longer shows the decision."""
    access.require_prepare(actor, link.paragraph.body)
    ParagraphLink.objects.filter(pk=link.pk).delete()


def upcoming_meetings(body: Body):
    """The body's planned meetings from today, for a referral (R54)."""
    return Meeting.objects.filter(
        body=body, status=Meeting.Status.PLANNED, date__gte=permissions.today()
    ).order_by("date", "start_time")


@transaction.atomic
def refer(
    *,
    actor,
    paragraph: Paragraph,
    to_body: Body,
    title: str,
    note: str = "",
    to_meeting: Meeting | None = None,
) -> Referral:
    """Refer the § to another body's agenda (R54), e.g. "informera Kommunalt forum".

    With a meeting, the item goes on that meeting's agenda now; without, on the
    body's next new meeting. The office must prepare both bodies.
    """
    access.require_prepare(actor, paragraph.body)
    access.require_prepare(actor, to_body)
    if to_body.pk == paragraph.body_id:
        raise DomainError(_("Refer the matter to another body."), field="to_body", rule="R54")
    if to_meeting is not None and not upcoming_meetings(to_body).filter(pk=to_meeting.pk).exists():
        raise DomainError(
            _("Choose a planned, upcoming meeting of that body."), field="to_meeting", rule="R54"
        )
    referral = Referral(
        paragraph=paragraph, to_body=to_body, title=title.strip(), note=note.strip()
    )
    validate(referral)
    save_as(referral, actor)
    if to_meeting is not None:
        meeting = Meeting.objects.select_for_update().get(pk=to_meeting.pk)
        item = services.agenda_item_add(
            actor=actor,
            meeting=meeting,
            title=referral.title,
            kind=AgendaItem.Kind.INCOMING,
            background=referral.note,
        )
        item.referral = referral
        save_as(item, actor, update_fields=["referral"])
    return referral
