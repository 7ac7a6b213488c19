"""Clause-level reading of a line: sentences, what is declined, what only names a quality.

Scope (NegEx-style: a trigger word and the stretch of the clause it governs)
---------------------------------------------------------------------------
- *refused*: a negator (no, not, won't, without, never, ...) governs the words after it, to
  the end of its clause; it crosses a comma only while it has not reached a word yet ("we
  will not, at least for now, add a cache"), and reaches at most six words. A denial after
  a mechanism governs the words before it ("a CDN is overkill", "caching isn't needed").
- *deferred*: "in v2", "for later", "not yet", "if needed", "would help", ... govern their
  clause in both directions; "later" only in a sentence about changing the design ("we can
  add a cache later"), not about run time ("the email is sent later by a worker").
- *rejected*: "considered / thought about / looked at X, but ..." rejects X up to the
  adversative; "instead of X", "rather than X", "decided against X" and "chose A over X"
  reject X.
- A sentence that opens with "Not yet" / "Not for now" (or is only "No.") declines the
  first clause of what follows: "Not yet. A cache would help reads, but ...".
- Clauses end at sentence punctuation other than commas and at conjunctions such as "but",
  "because" or "which"; "and"/"or" do not end a clause ("no cache or CDN"), except before
  a new subject ("... and we add a CDN in v2").

A trigger never governs a mechanism phrase that contains it ("no single point of failure",
"a no-op", "fail over"). Questions ("Should we add a cache?") are not statements.

Naming
------
A sentence names qualities instead of addressing them when it has requirement framing and
at most one other content word ("the platform must be secure"), and a segment is naming when
it is nothing but quality names, as in a bare list: "Non-functional requirements: strongly
consistent, durable" or "NFRs: highly available, low latency".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import NFR_NAME_STEMS, Token, normalise, tokenize
from .vocabulary import (
    ADVERSATIVES,
    CHOICE_VERBS,
    CONSIDER_WORDS,
    DEFERRAL_PHRASES,
    GENERIC_SUBJECTS,
    LATER_DESIGN_WORDS,
    LATER_RUNTIME_WORDS,
    LIST_HEADER_WORDS,
    MARKER_CLAUSES,
    NEGATOR_BIGRAMS,
    NEGATORS,
    POST_NEGATOR_BIGRAMS,
    POST_NEGATORS,
    QUALITY_MODIFIERS,
    REFUSAL_OPENERS,
    REJECT_BIGRAMS,
    REQUIREMENT_FRAME,
    STOPWORDS,
)

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
MAX_SCOPE_WORDS = 6
# Words that do not end the reach of a negator across a comma: "not, at least for now, add".
FILLERS = frozenset(
    [
        "least",
        "now",
        "moment",
        "first",
        "yet",
        "really",
        "initially",
        "currently",
        "today",
        "probably",
        "likely",
        "perhaps",
        "maybe",
        "honestly",
        "necessarily",
        "immediately",
        "time",
        "being",
        "still",
    ]
)
PRONOUNS = frozenset(["we", "i", "they", "it", "you", "he", "she", "this", "that"])
# Words around a marker clause that do not change it: "so no", "and later", "then: v2".
_MARKER_NOISE = frozenset(["a", "the", "so", "and", "but", "then", "or", "maybe", "probably"])
# "later reads", "eventually consistent": run-time words, not a postponed design.
_NOT_DEFERRING_NEXT = frozenset(
    [
        "than",
        "read",
        "reads",
        "write",
        "writes",
        "consistent",
        "consistency",
        "consistently",
        "visible",
        "converge",
        "converges",
        "reach",
        "reaches",
    ]
)
PURE_REFUSALS = frozenset({("no",), ("nope",), ("nah",), ("not", "really"), ("no", "need")})
_NOT_CHOICE_OVER = frozenset(
    [
        "fail",
        "fails",
        "failing",
        "failed",
        "switch",
        "switches",
        "take",
        "takes",
        "taken",
        "hand",
        "roll",
        "carry",
        "turn",
        "move",
        "cut",
        "spill",
        "fall",
    ]
)

Scope = tuple[str, int] | None  # (why, index of the trigger; -1 for a previous sentence)
_DEFERRALS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(DEFERRAL_PHRASES, key=len, reverse=True):
    _DEFERRALS_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


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
            carried = _carry(tokens)
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


def _content(token: Token) -> bool:
    return not token.code and token.raw not in STOPWORDS and token.raw not in FILLERS


def _mark(marks: list[Scope], index: int, why: str, trigger: int) -> None:
    if marks[index] is None:
        marks[index] = (why, trigger)


def _reach(tokens: tuple[Token, ...], frm: int, step: int, marks: list[Scope], why: str,
           trigger: int, stay_in_segment: bool = False) -> int:  # fmt: skip
    """Mark tokens from frm in direction step until the scope ends; returns words reached."""
    clause, segment, words = tokens[frm].clause, tokens[frm].segment, 0
    j = frm
    while 0 <= j < len(tokens):
        token = tokens[j]
        if token.clause != clause:
            break
        if token.segment != segment:
            if words or stay_in_segment:
                break
            segment = token.segment
        if token.raw in ("and", "or") and j + 1 < len(tokens) and tokens[j + 1].raw in PRONOUNS:
            break  # "... and we add a CDN": a new subject starts a new clause
        _mark(marks, j, why, trigger)
        words += _content(token)
        if words >= MAX_SCOPE_WORDS:
            break
        j += step
    return words


def _phrase_at(tokens: tuple[Token, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return all(
        i + k < len(tokens) and tokens[i + k].raw == w and not tokens[i + k].code
        for k, w in enumerate(phrase)
    )


def scopes(tokens: tuple[Token, ...], carried: str | None = None) -> tuple[Scope, ...]:
    """Per token: why it is declined (refused/deferred/rejected) and by which trigger."""
    marks: list[Scope] = [None] * len(tokens)
    if carried and tokens:
        _carried_scope(tokens, marks, carried)
    for i, token in enumerate(tokens):
        if token.code:
            continue
        _negator_at(tokens, i, marks)
        _deferral_at(tokens, i, marks)
        _rejection_at(tokens, i, marks)
    _opener(tokens, marks)
    _marker_clauses(tokens, marks)
    return tuple(marks)


_DOUBTS = (("not", "sure"), ("not", "convinced"), ("not", "needed"), ("not", "necessary"),
           ("unnecessary",), ("overkill",), ("not", "worth"))  # fmt: skip
_REFERENTS = frozenset(["it", "it's", "that", "that's", "this", "them", "they're"])


def _doubt(words: tuple[str, ...], position: int) -> str | None:
    """A later clause that doubts what came before ("..., but I'm not sure it's needed")."""
    if position == 0 or not _REFERENTS & set(words):
        return None
    joined = " ".join(words)
    return "deferred" if any(" ".join(d) in joined for d in _DOUBTS) else None


def _marker_clauses(tokens: tuple[Token, ...], marks: list[Scope]) -> None:
    """A clause that is only a marker ("later", "none", "TODO") declines its neighbour:
    the clause before it, or the one after it when it comes first."""
    clauses: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        clauses.setdefault(token.clause, []).append(i)
    order = sorted(clauses)
    for position, clause in enumerate(order):
        words = tuple(tokens[i].raw for i in clauses[clause] if tokens[i].raw not in _MARKER_NOISE)
        why = MARKER_CLAUSES.get(words) or _doubt(words, position)
        if why is None:
            continue
        neighbour = position - 1 if position > 0 else position + 1
        if 0 <= neighbour < len(order):
            for i in clauses[order[neighbour]]:
                _mark(marks, i, why, clauses[clause][0])


def _negator_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    token = tokens[i]
    if (
        token.raw in NEGATORS
        and not token.hyphen_next
        and i + 1 < len(tokens)
        and not (token.raw == "not" and tokens[i + 1].raw in ("only", "just"))
    ):
        _reach(tokens, i + 1, 1, marks, "refused", i)
    if i > 0 and (tokens[i - 1].raw, token.raw) in NEGATOR_BIGRAMS and i + 1 < len(tokens):
        _reach(tokens, i + 1, 1, marks, "refused", i)
    if token.raw in POST_NEGATORS and i > 0:
        _reach(tokens, i - 1, -1, marks, "refused", i)
    if i + 1 < len(tokens) and (token.raw, tokens[i + 1].raw) in POST_NEGATOR_BIGRAMS and i > 0:
        _reach(tokens, i - 1, -1, marks, "refused", i)


def _deferral_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    for phrase in _DEFERRALS_BY_FIRST.get(tokens[i].raw, ()):
        if _phrase_at(tokens, i, phrase):
            _both_ways(tokens, i, i + len(phrase) - 1, marks, "deferred")
            return
    if tokens[i].raw in ("later", "eventually") and _later_defers(tokens, i):
        _both_ways(tokens, i, i, marks, "deferred")


def _both_ways(
    tokens: tuple[Token, ...], first: int, last: int, marks: list[Scope], why: str
) -> None:
    ahead = _reach(tokens, last + 1, 1, marks, why, first) if last + 1 < len(tokens) else 0
    if first > 0:
        _reach(tokens, first - 1, -1, marks, why, first, stay_in_segment=bool(ahead))


def _later_defers(tokens: tuple[Token, ...], i: int) -> bool:
    if i + 1 < len(tokens) and tokens[i + 1].raw in _NOT_DEFERRING_NEXT:
        return False
    if i > 0 and (tokens[i - 1].raw.isdigit() or tokens[i - 1].raw in LATER_RUNTIME_WORDS):
        return False
    clause = [t.raw for t in tokens if t.clause == tokens[i].clause]
    return any(w in LATER_DESIGN_WORDS for w in clause) and not any(
        w in LATER_RUNTIME_WORDS for w in clause
    )


def _rejection_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    token = tokens[i]
    if token.raw in CONSIDER_WORDS:
        adversative = next(
            (k for k in range(i + 1, len(tokens)) if tokens[k].raw in ADVERSATIVES), None
        )
        if adversative is not None:
            for k in range(i + 1, adversative):
                _mark(marks, k, "rejected", i)
    if i + 2 < len(tokens) and (token.raw, tokens[i + 1].raw) in REJECT_BIGRAMS:
        _reach(tokens, i + 2, 1, marks, "rejected", i)
    if (
        token.raw == "over"
        and 0 < i < len(tokens) - 1
        and tokens[i - 1].raw not in _NOT_CHOICE_OVER
        and any(t.raw in CHOICE_VERBS for t in tokens[:i] if t.clause == token.clause)
    ):
        _reach(tokens, i + 1, 1, marks, "rejected", i)


def _opener_length(tokens: tuple[Token, ...]) -> tuple[int, bool]:
    """Length of a refusal opener at the start of the sentence, and whether it is a pure
    refusal ("No.") rather than a deferral ("Not yet")."""
    for opener in sorted(REFUSAL_OPENERS, key=len, reverse=True):
        if _phrase_at(tokens, 0, opener):
            return len(opener), opener in PURE_REFUSALS
    return 0, False


def _opener(tokens: tuple[Token, ...], marks: list[Scope]) -> None:
    length, pure = _opener_length(tokens)
    if not length or pure or length >= len(tokens):
        return
    clause = tokens[length].clause
    for k in range(length, len(tokens)):
        if (
            tokens[k].clause != clause
            or tokens[k].raw in ADVERSATIVES
            or tokens[k].raw == "instead"
        ):
            break
        _mark(marks, k, "deferred", 0)


def _carry(tokens: tuple[Token, ...]) -> str | None:
    """A sentence that is only a refusal ("No." / "Not yet.") declines what follows."""
    length, pure = _opener_length(tokens)
    if length and length == len(tokens):
        return "refused" if pure else "deferred"
    return None


def _carried_scope(tokens: tuple[Token, ...], marks: list[Scope], why: str) -> None:
    if any(t.raw == "instead" for t in tokens):
        return  # "No. We shard by user instead."
    for k, token in enumerate(tokens):
        if token.clause != 0 or token.raw in ADVERSATIVES:
            break
        _mark(marks, k, why, -1)


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
