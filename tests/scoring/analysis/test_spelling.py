"""Misspelling correction: conservative, guarded by real English words, and in sync."""

from __future__ import annotations

import pytest

from scoring.analysis.spelling import correct, guard_digest, targets_digest
from scoring.analysis.text import stem, tokenize


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("replicaton", "replication"), ("cahce", "cache"), ("idempotant", "idempotent"),
     ("partitoned", "partitioned"), ("retrys", "retry"), ("failovr", "failover")],
)  # fmt: skip
def test_misspellings_are_corrected_onto_lexicon_words(typo: str, meant: str) -> None:
    assert stem(correct(typo) or "") == stem(meant)


@pytest.mark.parametrize(
    "word", ["shared", "lease", "least", "caching", "login", "nginx", "cached"]
)
def test_real_words_and_short_or_unknown_words_stay_as_they_are(word: str) -> None:
    assert correct(word) is None


def test_code_is_never_corrected() -> None:
    [token] = [t for t in tokenize("see `cahce_ttl`") if t.raw == "cahce"]
    assert token.code
    assert token.stem != stem("cache")


def test_guard_list_matches_the_lexicon() -> None:
    assert guard_digest() == targets_digest(), (
        "the lexicon changed: regenerate the guard list with "
        "`python -m scoring.analysis.spelling --write`"
    )
