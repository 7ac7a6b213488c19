"""Turning candidate-written text into sentences of stemmed tokens.

Notes are cited by section and 1-based line, so the unit of text is a *line* (split further
into sentences for matching). Each token keeps its character span in the line (for the
"matched" excerpt), a light stem (so retry/retries/retried or replica/replicas/replicated
meet), a clause number (negation never crosses a clause) and whether a hyphen joins it to
the next token ("no-op" must not read as the negator "no").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import (
    CLAUSE_BREAK_WORDS,
    GENERIC_SUBJECTS,
    NFR_NAME_WORDS,
    REQUIREMENT_FRAME,
    STOPWORDS,
    TECHNOLOGY_NAMES,
)

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
# Punctuation between two tokens that opens a new clause.
CLAUSE_PUNCT_RE = re.compile(r"[,;:()\[\]{}]|->|=>|\s[-–—]\s|[–—]")
# URL paths, URLs and query strings are identifiers, not prose: "GET /leaderboard?scope=global"
# must not read as an authorisation "scope". Tokens inside such spans are skipped.
CODE_SPAN_RE = re.compile(r"(?<!\S)/[^\s/]\S*|\b[a-z][a-z0-9+.-]*://\S*|\S*\?\S*=\S*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# Suffixes are stripped in two stages (one inflection, then up to three derivation steps)
# with a minimum stem of three letters (four after a derivation, so "later" and "latency"
# stay apart). The aim is only that word forms of one term meet, not linguistic accuracy:
# cue phrases and text go through the same function.
_INFLECTIONS = ("ings", "ing", "ies", "ied", "ed", "ly", "s")
# Rewrites before stripping, so "availability" meets "available".
_REWRITES = (("ability", "able"), ("ibility", "ible"))
_DERIVATIONS = (
    "izations",
    "ization",
    "isation",
    "ational",
    "ations",
    "ation",
    "ities",
    "ity",
    "ments",
    "ment",
    "ness",
    "ances",
    "ance",
    "ences",
    "ence",
    "encies",
    "ency",
    "able",
    "ible",
    "ents",
    "ent",
    "ions",
    "ion",
    "ures",
    "ure",
    "ers",
    "er",
    "ive",
    "ize",
    "ise",
    "ate",
    "at",
    "e",
    "y",
    "a",
)
_MIN_STEM = 3
_MIN_DERIVED_STEM = 4


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light, deterministic suffix stripping: 'retries' -> 'retr', 'replicated' -> 'replic'."""
    word = word.lower().replace("'", "").replace("-", "")
    if len(word) <= _MIN_STEM or word.isdigit():
        return word
    word = _strip_inflection(word)
    for _ in range(3):
        shorter = _strip_derivation(word)
        if shorter == word:
            break
        word = shorter
    return word


def _strip_inflection(word: str) -> str:
    for suffix in _INFLECTIONS:
        if not word.endswith(suffix) or len(word) - len(suffix) < _MIN_STEM:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            return word
        if suffix in ("ies", "ied"):
            return word[: -len(suffix)] + "y"
        return word[: -len(suffix)]
    return word


def _strip_derivation(word: str) -> str:
    for suffix, replacement in _REWRITES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    for suffix in _DERIVATIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_DERIVED_STEM:
            return word[: -len(suffix)]
    return word


def stems_of(words: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


NFR_NAME_STEMS = stems_of(NFR_NAME_WORDS)
TECHNOLOGY_STEMS = stems_of(TECHNOLOGY_NAMES)


@dataclass(frozen=True)
class Token:
    raw: str
    stem: str
    start: int  # character offset in the line
    end: int
    clause: int
    hyphen_next: bool  # "no-op": joined to the next token by a hyphen


@dataclass(frozen=True)
class Sentence:
    text: str
    lower: str  # normalised, lower-cased text for the regular expressions
    offset: int  # character offset of the sentence in its line
    tokens: tuple[Token, ...]
    naming: bool  # only names qualities ("it should be scalable and secure")


def normalise(text: str) -> str:
    """Lower-cased text with straight apostrophes, the same length as the input, so offsets
    found in it can slice the original ("İ".lower() would add a character)."""
    text = text.translate(_APOSTROPHES)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def tokenize(line: str) -> tuple[Token, ...]:
    """Tokens of one line (lower-cased), with clause numbers and hyphen links."""
    lowered = normalise(line)
    tokens: list[Token] = []
    clause = 0
    previous_end = 0
    code = [span.span() for span in CODE_SPAN_RE.finditer(lowered)]
    for match in TOKEN_RE.finditer(lowered):
        if any(start <= match.start() < end for start, end in code):
            continue
        raw = match.group()
        gap = lowered[previous_end : match.start()]
        if tokens and (CLAUSE_PUNCT_RE.search(gap) or raw in CLAUSE_BREAK_WORDS):
            clause += 1
        hyphen_next = (
            lowered[match.end() : match.end() + 1] == "-"
            and lowered[match.end() + 1 : match.end() + 2].isalnum()
        )
        tokens.append(Token(raw, stem(raw), match.start(), match.end(), clause, hyphen_next))
        previous_end = match.end()
    return tuple(tokens)


def split_sentences(line: str) -> tuple[Sentence, ...]:
    """Sentences of one line; offsets stay relative to the line."""
    sentences: list[Sentence] = []
    start = 0
    for boundary in [*SENTENCE_END_RE.finditer(line), None]:
        end = boundary.start() if boundary else len(line)
        text = line[start:end]
        if text.strip():
            tokens = tuple(_shift(t, start) for t in tokenize(text))
            lower = normalise(text)
            sentences.append(Sentence(text, lower, start, tokens, is_naming_statement(tokens)))
        start = boundary.end() if boundary else len(line)
    return tuple(sentences)


def _shift(token: Token, by: int) -> Token:
    return Token(
        token.raw, token.stem, token.start + by, token.end + by, token.clause, token.hyphen_next
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
