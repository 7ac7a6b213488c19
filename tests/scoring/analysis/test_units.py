"""Units and magnitudes in the estimates: one small case per check, and the quiet cases."""

from __future__ import annotations

import pytest

from scoring.analysis.units import figures_of, unit_findings


def rules(text, estimates=None):
    return [f["rule"] for f in unit_findings([("estimates", text)], estimates)]


def test_storage_given_as_a_request_rate():
    [finding] = unit_findings([("estimates", "Peak 3k QPS\nStorage: 10k writes/s")])
    assert finding["rule"] == "storage_as_rate"
    assert finding["lines"] == [
        {"section": "estimates", "line": 2, "text": "Storage: 10k writes/s"}
    ]


def test_a_total_given_per_day():
    assert rules("Total storage over 10 years: 5 GB/day") == ["total_as_daily"]


def test_a_bandwidth_without_a_time_unit():
    assert rules("Bandwidth out: 500 GB") == ["bandwidth_without_rate"]


def test_per_second_against_per_day_off_by_far_more_than_a_peak():
    [finding] = unit_findings([("estimates", "100M writes/day\npeak 100k writes/s")])
    assert finding["rule"] == "per_second_vs_day"
    assert [c["line"] for c in finding["lines"]] == [1, 2]
    assert "86×" in finding["message"]


def test_a_peak_a_few_times_the_average_is_consistent():
    assert rules("100M writes/day\npeak 3.5k writes/s") == []


def test_storage_per_day_against_writes_times_payload():
    text = "10M writes/day\neach record 500 bytes\nstorage per day: 500 GB"
    [finding] = unit_findings([("estimates", text)])
    assert finding["rule"] == "storage_vs_writes"
    assert [c["line"] for c in finding["lines"]] == [1, 2, 3]
    assert "5 GB a day" in finding["message"]


def test_storage_per_day_that_matches_the_writes_is_quiet():
    assert rules("10M writes/day\neach record 500 bytes\nstorage per day: 5 GB") == []


def test_bits_written_for_bytes_in_the_bandwidth():
    text = "35k reads/s\neach record 500 bytes\nbandwidth out: 17.5 Mbps"
    assert rules(text) == ["bits_vs_bytes"]
    assert rules("35k reads/s\neach record 500 bytes\nbandwidth out: 140 Mbps") == []


def test_the_bandwidth_against_the_structured_estimate():
    estimates = {"bandwidth_out_bytes_per_s": 17_500_000}
    assert rules("egress 2 GB/s", estimates) == ["bandwidth_magnitude"]
    assert rules("egress 20 MB/s", estimates) == []


def test_the_notes_against_the_estimators_storage_per_day():
    [finding] = unit_findings(
        [("estimates", "storage per day 500 GB")], {"storage_per_day_bytes": 5e9}
    )
    assert finding["rule"] == "notes_vs_estimates"
    assert finding["lines"][0]["line"] == 1
    assert rules("storage per day 8 GB", {"storage_per_day_bytes": 5e9}) == []


@pytest.mark.parametrize(
    ("written", "quantity", "value", "period"),
    [
        ("5 GB", "bytes", 5e9, None),
        ("5 gb a day", "bytes", 5e9, 86_400),
        ("100 Mbps", "bits", 1e8, 1),
        ("2 Gb/s", "bits", 2e9, 1),
        ("1 KiB", "bytes", 1024, None),
        ("10,000 writes per second", "count", 1e4, 1),
        ("3k QPS", "count", 3e3, 1),
        ("10b writes per day", "count", 1e10, 86_400),
    ],
)
def test_figures_keep_their_units(written, quantity, value, period):
    [figure] = figures_of("estimates", 1, written)
    assert (figure.quantity, figure.value, figure.period) == (quantity, value, period)


def test_a_count_with_no_time_is_not_a_rate():
    assert figures_of("estimates", 1, "10M links in all") == []
