"""A gate decision's § in the owning tactical group's adjusted minutes (R14, R54)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import DomainError
from meetings import selectors as meeting_selectors


def gate_paragraphs(project):
    """The § a gate decision may point to: the owning tactical group's adjusted minutes."""
    return meeting_selectors.adjusted_paragraphs([project.portfolio.tactical_group_id])


def reference_for(project, paragraph, minutes_reference: str) -> str:
    """The minutes reference, from the § ("TS IFO 2026-03-04 § 3") when none is typed.

    Refuses a § that is not of the group's adjusted minutes (R14).
    """
    if paragraph is None:
        return minutes_reference
    if not gate_paragraphs(project).filter(pk=paragraph.pk).exists():
        raise DomainError(
            _("Choose a § of the tactical group's adjusted minutes."),
            rule="R14",
            field="paragraph",
        )
    return minutes_reference.strip() or meeting_selectors.paragraph_reference(paragraph)
