"""Quantified targets: numbers with units, filed under the quality they bound."""

from __future__ import annotations

import pytest

from scoring.analysis.matching import TextIndex, make_units
from scoring.analysis.targets import find_targets


def target_categories(text: str) -> set[str]:
    index = TextIndex(make_units(text, "notes", section="requirements"))
    return {hit.category for hit in find_targets(index)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("p99 < 200 ms for reads", "latency"),
        ("p99 under 100 ms", "latency"),
        ("Match within 5 seconds p95.", "latency"),
        ("Search answers in 150ms at p95.", "latency"),
        ("The 99th percentile stays below 300 ms.", "latency"),
        ("Sub-second page loads.", "latency"),
        ("99.95 % a month", "availability"),
        ("Availability target: 99.9%.", "availability"),
        ("We aim for four nines.", "availability"),
        ("Downtime under 5 minutes per month.", "availability"),
        ("The standby takes over within 30 seconds.", "availability"),
        ("RPO 5 minutes, RTO 1 hour.", "disaster_recovery"),
        ("We can lose at most 1 minute of data.", "disaster_recovery"),
        ("Zero data loss for payments.", "disaster_recovery"),
        ("Restore within 4 hours after a region outage.", "disaster_recovery"),
        ("New posts are visible to followers within 5 seconds.", "consistency"),
        ("Replicas may be stale for up to 2 s.", "consistency"),
        ("Handle 50k requests per second at peak.", "performance"),
        ("Handle 50k requests per second at peak.", "scalability"),
        ("Plan for 10x growth.", "scalability"),
        ("It must scale to 10M concurrent users.", "scalability"),
    ],
)
def test_targets_are_recognised(text: str, category: str) -> None:
    assert category in target_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "p99 matters most.",
        "Low latency is key.",
        "It should be highly available.",
        "Fetches time out after 10 s.",
        "Drivers send their location every 4 s.",
        "Session tokens expire within 15 minutes.",
        "The cache TTL is up to 60 seconds.",
        "Rebuilding takes about 10 minutes.",
        "A 90% cache hit ratio.",
        "We have no p99 target of 100 ms yet.",
        "50k leaderboard reads/s at peak.",
        "RPO and RTO are important.",
    ],
)
def test_non_targets_are_ignored(text: str) -> None:
    assert target_categories(text) == set()


def test_percentile_of_requests_is_latency_not_uptime() -> None:
    assert target_categories("99.9% of requests complete under 200 ms.") == {"latency"}
