"""Which words of a sentence only name qualities instead of addressing them.

Naming
------
A sentence names qualities instead of addressing them when it has requirement framing and
at most one other content word ("the platform must be secure"), and a segment is naming when
it is nothing but quality names, as in a bare list: "Non-functional requirements: strongly
consistent, durable" or "NFRs: highly available, low latency".
"""

from __future__ import annotations

from .text import NFR_NAME_STEMS, Token
from .vocabulary import (
    GENERIC_SUBJECTS,
    LIST_HEADER_WORDS,
    QUALITY_MODIFIERS,
    REQUIREMENT_FRAME,
    STOPWORDS,
)


def is_naming_statement(tokens: tuple[Token, ...]) -> bool:
    """True for sentences that name qualities instead of addressing them.

    A naming statement has requirement framing (should/must/important/...), no number, and
    apart from quality names, small words and a generic subject at most one content word
    is left: "The leaderboard should be scalable and highly available" (left: leaderboard),
    "Security is really important for a platform like this" (left: platform).
    """
    raws = {t.raw for t in tokens}
    if not raws & REQUIREMENT_FRAME or any(t.raw[0].isdigit() for t in tokens):
        return False
    content = [
        t
        for t in tokens
        if t.raw not in STOPWORDS
        and t.raw not in REQUIREMENT_FRAME
        and t.raw not in GENERIC_SUBJECTS
        and t.stem not in NFR_NAME_STEMS
    ]
    return len(content) <= 1


def naming_segments(tokens: tuple[Token, ...]) -> frozenset[int]:
    """Token indices of segments made of nothing but quality names (a bare list of NFRs),
    with the list's header: "Non-functional requirements: strongly consistent, durable"."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, token in enumerate(tokens):
        groups.setdefault((token.clause, token.segment), []).append(i)
    naming: set[int] = set()
    header: list[int] = []
    for indices in groups.values():
        words = [tokens[i] for i in indices]
        if all(t.raw in LIST_HEADER_WORDS or t.raw in STOPWORDS for t in words):
            header += indices
        elif _only_quality_names(words):
            naming.update(indices)
    if naming:
        naming.update(header)
    return frozenset(naming)


def _only_quality_names(words: list[Token]) -> bool:
    named = False
    for token in words:
        if token.raw[0].isdigit() or token.code:
            return False
        if token.stem in NFR_NAME_STEMS:
            named = True
        elif not (
            token.raw in STOPWORDS
            or token.raw in QUALITY_MODIFIERS
            or token.raw in REQUIREMENT_FRAME
            or token.raw in GENERIC_SUBJECTS
            or token.raw in LIST_HEADER_WORDS
        ):
            return False
    return named
