"""Clause-level reading of a line: its sentences, what is declined, what only names a quality.

Each sentence carries its tokens (text.py), the scope of every refusal, deferral and
rejection in it (scope.py), which of its words only name qualities (naming.py), whether
it is a question, and its prose: the text the paraphrase patterns read, with identifiers
blanked out and misspellings replaced by the word they stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .naming import is_naming_statement, naming_segments
from .scope import Scope, carried_refusal, scopes
from .text import Token, normalise, tokenize

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class Sentence:
    text: str
    lower: str  # normalised, lower-cased text
    prose: str  # lower with identifiers blanked out, for the regular expressions
    offset: int  # character offset of the sentence in its line
    tokens: tuple[Token, ...]
    naming: bool  # only names qualities ("it should be scalable and secure")
    naming_tokens: frozenset[int] = frozenset()
    scope: tuple[Scope, ...] = ()
    question: bool = False
    # prose index -> index in the sentence text (misspellings are corrected in prose, so
    # the two differ in length); empty when they are the same
    prose_map: tuple[int, ...] = ()


@lru_cache(maxsize=16384)
def split_sentences(line: str) -> tuple[Sentence, ...]:
    """Sentences of one line with their scopes; offsets stay relative to the line."""
    tokens_of_line = tokenize(line)
    sentences: list[Sentence] = []
    carried: str | None = None  # a refusal carried over from the previous sentence
    start = 0
    for boundary in [*SENTENCE_END_RE.finditer(line), None]:
        end = boundary.start() if boundary else len(line)
        text = line[start:end]
        if text.strip():
            tokens = _renumber([t for t in tokens_of_line if start <= t.start < end])
            lower = normalise(text)
            scope = scopes(tokens, carried)
            naming = is_naming_statement(tokens)
            prose, prose_map = _prose(lower, tokens, start)
            sentences.append(
                Sentence(
                    text, lower, prose, start, tokens, naming,
                    frozenset(range(len(tokens))) if naming else naming_segments(tokens),
                    scope, text.strip().endswith("?"), prose_map,
                )
            )  # fmt: skip
            carried = carried_refusal(tokens)
        start = boundary.end() if boundary else len(line)
    return tuple(sentences)


def _renumber(tokens: list[Token]) -> tuple[Token, ...]:
    """Clause and segment numbers restart in each sentence."""
    if not tokens:
        return ()
    c0, s0 = tokens[0].clause, tokens[0].segment
    return tuple(
        Token(
            t.raw,
            t.stem,
            t.start,
            t.end,
            t.clause - c0,
            t.hyphen_next,
            t.segment - s0,
            t.code,
            t.fixed,
        )  # fmt: skip
        for t in tokens
    )


def _prose(lower: str, tokens: tuple[Token, ...], offset: int) -> tuple[str, tuple[int, ...]]:
    """The text the regular expressions read: identifiers blanked, misspelled words
    replaced by the word they stand for, with a map back to the sentence's characters."""
    chars = list(lower)
    for token in tokens:
        if token.code:
            for i in range(token.start - offset, min(len(chars), token.end - offset)):
                chars[i] = " "
    fixes = [t for t in tokens if t.fixed and not t.code]
    if not fixes:
        return "".join(chars), ()
    pieces: list[str] = []
    mapping: list[int] = []
    cursor = 0
    for token in fixes:
        start, end = token.start - offset, token.end - offset
        pieces.append("".join(chars[cursor:start]))
        mapping += range(cursor, start)
        pieces.append(token.fixed)
        mapping += [start] * len(token.fixed)
        cursor = end
    pieces.append("".join(chars[cursor:]))
    mapping += range(cursor, len(chars) + 1)  # one past the end maps to the end
    return "".join(pieces), tuple(mapping)
