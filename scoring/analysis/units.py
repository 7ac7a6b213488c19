"""Units and magnitudes of the estimates: figures in the notes that cannot all be right.

Each line of the notes is read for figures with their units: sizes (bytes or bits, ``5 GB``,
``100 Mbps``), counts per time (``10k writes/s``, ``100M reads/day``, ``3k QPS``), each
optionally per second, minute, hour, day, month or year. The line's own words say what it
states (storage, bandwidth, a total over the retention). The checks, each a finding that
cites the lines it read:

- **unit mismatches**: a storage line whose figure is a request rate; a total storage given
  per day; a bandwidth without a time unit;
- **per second against per day**: a rate stated both ways (same side: writes, reads or
  requests) where the per-second figure is below the daily average or more than
  ``MAX_RATIO`` times it (a daily peak is a few times the average, not tens);
- **storage against the write rate**: writes per second × the payload × 86,400 s against
  the storage per day stated, more than ``MAX_RATIO`` apart either way;
- **bits against bytes**: a stated bandwidth against reads per second × the payload (or the
  structured ``bandwidth_out_bytes_per_s``), about 8× apart (bits written for bytes or the
  reverse), or more than ``MAX_RATIO`` apart;
- **notes against the estimator**: the storage per day the notes state against the
  session's structured ``storage_per_day_bytes``, more than ``MAX_RATIO`` apart.

Deliberately conservative: a line whose words say nothing of what it states is only used as
a rate or a payload, never judged on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DAY = 86_400.0
MAX_RATIO = 10.0
BITS_BYTES = (8 / 1.5, 8 * 1.5)  # a ratio in here reads as bits for bytes
PERIODS = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0,
           "hour": 3600.0, "d": DAY, "day": DAY, "daily": DAY, "month": 30 * DAY,
           "year": 365 * DAY, "yr": 365 * DAY}  # fmt: skip
SCALE = {"": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "b": 1e9,
         "bn": 1e9, "billion": 1e9}  # fmt: skip
_NUM = r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)"
_PER = (
    r"(?:\s*(?:/|per\b|an?\b)\s*(s|sec|second|min|minute|h|hour|d|day|month|year|yr)\b|\s+(daily))?"
)
SIZE = re.compile(rf"{_NUM}\s*([kmgtp]?)(i?)(bytes?|bits?|b)(ps)?\b{_PER}", re.IGNORECASE)
COUNT = re.compile(
    rf"{_NUM}\s*(k|m|mn|bn|b|thousand|million|billion)?\s*"
    r"(qps|rps|tps|requests?|reqs?|reads?|writes?|quer(?:y|ies)|ops|operations|messages|events"
    r"|inserts?|lookups?|redirects?|uploads?|links?|posts?|orders?|calls?)"
    r"(?:\s*(?:/|per\b|an?\b)\s*(s|sec|second|min|minute|h|hour|d|day)\b|\s+(daily))?",
    re.IGNORECASE,
)
READ_WORDS = re.compile(r"^(?:reads?|quer(?:y|ies)|lookups?|redirects?)$")
WRITE_WORDS = re.compile(r"^(?:writes?|inserts?|uploads?|links?|posts?|orders?)$")
STORAGE_TOPIC = re.compile(r"\b(?:storage|stored|store|disk|data (?:size|volume)|db size)\b", re.I)
BANDWIDTH_TOPIC = re.compile(r"\b(?:bandwidth|egress|ingress|network|transfer)\b", re.I)
TOTAL_TOPIC = re.compile(r"\b(?:total|in all|overall|over (?:\d+|ten|five) years|retention|"
                         r"for (?:\d+|ten|five) years)\b", re.I)  # fmt: skip
DAILY_TOPIC = re.compile(r"\b(?:per day|a day|daily|/day|each day)\b", re.I)
PAYLOAD_TOPIC = re.compile(r"\b(?:payload|record|row|object|item|entry|each|per (?!day|second)"
                           r"\w+|size|avg|average)\b", re.I)  # fmt: skip


@dataclass(frozen=True)
class Figure:
    quantity: str  # bytes | bits | count
    value: float  # bytes, bits or a count (in one `period`)
    period: float | None  # seconds the figure is counted over; None: a total or a size
    side: str  # counts: writes | reads | requests
    written: str  # as written
    section: str
    line: int  # 1-based
    text: str  # the whole line

    @property
    def per_second(self) -> float:
        return self.value / (self.period or 1.0)

    def cited(self) -> dict[str, Any]:
        return {"section": self.section, "line": self.line, "text": self.text}


def figures_of(section: str, number: int, line: str) -> list[Figure]:
    """The figures one line states, sizes first, each with its unit."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in SIZE.finditer(line):
        prefix, unit, ps = m.group(2), m.group(4), m.group(5)
        if unit.lower() == "b" and not prefix and not ps:
            continue  # "10b" is ten billion more often than ten bytes
        # "Gb", "Mbps", "bits": bits; "GB", "gb", "bytes": bytes (the usual sloppy form).
        bits = unit.lower().startswith("bit") or (unit == "b" and (bool(ps) or prefix.isupper()))
        period = 1.0 if ps else _period(m.group(6) or m.group(7))
        power = "kmgtp".find(prefix.lower()) + 1 if prefix else 0
        value = _number(m.group(1)) * (1024 if m.group(3) else 1000) ** power
        found.append(Figure("bits" if bits else "bytes", value, period, "", m.group(0).strip(),
                            section, number, line.strip()))  # fmt: skip
        taken.append(m.span())
    for m in COUNT.finditer(line):
        if any(a <= m.start() < b for a, b in taken):
            continue
        noun = m.group(3).lower()
        per_second_noun = noun in ("qps", "rps", "tps")
        period = 1.0 if per_second_noun else _period(m.group(4) or m.group(5))
        if period is None:
            continue  # a count with no time ("10M links") is not a rate
        value = _number(m.group(1)) * SCALE[(m.group(2) or "").lower()]
        found.append(Figure("count", value, period, _side(noun), m.group(0).strip(), section,
                            number, line.strip()))  # fmt: skip
    return found


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _period(word: str | None) -> float | None:
    return PERIODS.get(word.lower()) if word else None


