"""Turning candidate-written text into tokens with stems, clauses and a prose/code flag.

Notes are cited by section and 1-based line, so the unit of text is a *line* (split further
into sentences and clauses by reading.py). Each token keeps its character span in the line
(for highlighting), a light stem (so retry/retries/retried or replica/replicas/replicated
meet), a clause number (hard breaks: sentence punctuation other than commas, conjunctions
such as "but" or "because"), a segment number (commas too: negation may cross a comma only
before it has reached a word, "we will not, at least for now, add a cache"), whether a
hyphen joins it to the next token ("no-op" must not read as the negator "no"), and whether
it is code (identifiers, see prose.py). A misspelled prose word takes the stem of the
lexicon word it stands for (spelling.py), so "replicaton" reads as "replication".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .prose import camel_parts, code_spans, signature_prose
from .vocabulary import (
    CAMEL_PROSE_WORDS,
    CLAUSE_BREAK_WORDS,
    NFR_NAME_WORDS,
    TECHNOLOGY_NAMES,
)

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")
# Punctuation between two tokens that opens a new clause (commas open only a segment).
CLAUSE_PUNCT_RE = re.compile(r"[;:()\[\]{}?!]|->|=>|\s[-–—]\s|[–—]|\.\s")
SEGMENT_PUNCT_RE = re.compile(r",|\s/\s")
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


# Words whose suffix stripping would land on a different word: "authorization" must not
# meet "author" (author_id, "the author owns the comment"), "tokenisation" not "token"
# (a fencing token), "https" not "http".
_STEM_EXCEPTIONS = {
    f"{base}{ending}": base[:-1] + "z"
    for base in ("authoriz", "authoris", "tokeniz", "tokenis")
    for ending in ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")
} | {
    "https": "https",
    "ssl": "ssl",
    "tls": "tls",
    "acls": "acl",
    "tries": "try",
    "tried": "try",
    "transactional": "transactional",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light, deterministic suffix stripping: 'retries' -> 'retr', 'replicated' -> 'replic'."""
    word = word.lower().replace("'", "").replace("-", "")
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
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


_CAMEL_KNOWN = CAMEL_PROSE_WORDS | frozenset(TECHNOLOGY_NAMES)


@dataclass(frozen=True)
class Token:
    raw: str
    stem: str
    start: int  # character offset in the line
    end: int
    clause: int
    hyphen_next: bool  # "no-op": joined to the next token by a hyphen
    segment: int = 0  # comma-separated part of the clause count too
    code: bool = False  # part of an identifier, not prose
    fixed: str = ""  # the lexicon word a misspelled prose word stands for

    def shifted(self, by: int) -> Token:
        return Token(
            self.raw, self.stem, self.start + by, self.end + by, self.clause,
            self.hyphen_next, self.segment, self.code, self.fixed,
        )  # fmt: skip


def normalise(text: str) -> str:
    """Lower-cased text with straight apostrophes, the same length as the input, so offsets
    found in it can slice the original ("İ".lower() would add a character)."""
    text = text.translate(_APOSTROPHES)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=16384)
def tokenize(line: str) -> tuple[Token, ...]:
    """Tokens of one line (lower-cased), with clause/segment numbers, hyphen links, code
    flags and corrected stems for misspelled prose words."""
    from .spelling import correct  # late import: spelling reads the lexicon

    lowered = normalise(line)
    code = code_spans(line, _CAMEL_KNOWN)
    tokens: list[Token] = []
    clause = segment = previous_end = 0
    for match in TOKEN_RE.finditer(lowered):
        start, end = match.span()
        is_code = any(a <= start < b for a, b in code) and not signature_prose(line, start, end)
        gap = lowered[previous_end:start]
        raw = match.group()
        if tokens and (CLAUSE_PUNCT_RE.search(gap) or (raw in CLAUSE_BREAK_WORDS and not is_code)):
            clause += 1
            segment += 1
        elif tokens and SEGMENT_PUNCT_RE.search(gap):
            segment += 1
        hyphen_next = lowered[end : end + 1] == "-" and lowered[end + 1 : end + 2].isalnum()
        for part, offset in _parts(line, raw, start, is_code):
            corrected = None if is_code else correct(part)
            word_stem = stem(corrected or part)
            tokens.append(
                Token(part, word_stem, offset, offset + len(part), clause, hyphen_next,
                      segment, is_code, corrected or "")
            )  # fmt: skip
        previous_end = end
    return tuple(tokens)


def _parts(line: str, raw: str, start: int, is_code: bool) -> list[tuple[str, int]]:
    """A camelCase identifier splits into its words (idempotencyKey -> idempotency, key)."""
    original = line[start : start + len(raw)]
    if not is_code or original.islower() or original.isupper():
        return [(raw, start)]
    parts, cursor = [], 0
    for part in camel_parts(original):
        at = original.lower().find(part, cursor)
        parts.append((part, start + at))
        cursor = at + len(part)
    return parts or [(raw, start)]
