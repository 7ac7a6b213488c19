"""Finding cue phrases and regular expressions in candidate text, with their scope.

A cue phrase matches when its stemmed words occur in order inside one sentence, with at
most two other words between neighbours ("retries with backoff" matches "retried twice
with backoff"); a hyphenated phrase needs its words adjacent ("write-through" does not
match "writes go through"). Compounds meet their spaced and hyphenated forms: "failover" matches
"fail over" and "fail-over", and "time out" matches "timeout" — but a small word is never
glued to the next one ("a synchronous standby" is not "asynchronous"). Phrases match prose
tokens only, except a lexicon's code phrases (an `Idempotency-Key` header).

A match is *declined* when a refusal, deferral or rejection governs it (reading.py):
"we won't add a cache for now", "a CDN in v2", "we considered sharding, but ...". A match
in a question is "asked". Declined matches are never support; coverage shows them apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from .anchors import literal_anchors
from .reading import Sentence, split_sentences
from .text import NFR_NAME_STEMS, TECHNOLOGY_STEMS, Token, stem, tokenize
from .vocabulary import ARTICLES, STOPWORDS

MAX_GAP = 2  # words allowed between two neighbouring words of a phrase
_SEPARATOR = "\n.\n"  # between sentences when regexes search them all at once
_SMALL_WORD_STEMS = frozenset(stem(w) for w in STOPWORDS)


@dataclass(frozen=True)
class TextUnit:
    """One line of candidate-written text and where it came from.

    source is "notes" (a notes section), "node_notes" (free text on a diagram node),
    "label" (a node or edge label) or "chat" (a candidate chat message).
    """

    source: str
    text: str
    sentences: tuple[Sentence, ...]
    section: str | None = None
    line: int | None = None
    seq: int | None = None
    node_id: str | None = None
    edge_id: str | None = None
    text_id: str | None = None  # a free text or sticky note on the board

    @property
    def strong(self) -> bool:
        """Statements of the design: notes, a node's notes, an edge's label (what a call
        does) and the candidate's chat. A node's label only names the component."""
        if self.source == "label":
            return self.edge_id is not None
        return self.source in ("notes", "node_notes", "chat", "board_text")

    def evidence(self, matched: str, cue: str) -> dict[str, Any]:
        """The evidence record citing this line, in the output format."""
        if self.source == "notes":
            return {
                "source": "notes",
                "section": self.section,
                "line": self.line,
                "text": self.text.strip(),
                "matched": matched,
                "cue": cue,
            }
        if self.source == "chat":
            return {
                "source": "chat",
                "seq": self.seq,
                "text": self.text.strip(),
                "matched": matched,
                "cue": cue,
            }
        if self.source == "board_text":
            return {
                "source": "diagram",
                "nodes": [],
                "edges": [],
                "texts": [self.text_id],
                "pattern": "board_text",
                "text": self.text.strip(),
                "matched": matched,
                "cue": cue,
            }
        return {
            "source": "diagram",
            "nodes": [self.node_id] if self.node_id else [],
            "edges": [self.edge_id] if self.edge_id else [],
            "pattern": self.source,
            "text": self.text.strip(),
            "matched": matched,
            "cue": cue,
        }


def make_units(text: str, source: str, **where: Any) -> list[TextUnit]:
    """Units for every non-blank line of text; line numbers are 1-based."""
    units = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            units.append(TextUnit(source, line, split_sentences(line), line=number, **where))
    return units


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]
    joined: str  # the phrase glued into one word and stemmed: "fail over" -> "failov"
    naming_ish: bool  # only quality names: "strongly consistent", "durability"
    technology: bool  # only product names: "redis", "kafka"
    allow_code: bool = False  # may match identifiers (a lexicon's code phrases)
    tight: bool = False  # written hyphenated: its words must be adjacent ("write-through")


@lru_cache(maxsize=8192)
def compile_phrase(text: str, allow_code: bool = False) -> Phrase | None:
    tokens = [t for t in tokenize(text) if t.raw not in ARTICLES] or list(tokenize(text))
    if not tokens:
        return None
    stems = tuple(t.stem for t in tokens)
    content = [t.stem for t in tokens if t.raw not in STOPWORDS] or list(stems)
    return Phrase(
        text=text,
        stems=stems,
        joined=stem("".join(t.raw for t in tokens)),
        naming_ish=all(s in NFR_NAME_STEMS for s in content),
        technology=all(s in TECHNOLOGY_STEMS for s in content),
        allow_code=allow_code,
        tight="-" in text,
    )


@dataclass(frozen=True)
class Match:
    unit: int
    sentence: int
    first: int  # token indices in the sentence, inclusive
    last: int
    declined: str | None  # "refused" | "deferred" | "rejected" | "asked" | None
    chars: tuple[int, int] | None = None  # exact span in the line, for regex matches

    @property
    def negated(self) -> bool:
        return self.declined is not None


class TextIndex:
    """Stem -> positions index over a list of units, so each phrase is checked only where
    its first word occurs."""

    def __init__(self, units: list[TextUnit]) -> None:
        self.units = units
        self._by_stem: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self._by_code: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self._by_pair: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for u, unit in enumerate(units):
            for s, sentence in enumerate(unit.sentences):
                tokens = sentence.tokens
                for t, token in enumerate(tokens):
                    (self._by_code if token.code else self._by_stem)[token.stem].append((u, s, t))
                    if t + 1 < len(tokens) and _gluable(token, tokens[t + 1]):
                        self._by_pair[stem(token.raw + tokens[t + 1].raw)].append((u, s, t))

    def find(self, phrase: Phrase) -> list[Match]:
        found: dict[tuple[int, int, int], Match] = {}
        starts = list(self._by_stem.get(phrase.stems[0], ()))
        if phrase.allow_code:
            starts = sorted(starts + self._by_code.get(phrase.stems[0], []))
        for u, s, t in starts:
            last = _match_sequence(self._tokens(u, s), t, phrase)
            if last is not None:
                found.setdefault((u, s, t), self._match(u, s, t, last))
        if len(phrase.stems) == 1:
            for u, s, t in self._by_pair.get(phrase.stems[0], ()):
                found.setdefault((u, s, t), self._match(u, s, t, t + 1))
        else:
            for u, s, t in self._by_stem.get(phrase.joined, ()):
                found.setdefault((u, s, t), self._match(u, s, t, t))
        return _innermost([found[key] for key in sorted(found)])

    def find_regex(self, pattern: re.Pattern[str], units: list[int] | None = None) -> list[Match]:
        """Matches of a regular expression in the sentences' prose text. All sentences are
        searched at once, joined by a separator no pattern crosses (a full stop on a line of
        its own); a hit that would span two sentences is dropped."""
        joined, starts, where = self._joined
        anchors = literal_anchors(pattern.pattern)
        if anchors is not None and not any(a in joined for a in anchors):
            return []  # none of the words every match starts with occurs anywhere
        allowed = None if units is None else set(units)
        matches = []
        for hit in pattern.finditer(joined):
            k = bisect_right(starts, hit.start()) - 1
            u, s = where[k]
            sentence = self.units[u].sentences[s]
            local_start, local_end = hit.start() - starts[k], hit.end() - starts[k]
            if local_end > len(sentence.prose) or (allowed is not None and u not in allowed):
                continue
            if sentence.prose_map:  # misspellings were corrected: back to the text's offsets
                local_start, local_end = (
                    sentence.prose_map[local_start],
                    sentence.prose_map[local_end],
                )
            span = _token_span(sentence, local_start, local_end)
            if span is not None:
                chars = (sentence.offset + local_start, sentence.offset + local_end)
                matches.append(self._match(u, s, span[0], span[1], chars))
        return matches

    @cached_property
    def _joined(self) -> tuple[str, list[int], list[tuple[int, int]]]:
        parts, starts, where, offset = [], [], [], 0
        for u, unit in enumerate(self.units):
            for s, sentence in enumerate(unit.sentences):
                starts.append(offset)
                where.append((u, s))
                parts.append(sentence.prose)
                offset += len(sentence.prose) + len(_SEPARATOR)
        return _SEPARATOR.join(parts), starts, where

    def matched_text(self, match: Match) -> str:
        if match.chars is not None:
            return self.units[match.unit].text[match.chars[0] : match.chars[1]].strip()
        tokens = self._tokens(match.unit, match.sentence)
        return self.units[match.unit].text[tokens[match.first].start : tokens[match.last].end]

    def spans(self, match: Match) -> list[tuple[int, int]]:
        """Character spans in the line of the words that matched (for highlighting)."""
        if match.chars is not None:
            return [match.chars]
        tokens = self._tokens(match.unit, match.sentence)
        return [(tokens[match.first].start, tokens[match.last].end)]

    def sentence(self, match: Match) -> Sentence:
        return self.units[match.unit].sentences[match.sentence]

    def _tokens(self, u: int, s: int) -> tuple[Token, ...]:
        return self.units[u].sentences[s].tokens

    def _match(
        self, u: int, s: int, first: int, last: int, chars: tuple[int, int] | None = None
    ) -> Match:
        sentence = self.units[u].sentences[s]
        return Match(u, s, first, last, declined_by(sentence, first, last), chars)


def _gluable(token: Token, following: Token) -> bool:
    """May two neighbours be read as one compound ("fail over" -> "failover")? Not a small
    word with the next ("a synchronous" is not "asynchronous"), not across clauses or code."""
    return (
        following.clause == token.clause
        and not token.code
        and not following.code
        and token.raw not in STOPWORDS
        and following.raw not in STOPWORDS
    )


def _innermost(matches: list[Match]) -> list[Match]:
    """Drop matches that strictly contain another match in the same sentence ("in an
    in-memory geo index" loses to "in-memory geo index")."""
    by_sentence: dict[tuple[int, int], list[Match]] = defaultdict(list)
    for match in matches:
        by_sentence[(match.unit, match.sentence)].append(match)
    kept = []
    for match in matches:
        others = by_sentence[(match.unit, match.sentence)]
        if len(others) == 1 or not any(
            o is not match and match.first <= o.first and o.last <= match.last for o in others
        ):
            kept.append(match)
    return kept


def _match_sequence(tokens: tuple[Token, ...], start: int, phrase: Phrase) -> int | None:
    """Index of the last token when the phrase's stems occur in order from start, else None.
    A trailing small word must follow directly: "indexed by" must not match "index sharded
    by". Code tokens take part only in code phrases."""
    if tokens[start].code and not phrase.allow_code:
        return None
    clause = tokens[start].clause  # a phrase never spans two clauses ("30 seconds; regions")
    position = start
    stems = phrase.stems
    for number, wanted in enumerate(stems[1:], start=2):
        last_small = number == len(stems) and wanted in _SMALL_WORD_STEMS
        gap = 0 if phrase.tight or last_small else MAX_GAP
        for candidate in range(position + 1, min(len(tokens), position + 2 + gap)):
            token = tokens[candidate]
            if token.clause != clause:
                return None
            if token.stem == wanted and (phrase.allow_code or not token.code):
                position = candidate
                break
        else:
            return None
    return position


def _token_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """Token indices covering characters [start, end) of the sentence."""
    start += sentence.offset
    end += sentence.offset
    inside = [i for i, t in enumerate(sentence.tokens) if t.end > start and t.start < end]
    return (inside[0], inside[-1]) if inside else None


def declined_by(sentence: Sentence, first: int, last: int) -> str | None:
    """Why a match over tokens first..last is declined, or None. A trigger inside the match
    does not count ("no single point of failure")."""
    for k in range(first, last + 1):
        scope = sentence.scope[k] if k < len(sentence.scope) else None
        if scope is not None and not first <= scope[1] <= last:
            return scope[0]
    return "asked" if sentence.question else None


def is_naming_match(sentence: Sentence, first: int, last: int) -> bool:
    """True when every matched word lies in a naming statement or a bare list of qualities."""
    return all(k in sentence.naming_tokens for k in range(first, last + 1))


def occurs_in(sentence: Sentence, phrase: Phrase) -> bool:
    """True when the phrase occurs, not declined, somewhere in the sentence."""
    tokens = sentence.tokens
    for t, token in enumerate(tokens):
        if token.stem == phrase.stems[0]:
            last = _match_sequence(tokens, t, phrase)
            if last is not None and declined_by(sentence, t, last) is None:
                return True
        glued = len(phrase.stems) > 1 and token.stem == phrase.joined and not token.code
        paired = (
            len(phrase.stems) == 1
            and t + 1 < len(tokens)
            and _gluable(token, tokens[t + 1])
            and stem(token.raw + tokens[t + 1].raw) == phrase.stems[0]
        )
        if (glued or paired) and declined_by(sentence, t, t + int(paired)) is None:
            return True
    return False
