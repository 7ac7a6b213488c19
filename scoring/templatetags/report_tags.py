"""Report wording: human names for slugs, highlighted evidence, links into the replay."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SECTION_NAMES = {
    "requirements": "Requirements",
    "estimates": "Estimates",
    "api": "API",
    "data_model": "Data model",
    "deep_dive": "Deep dive",
    "free": "Free notes",
}
DECLINED_WORDS = {"refused": "refused", "deferred": "deferred", "rejected": "rejected"}


@register.filter
def humanize_slug(value: object) -> str:
    """'single_point_of_failure' -> 'Single point of failure'."""
    text = str(value or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def section_name(value: object) -> str:
    """A notes section's name as the room shows it ('deep_dive' -> 'Deep dive')."""
    return SECTION_NAMES.get(str(value), humanize_slug(value))


@register.filter
def declined_word(value: object) -> str:
    return DECLINED_WORDS.get(str(value), "not counted")


@register.filter
def highlighted(record: Any) -> SafeString:
    """The record's text, escaped, with its matched words in <mark>."""
    text = str(record.get("text", "")) if isinstance(record, dict) else ""
    spans = sorted(
        (a, b)
        for a, b in (record.get("highlights") or [] if isinstance(record, dict) else [])
        if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)
    )
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def highlight_target(record: dict[str, Any]) -> str:
    """What the replay should highlight for this record ('' when nothing can be)."""
    source = record.get("source")
    if source == "notes":
        return f"notes:{record.get('section')}:{record.get('line')}"
    if source == "chat":
        return f"chat:{record.get('seq')}"
    if source == "diagram":
        if record.get("nodes"):
            return f"node:{record['nodes'][0]}"
        if record.get("edges"):
            return f"edge:{record['edges'][0]}"
    return ""


@register.simple_tag
def replay_href(session: Any, record: Any) -> str:
    """The replay at the moment the record's line, element or message appeared, with it
    highlighted; '' for records without a seq (reports made before seqs were recorded)."""
    if not isinstance(record, dict) or not isinstance(record.get("seq"), int):
        return ""
    query = {"seq": record["seq"], "highlight": highlight_target(record)}
    return f"{reverse('interviews:replay', args=[session.pk])}?{urlencode(query)}"


@register.simple_tag
def tag_link(session: Any, tag: str, result: Any, names: dict[str, str]) -> SafeString:
    """A scorecard comment's tag: the component or phase by name, linked to the replay where
    the component appeared or the phase began (when the report knows that seq)."""
    name = names.get(tag)
    if not name:
        return mark_safe("")
    kind, _, ref = tag.partition(":")
    seq: Any = None
    highlight = ""
    if kind == "component":
        seq = ((result or {}).get("diagram") or {}).get("component_seqs", {}).get(ref)
        highlight = f"node:{ref}"
    elif kind == "phase":
        phases = ((result or {}).get("process") or {}).get("phases", [])
        seq = next((p.get("started_seq") for p in phases if p.get("slug") == ref), None)
    text = escape(f"about {'the phase ' if kind == 'phase' else ''}{name}")
    if not isinstance(seq, int):
        return mark_safe(f'<span class="tag">{text}</span>')  # noqa: S308 - escaped above
    query = {"seq": seq, **({"highlight": highlight} if highlight else {})}
    href = f"{reverse('interviews:replay', args=[session.pk])}?{urlencode(query)}"
    return mark_safe(f'<a class="tag ev-link" href="{escape(href)}">{text}</a>')  # noqa: S308
