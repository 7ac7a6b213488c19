"""Which characters of a line are prose and which are code.

Candidates mix prose with identifiers: column lists (`comments(id, author_id, version)`),
JSON-ish field lists (`{body, version}`), snake_case and camelCase names (`retry_count`,
`isAuthorized`), HTTP header names (`Retry-After`), URL paths, query strings and
`key=value` settings. Their words are not prose: `author_id` is not authorisation and a
`Retry-After` header is not a retry policy. `code_spans` returns the character ranges of
such identifiers; tokens inside them are marked as code, and only a few mechanism phrases
that are themselves identifiers (an `Idempotency-Key` header, an `idempotency_key` column)
may match them (see `Phrase.allow_code` in matching.py).
"""

from __future__ import annotations

import re

# URL paths, URLs and query strings (kept from the first version of the analysis).
_PATHS = r"(?<!\S)/[^\s/]\S*|\b[a-z][a-z0-9+.-]*://\S*|\S*\?\S*=\S*"
_SETTING = r"\b[A-Za-z_][\w.]*=[^\s,;)]+"  # maxAttempts=5, acks=all
_BACKTICKS = r"`[^`]+`"
_SNAKE = r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b"
_DOTTED = r"\b[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]+)+\(?\)?"
# An identifier directly followed by a parenthesised list: a table or a call signature.
_SIGNATURE = r"\b[A-Za-z_]\w+\([^()\n]*\)"  # two letters at least: O(log n) is prose
_BRACES = r"\{[^{}\n]*\}"
_CAMEL = re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b")
# mTLS, gRPC, iOS, vCPU: one lower-case letter before an acronym is a way of writing a
# term, not a camelCase identifier.
_PREFIXED_ACRONYM = re.compile(r"[a-z][A-Z]{2,}s?")
_HYPHENATED_TITLE = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+\b")
_X_HEADER = re.compile(r"\b[Xx]-[A-Za-z][A-Za-z0-9-]*\b")
CODE_RE = re.compile("|".join((_PATHS, _SETTING, _BACKTICKS, _SNAKE, _DOTTED, _SIGNATURE, _BRACES)))

# Words inside a table signature that are prose after all: constraints say what the
# design guarantees ("idem_key unique").
SIGNATURE_PROSE_WORDS = frozenset({"unique", "pk"})

KNOWN_HEADERS = frozenset(
    [
        "retry-after",
        "content-type",
        "content-length",
        "content-encoding",
        "cache-control",
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "last-modified",
        "idempotency-key",
        "user-agent",
        "set-cookie",
        "accept-encoding",
        "accept-language",
        "strict-transport-security",
        "access-control-allow-origin",
        "content-security-policy",
        "transfer-encoding",
        "www-authenticate",
        "proxy-authorization",
        "x-request-id",
        "x-correlation-id",
        "x-forwarded-for",
    ]
)
# Hyphenated terms people capitalise in headings that are prose, not headers.
PROSE_COMPOUNDS = frozenset(
    [
        "write-through",
        "read-through",
        "write-back",
        "write-behind",
        "cache-aside",
        "multi-az",
        "multi-region",
        "cross-region",
        "fan-out",
        "fail-over",
        "at-least-once",
        "at-most-once",
        "exactly-once",
        "blue-green",
        "point-in-time",
        "active-active",
        "active-passive",
        "read-your-writes",
        "last-write-wins",
        "compare-and-set",
        "compare-and-swap",
        "two-phase",
        "dead-letter",
        "round-robin",
    ]
)


def code_spans(line: str, known_words: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of identifiers in line (original case is needed for camelCase and
    header names). known_words: lower-case words that stay prose even when camel-cased
    (product names such as PostgreSQL or WebSocket)."""
    spans = [m.span() for m in CODE_RE.finditer(line)]
    spans += [
        m.span()
        for m in _CAMEL.finditer(line)
        if m.group().lower() not in known_words and not _PREFIXED_ACRONYM.fullmatch(m.group())
    ]
    mentions_header = "header" in line.lower()
    for m in (*_HYPHENATED_TITLE.finditer(line), *_X_HEADER.finditer(line)):
        word = m.group().lower()
        if word in PROSE_COMPOUNDS:
            continue
        if word in KNOWN_HEADERS or word.startswith("x-") or mentions_header:
            spans.append(m.span())
    return _merge(spans)


def signature_prose(line: str, start: int, end: int) -> bool:
    """True for a word inside a code span that still reads as prose (a constraint keyword
    inside a column list)."""
    return line[start:end].lower() in SIGNATURE_PROSE_WORDS


def camel_parts(word: str) -> list[str]:
    """'idempotencyKey' -> ['idempotency', 'key']; 'XRateLimit' -> ['x', 'rate', 'limit']."""
    return [p.lower() for p in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", word)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