def _side(noun: str) -> str:
    if READ_WORDS.match(noun):
        return "reads"
    if WRITE_WORDS.match(noun):
        return "writes"
    return "requests"


def _finding(rule: str, message: str, cited: Iterable[Figure], severity: str = "medium"
             ) -> dict[str, Any]:  # fmt: skip
    lines = sorted({(f.section, f.line): f.cited() for f in cited}.items())
    return {"rule": rule, "severity": severity, "message": message,
            "lines": [c for _, c in lines], "nodes": [], "edges": []}  # fmt: skip


def unit_findings(
    sections: Sequence[tuple[str, str]], estimates: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every unit mismatch and inconsistent magnitude the notes hold (module docstring)."""
    figures = [
        fig
        for section, text in sections
        for number, line in enumerate(text.splitlines(), start=1)
        for fig in figures_of(section, number, line)
    ]
    estimates = estimates or {}
    findings = _mismatches(figures)
    findings += _per_second_vs_day(figures)
    findings += _storage_vs_writes(figures)
    findings += _bandwidth(figures, estimates)
    findings += _notes_vs_estimates(figures, estimates)
    return findings


def _mismatches(figures: list[Figure]) -> list[dict[str, Any]]:
    out = []
    for line in _by_line(figures):
        text = line[0].text
        sizes = [f for f in line if f.quantity != "count"]
        counts = [f for f in line if f.quantity == "count"]
        if STORAGE_TOPIC.search(text) and counts and not sizes and not BANDWIDTH_TOPIC.search(text):
            out.append(_finding("storage_as_rate", f"Storage is stated as a request rate "
                                f"(“{counts[0].written}”): storage is bytes, per day or in all.",
                                counts))  # fmt: skip
        daily = [f for f in sizes if f.period and f.period >= DAY]
        if STORAGE_TOPIC.search(text) and TOTAL_TOPIC.search(text) and daily:
            out.append(_finding("total_as_daily", f"The total storage is given per day "
                                f"(“{daily[0].written}”): over the retention it is that times "
                                "the days kept.", daily))  # fmt: skip
        flat = [f for f in sizes if f.period is None]
        if BANDWIDTH_TOPIC.search(text) and flat and not any(f.period for f in sizes):
            out.append(_finding("bandwidth_without_rate", f"Bandwidth is a rate, but "
                                f"“{flat[0].written}” has no time unit (per second?).", flat))  # fmt: skip
    return out


def _by_line(figures: list[Figure]) -> list[list[Figure]]:
    lines: dict[tuple[str, int], list[Figure]] = {}
    for fig in figures:
        lines.setdefault((fig.section, fig.line), []).append(fig)
    return list(lines.values())


def _per_second_vs_day(figures: list[Figure]) -> list[dict[str, Any]]:
    out = []
    for side in ("writes", "reads"):
        rates = [f for f in figures if f.quantity == "count" and f.side == side]
        per_second = [f for f in rates if f.period is not None and f.period < 3600]
        daily = [f for f in rates if f.period == DAY]
        if not per_second or not daily:
            continue
        average = daily[0].per_second
        ratios = [f.per_second / average for f in per_second if average]
        if ratios and all(r < 0.5 or r > MAX_RATIO for r in ratios):
            stated = per_second[0]
            out.append(_finding("per_second_vs_day", f"{stated.written} is {ratios[0]:.2g}× the "
                                f"daily average of {daily[0].written} ({average:,.0f} {side}/s "
                                "over 86,400 s): one of the two is off.",
                                [stated, daily[0]]))  # fmt: skip
    return out


def _payload(figures: list[Figure]) -> Figure | None:
    """The record or payload size: a size with no time, on a line that is not storage or
    bandwidth, and below 100 MB (larger is a total)."""
    for fig in figures:
        if (fig.quantity == "bytes" and fig.period is None and fig.value < 1e8
                and PAYLOAD_TOPIC.search(fig.text) and not STORAGE_TOPIC.search(fig.text)
                and not BANDWIDTH_TOPIC.search(fig.text)):  # fmt: skip
            return fig
    return None


def _write_rate(figures: list[Figure]) -> Figure | None:
    writes = [f for f in figures if f.quantity == "count" and f.side == "writes"]
    daily = [f for f in writes if f.period == DAY]
    return daily[0] if daily else (writes[0] if writes else None)


def _storage_per_day(figures: list[Figure]) -> Figure | None:
    for fig in figures:
        if fig.quantity != "bytes" or not STORAGE_TOPIC.search(fig.text):
            continue
        if fig.period == DAY or (fig.period is None and DAILY_TOPIC.search(fig.text)
                                 and not TOTAL_TOPIC.search(fig.text)):  # fmt: skip
            return fig
    return None


def _storage_vs_writes(figures: list[Figure]) -> list[dict[str, Any]]:
    rate, payload, stored = _write_rate(figures), _payload(figures), _storage_per_day(figures)
    if rate is None or payload is None or stored is None or not stored.value:
        return []
    expected = rate.per_second * payload.value * DAY
    ratio = stored.value / expected if expected else 0.0
    if ratio and (ratio > MAX_RATIO or ratio < 1 / MAX_RATIO):
        return [_finding("storage_vs_writes", f"{rate.written} ({rate.per_second:,.0f}/s) × "
                         f"{payload.written} × 86,400 s is {_bytes(expected)} a day, but the "
                         f"notes state {stored.written} ({_times(ratio)}).",
                         [rate, payload, stored])]  # fmt: skip
    return []


def _bandwidth(figures: list[Figure], estimates: Mapping[str, Any]) -> list[dict[str, Any]]:
    stated = next((f for f in figures if f.quantity != "count" and f.period is not None
                   and f.period < DAY and BANDWIDTH_TOPIC.search(f.text)), None)  # fmt: skip
    if stated is None:
        return []
    cited = [stated]
    expected = _positive(estimates.get("bandwidth_out_bytes_per_s"))
    source = "the estimator's bandwidth out"
    if expected is None:
        reads = next((f for f in figures if f.quantity == "count" and f.side == "reads"), None)
        payload = _payload(figures)
        if reads is None or payload is None:
            return []
        expected, source = reads.per_second * payload.value, f"{reads.written} × {payload.written}"
        cited += [reads, payload]
    as_bytes = stated.per_second / (8 if stated.quantity == "bits" else 1)
    ratio = as_bytes / expected
    if BITS_BYTES[0] <= ratio <= BITS_BYTES[1] or BITS_BYTES[0] <= 1 / ratio <= BITS_BYTES[1]:
        return [_finding("bits_vs_bytes", f"{stated.written} is {_times(ratio)}: {source} "
                         f"({_bytes(expected)}/s); bits and bytes look swapped.", cited)]  # fmt: skip
    if ratio > MAX_RATIO or ratio < 1 / MAX_RATIO:
        return [_finding("bandwidth_magnitude", f"{stated.written} is {_times(ratio)}: {source} "
                         f"({_bytes(expected)}/s).", cited)]  # fmt: skip
    return []


def _notes_vs_estimates(
    figures: list[Figure], estimates: Mapping[str, Any]
) -> list[dict[str, Any]]:
    structured = _positive(estimates.get("storage_per_day_bytes"))
    stored = _storage_per_day(figures)
    if structured is None or stored is None or not stored.value:
        return []
    ratio = stored.value / structured
    if ratio > MAX_RATIO or ratio < 1 / MAX_RATIO:
        return [_finding("notes_vs_estimates", f"The notes state {stored.written} of storage a "
                         f"day; the estimates give {_bytes(structured)} ({_times(ratio)}).",
                         [stored])]  # fmt: skip
    return []


def _positive(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def _bytes(value: float) -> str:
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= size:
            return f"{value / size:.3g} {unit}"
    return f"{value:.3g} B"


def _times(ratio: float) -> str:
    """ "86× that", "1/8 of that": how far a stated figure is from what it should be."""
    factor = ratio if ratio >= 1 else 1 / ratio
    shown = f"{factor:,.0f}" if factor >= 10 else f"{factor:.2g}"
    return f"{shown}× that" if ratio >= 1 else f"1/{shown} of that"
