"""Which literal words a regular expression's matches must start with, so that a pattern
whose words occur nowhere in a session need not be run over it (see TextIndex.find_regex).
"""

from __future__ import annotations

import re
from functools import lru_cache

_LITERAL = re.compile(r"[a-z0-9 '/-]+")


@lru_cache(maxsize=1024)
def literal_anchors(pattern: str) -> tuple[str, ...] | None:
    """Literal text one of which every match of pattern starts with, or None when that
    cannot be read off the pattern: r"\\b(?:sends?|keeps?) the" -> ("send", "keep")."""
    branches = _top_level_branches(pattern)
    if len(branches) > 1:
        found = [literal_anchors(b) for b in branches]
        if any(a is None for a in found):
            return None
        return tuple(a for anchors in found if anchors for a in anchors)
    body = pattern.removeprefix("\\b")
    alternatives = [body]
    if body.startswith("(?:"):
        group = _first_group(body)
        if group is None:
            return None
        alternatives, after = group
        if after[:1] in ("?", "*", "{"):
            return None  # the group is optional
    anchors = []
    for alternative in alternatives:
        literal = _LITERAL.match(alternative)
        text = literal.group() if literal else ""
        if text and alternative[len(text) : len(text) + 1] in ("?", "*", "{"):
            text = text[:-1]  # "sends?": the last letter is optional
        if len(text.strip()) < 2:
            return None
        anchors.append(text)
    return tuple(anchors)


def _top_level_branches(pattern: str) -> list[str]:
    """pattern split at the "|" that are outside every group and character class."""
    depth, start, branches, i = 0, 0, [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*branches, pattern[start:]]


def _first_group(body: str) -> tuple[list[str], str] | None:
    """Top-level alternatives of the (?:...) group that opens body, and what follows it."""
    depth, start, alternatives = 0, 3, []
    i = 3
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                alternatives.append(body[start:i])
                return alternatives, body[i + 1 :]
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(body[start:i])
            start = i + 1
        i += 1
    return None
