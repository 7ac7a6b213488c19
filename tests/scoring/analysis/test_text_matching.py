"""Tokens, stems, naming statements, phrase matching and negation scope."""

from __future__ import annotations

import pytest

from scoring.analysis.matching import TextIndex, compile_phrase, make_units
from scoring.analysis.reading import split_sentences
from scoring.analysis.text import stem, tokenize


def matches(text: str, phrase: str) -> list[tuple[str, bool]]:
    """(matched excerpt, negated) for each match of phrase in text."""
    index = TextIndex(make_units(text, "notes", section="deep_dive"))
    compiled = compile_phrase(phrase)
    assert compiled is not None
    return [(index.matched_text(m), m.negated) for m in index.find(compiled)]


@pytest.mark.parametrize(
    "forms",
    [
        ("retry", "retries", "retried", "retrying"),
        ("replica", "replicas", "replicated", "replication", "replicate"),
        ("cache", "cached", "caching", "caches"),
        ("available", "availability"),
        ("consistent", "consistency", "consistently"),
        ("shard", "shards", "sharded", "sharding"),
        ("idempotent", "idempotency", "idempotence"),
    ],
)
def test_word_forms_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(f) for f in forms}) == 1


@pytest.mark.parametrize(("a", "b"), [("latency", "later"), ("restore", "rest"), ("rate", "rat")])
def test_unrelated_words_keep_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_hyphenated_no_is_not_a_negator_token() -> None:
    tokens = tokenize("a repeated submission is a no-op")
    no = next(t for t in tokens if t.raw == "no")
    assert no.hyphen_next


def test_url_paths_and_query_strings_are_not_prose() -> None:
    tokens = tokenize("GET /leaderboard?scope=global&around=me, then cache it")
    assert [t.raw for t in tokens if not t.code] == ["get", "then", "cache", "it"]
    assert "scope" in [t.raw for t in tokens if t.code]


@pytest.mark.parametrize(
    "sentence",
    [
        "The leaderboard should be scalable and highly available.",
        "Must be low latency, reliable, secure and scalable.",
        "Security and disaster recovery are really important for a platform like this.",
        "The system must be strongly consistent.",
        "Observability is key.",
    ],
)
def test_naming_statements(sentence: str) -> None:
    assert all(s.naming for s in split_sentences(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Ride state is strongly consistent in Postgres.",
        "Reads must stay under 100 ms at p99.",
        "Balances must be strongly consistent because two withdrawals could overdraw an account.",
        "We shard by user id.",
    ],
)
def test_statements_that_are_not_naming(sentence: str) -> None:
    assert not any(s.naming for s in split_sentences(sentence))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We won't add a cache for now.", "cache"),
        ("No CDN at first.", "cdn"),
        ("We don't need a CDN at first.", "cdn"),
        ("The workers run without replicas.", "replica"),
        ("We cached nothing.", "cache"),
        ("A CDN is overkill for this traffic.", "cdn"),
        ("The cache is not needed yet.", "cache"),
        ("We use a queue instead of a cache.", "cache"),
        ("Neither retries nor backoff are configured.", "backoff"),
    ],
)
def test_negated_mentions(text: str, phrase: str) -> None:
    found = matches(text, phrase)
    assert found
    assert all(negated for _, negated in found)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("A repeated submission is a no-op.", "no-op"),
        ("We don't shard, but we cache the hot reads.", "cache"),
        ("There is no single point of failure: every tier has a standby.", "standby"),
        ("A bloom filter skips most lookups, so the cache stays small.", "cache"),
        ("No downtime deploys; the cache is warmed first.", "cache"),
    ],
)
def test_mentions_outside_negation_scope(text: str, phrase: str) -> None:
    found = matches(text, phrase)
    assert found
    assert not any(negated for _, negated in found)


def test_phrase_words_may_have_small_gaps() -> None:
    assert matches("Fetches are retried twice with backoff.", "retries with backoff") == [
        ("retried twice with backoff", False)
    ]


@pytest.mark.parametrize(
    "text", ["We fail over to the replica.", "Automatic failover.", "A fail-over script."]
)
@pytest.mark.parametrize("phrase", ["failover", "fail over", "fail-over"])
def test_compounds_match_spaced_and_hyphenated_forms(text: str, phrase: str) -> None:
    assert len(matches(text, phrase)) == 1


def test_trailing_small_word_must_follow_directly() -> None:
    assert matches("Rows are indexed by user id.", "indexed by")
    assert not matches("The geo index sharded by city.", "indexed by")


def test_phrases_do_not_span_sentences() -> None:
    assert not matches("We retry. Later we add backoff.", "retry with backoff")


def test_innermost_match_is_reported() -> None:
    assert matches("Locations live in an in-memory geo index.", "in-memory geo index") == [
        ("in-memory geo index", False)
    ]


def test_builtin_lexicon_is_well_formed() -> None:
    """Every built-in mechanism compiles: phrases tokenise, regexes are tuples that compile."""
    import re

    from scoring.analysis.mechanisms import MECHANISMS

    names = [m.name for m in MECHANISMS]
    assert len(names) == len(set(names))
    for mechanism in MECHANISMS:
        assert isinstance(mechanism.regexes, tuple)
        assert all(re.compile(r) for r in mechanism.regexes)
        assert all(compile_phrase(p) is not None for p in mechanism.phrases)
        assert mechanism.link_words
