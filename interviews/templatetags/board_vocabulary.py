"""The board's vocabulary for templates, from its one definition in ``interviews.board``."""

from __future__ import annotations

from django import template

from ..board import NOTE_SECTION_LIST, NoteSection

register = template.Library()


@register.simple_tag
def note_sections() -> tuple[NoteSection, ...]:
    """The notes sections in tab order (slug, label, placeholder)."""
    return NOTE_SECTION_LIST
