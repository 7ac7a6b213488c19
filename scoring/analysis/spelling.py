"""Misspelled mechanism words ("replicaton", "cahce", "idempotant") mapped onto the lexicon.

Conservative on purpose: a word is only corrected when

- it is prose (not code), alphabetic and at least five letters long;
- it is not a known word: not a lexicon word, quality name, small word or product name, and
  not in the shipped guard list of real English words that lie close to a lexicon word
  ("shared" is one edit from "shard", "lease" from "least": neither may be "corrected");
- exactly one lexicon word (up to its inflections) lies within the edit distance allowed
  (optimal string alignment, which counts a swap of two neighbours as one edit: one edit up
  to eight letters, two from nine), and it starts with the same letter.

The guard list (data/english_near_words.txt) is derived from the word lists the
`english-words` package (a development dependency, MIT) ships: Webster's Second (public
domain) and the GCIDE index (GPL-3.0-or-later, compatible with this project's AGPL): every
English word, and its regular inflections, within the allowed distance of a lexicon word. Regenerate it after changing the
lexicon: `python -m scoring.analysis.spelling --write` (a test fails while it is stale).
"""

from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .lexicon import MECHANISMS
from .vocabulary import (
    MODERN_WORDS,
    NFR_NAME_WORDS,
    PATTERN_WORDS,
    REQUIREMENT_FRAME,
    STOPWORDS,
    TECHNOLOGY_NAMES,
)

GUARD_FILE = Path(__file__).with_name("data") / "english_near_words.txt"
MIN_LENGTH = 5


def inflections(word: str) -> set[str]:
    """The word and its regular inflections (plural, past, gerund), spelled by the usual
    rules, so that a misspelling such as "retrys" is not taken for an inflection."""
    forms = {word}
    consonant_y = len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif consonant_y:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.add(word + "d")
    elif consonant_y:
        forms.add(word[:-1] + "ied")
    else:
        forms.add(word + "ed")
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    elif word.endswith("e") and not word.endswith("ee"):
        forms.add(word[:-1] + "ing")
    else:
        forms.add(word + "ing")
    if (
        len(word) > 2
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


# A word in a pattern that is not a stem cut short ("retri\\w*") or an optional piece.
_WHOLE_WORD = re.compile(r"(?<![a-zA-Z\\])([a-z]{5,})(?![a-z]|\\w|\(|\?|\[|\*)")


def lexicon_words() -> frozenset[str]:
    """The words corrections may land on: words of mechanism phrases and patterns, and
    quality names, inflected."""
    words: set[str] = set(NFR_NAME_WORDS) | set(PATTERN_WORDS)
    for mechanism in MECHANISMS:
        for phrase in mechanism.phrases:
            words.update(re.findall(r"[a-z]+", phrase.lower()))
        for regex in mechanism.regexes:  # whole words of the paraphrase patterns too
            words.update(_WHOLE_WORD.findall(regex))
    return frozenset(
        form for w in words if len(w) >= MIN_LENGTH - 1 for form in inflections(w) if form.isalpha()
    )


TARGETS = lexicon_words()
_BY_LETTER: dict[str, list[str]] = {}
for _word in sorted(TARGETS):
    _BY_LETTER.setdefault(_word[0], []).append(_word)


def allowed_distance(word: str) -> int:
    return 1 if len(word) <= 8 else 2


def targets_digest() -> str:
    """Fingerprint of the lexicon words, recorded in the guard file's first line so a test
    notices when the lexicon changed and the guard list was not regenerated."""
    return hashlib.sha256("\n".join(sorted(TARGETS)).encode()).hexdigest()[:16]


def guard_digest() -> str | None:
    if not GUARD_FILE.is_file():
        return None
    first = GUARD_FILE.read_text().split("\n", 1)[0]
    return first.removeprefix("# lexicon ") if first.startswith("# lexicon ") else None


def _read_guard() -> frozenset[str]:
    if not GUARD_FILE.is_file():
        return frozenset()
    lines = GUARD_FILE.read_text().splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


KNOWN = (
    TARGETS
    | _read_guard()
    | STOPWORDS
    | REQUIREMENT_FRAME
    | frozenset(MODERN_WORDS)
    | frozenset(TECHNOLOGY_NAMES)
)


@lru_cache(maxsize=65536)
def correct(word: str) -> str | None:
    """The lexicon word a misspelled word stands for, or None (see the module docstring)."""
    if len(word) < MIN_LENGTH or not word.isalpha() or word in KNOWN:
        return None
    limit = allowed_distance(word)
    found = process.extract(
        word, _BY_LETTER.get(word[0], []), scorer=OSA.distance, score_cutoff=limit, limit=4
    )
    if not found:
        return None
    best = min(score for _, score, _ in found)
    closest = sorted({choice for choice, score, _ in found if score == best})
    from .text import stem  # late import: text imports this module

    if len({stem(c) for c in closest}) != 1:
        return None  # two different words are equally close: do not guess
    return closest[0]


def near_english_words() -> list[str]:
    """English words (and inflections) within the allowed distance of a lexicon word."""
    from english_words import get_english_words_set

    english: set[str] = set()
    for word in get_english_words_set(["web2", "gcide"], lower=True, alpha=True):
        english |= inflections(word)
    near = []
    for word in sorted(english):
        if len(word) < MIN_LENGTH or word in TARGETS or not word.isalpha():
            continue
        if process.extractOne(
            word,
            _BY_LETTER.get(word[0], []),
            scorer=OSA.distance,
            score_cutoff=allowed_distance(word),
        ):
            near.append(word)
    return near


if __name__ == "__main__":
    words = near_english_words()
    if "--write" in sys.argv:
        GUARD_FILE.parent.mkdir(exist_ok=True)
        GUARD_FILE.write_text(f"# lexicon {targets_digest()}\n" + "\n".join(words) + "\n")
    print(f"{len(words)} guard words")
