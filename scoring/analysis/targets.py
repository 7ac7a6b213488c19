"""Quantified targets: numbers with units that commit the design to something measurable.

A target is evidence for a quality even without a mechanism ("p99 under 100 ms", "99.95 %
a month", "RPO 5 minutes", "match within 5 seconds p95"). A bare percentile ("p99") or a
quality word ("low latency") is not a target: every recogniser here needs a number (or a
number word such as "four nines").

A time bound ("within 5 seconds", "under 200 ms") is filed under the quality its sentence
talks about: recovery words make it a recovery time (disaster_recovery), staleness words a
staleness bound (consistency), failover words a failover time (availability), otherwise a
response-time target (latency). Bounds on TTLs, intervals and timeouts are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .matching import Match, TextIndex

NUM = r"\d+(?:[.,]\d+)?"
UNIT = (
    r"(?:ms|msec|millis(?:econds?)?|milliseconds?|µs|us|microseconds?|s|sec|secs|seconds?|"
    r"min|mins|minutes?|h|hr|hrs|hours?|days?)\b"
)
BOUND = (
    r"(?:under|below|within|less than|lower than|faster than|<=?|≤|at most|no more than|"
    r"up to|max(?:imum)?(?: of)?|in under|sub-?)"
)
PERCENTILE = r"(?:\bp(?:50|75|90|95|99(?:\.9+)?|999)\b|\b\d{2}(?:\.\d+)?(?:th)? percentile\b)"
RATE = (
    r"(?:rps|qps|tps|ops/s|req/s|requests?/s(?:ec)?|requests? (?:per|a) s(?:ec(?:ond)?)?|"
    r"(?:reads?|writes?|queries|events?|messages?|uploads?|updates?|orders?|transactions?|"
    r"requests?|lookups?)\s*(?:/|per |a )\s*(?:s\b|sec\b|second)|"
    r"concurrent (?:users|connections|streams|viewers|sessions))"
)
BIG_NUMBER = r"\d[\d,]*(?:\.\d+)?\s*(?:k|m|b|mm|million|billion|thousand)?"


@dataclass(frozen=True)
class TargetKind:
    name: str
    categories: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    # Words an item statement uses when it asks for this kind of target (item linking).
    link_words: tuple[str, ...]


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


TIME_BOUND_PATTERNS = _compile(
    rf"{PERCENTILE}[^.;]{{0,40}}?\b{NUM}\s*{UNIT}",
    rf"\b{NUM}\s*{UNIT}[^.;]{{0,40}}?{PERCENTILE}",
    rf"{BOUND}\s*~?\s*{NUM}\s*{UNIT}",
    rf"{BOUND}\s+(?:a|an|one)\s+(?:second|minute|hour)\b",
    rf"{BOUND}\s+(?:two|three|five|ten|fifteen|twenty|thirty|sixty|a hundred|a few)\s+{UNIT}",
    r"\bsub-?(?:second|millisecond|ms)\b",
    r"\bsingle[- ]digit (?:ms|milliseconds?)\b",
)
AVAILABILITY = TargetKind(
    "availability_target",
    ("availability",),
    _compile(
        r"\b99(?:\.\d+)?\s*%",
        r"\b9\d(?:\.\d+)?\s*%[^.;]{0,30}?\b(?:uptime|availab\w*|sla|slo|a month|per month|monthly|a year|per year|yearly)\b",
        r"\b(?:uptime|availability|sla|slo)\b[^.;]{0,20}?\b9\d(?:\.\d+)?\s*%",
        r"\b(?:two|three|four|five|six|2|3|4|5|6) nines\b",
        rf"\bdowntime\b[^.;]{{0,30}}?{NUM}\s*{UNIT}[^.;]{{0,12}}?\b(?:a|per|each|/)\s*(?:month|year|week|day)\b",
        rf"\b{NUM}\s*{UNIT} of downtime\b",
    ),
    ("availability", "uptime", "nines", "sla", "slo", "downtime", "target", "objective"),
)
RECOVERY = TargetKind(
    "recovery_objective",
    ("disaster_recovery",),
    _compile(
        rf"\b(?:rpo|rto|recovery point|recovery time)\b[^.;]{{0,30}}?(?:\b{NUM}\s*{UNIT}|\bzero\b|\b0\b|near[- ]zero)",
        rf"\b(?:lose|losing|loss of)\s+(?:at most|no more than|up to|under|less than)\s*{NUM}\s*{UNIT}",
        r"\bzero data loss\b",
    ),
    ("rpo", "rto", "recovery", "objective", "restore", "target"),
)
THROUGHPUT = TargetKind(
    "throughput_target",
    ("performance", "scalability"),
    _compile(
        r"\b(?:handle|handles|handling|support|supports|sustain|sustains|serve|serves|absorb|"
        r"absorbs|scale to|scales to|peak of|target of|targets?)\s+(?:~|about|around|roughly|up to|"
        rf"at least)?\s*{BIG_NUMBER}\s*{RATE}",
        r"\b(?:scale to|scales to|support|supports|handle|handles|serve|serves)\s+(?:~|about|around|up to)?\s*"
        rf"{BIG_NUMBER}\s*(?:dau|mau|daily users|users|concurrent|connections|devices|tenants)\b",
        # a multiple is a target when the design commits to it ("built for 10x growth",
        # "3x headroom"); "spikes of 50x" on its own describes the load
        r"\b\d+\s*x\b[^.;]{0,25}?\b(?:growth|grow|headroom|capacity)\b",
        r"\b(?:grow|growth|headroom|scale)\b[^.;]{0,25}?\b\d+\s*x\b",
        r"\b(?:design\w*|plan\w*|provision\w*|built|sized|handle\w*|absorb\w*|sustain\w*)\s+(?:for\s+)?"
        r"(?:a\s+)?\d+\s*x\b",
    ),
    ("throughput", "capacity", "qps", "rps", "peak", "headroom", "growth", "target", "second"),
)
LINK_WORDS_BY_CATEGORY = {
    "latency": ("latency", "percentile", "p99", "p95", "target", "slo", "budget", "millisecond"),
    "consistency": ("stale", "staleness", "window", "lag", "eventual", "bound", "model"),
    "availability": ("failover", "detect", "target", "recovery", "switch"),
    "disaster_recovery": ("rto", "recovery", "restore", "objective", "target"),
}

# Context that decides which quality a time bound belongs to; checked in this order.
_TIME_CONTEXT = (
    (
        None,
        re.compile(
            r"\b(?:ttl|expir\w*|evict\w*|every\s+(?:\d|few|other|second|minute|hour|day|night|week|month)|interval|poll\w*|backoff|lease|time\s?outs?|timed out|retention|retain\w*|kept for|cache for)\b"
            # a notice period ("cancel up to 2h before") is a business rule, not a response time
            r"|\b\d+\s*(?:h|hrs?|hours?|days?|mins?|minutes?)\s+(?:before|in advance|ahead|prior)\b"
        ),
    ),
    (
        "disaster_recovery",
        re.compile(
            r"\b(?:rto|rpo|recover\w*|restor\w*|disaster|back online|data loss|region(?:al)? (?:outage|failure|loss))\b"
        ),
    ),
    (
        "consistency",
        re.compile(
            r"\b(?:stale\w*|visible|visibility|propagat\w*|lag\w*|converg\w*|consisten\w*|eventual\w*|up to date|fresh\w*|replication delay|takes? effect|apply|applies|everywhere"
            r"|reach\w* (?:the )?(?:index|search|feed|replicas?|followers?|other regions?|cache)|show\w* up in|appear\w* in|searchable|findable)\b"
        ),
    ),
    (
        "availability",
        re.compile(
            r"\b(?:fail\s?over|fails over|take[sn]? over|standby|promot\w*|detect\w*|switch\w* (?:over )?to|"
            r"reconnect\w*|second copy)\b"
        ),
    ),
    # a window in which the load arrives or a batch must finish is a workload, not a response time
    (
        None,
        re.compile(
            r"\b(?:arriv\w*|show up|turn up|spread over|all at once)\b|\b(?:run|job|batch|export|import|backfill|"
            r"migration)\b[^.;]{0,30}?\b(?:finish\w*|complet\w*|be done|done)\b"
        ),
    ),
)
# A bound counted in days is never a response time.
_DAYS = re.compile(r"\b(?:days?|weeks?|months?)\b")
# Percentages that measure something other than uptime.
_NOT_UPTIME = re.compile(
    r"%\s*of (?:the )?(?:requests|reads|writes|calls|queries|lookups|traffic|users|operations)|"
    r"\bhit (?:ratio|rate)\b|\butili[sz]ation\b|\bcpu\b|\bdisk\b|\baccuracy\b|\bpercentile\b"
)


@dataclass(frozen=True)
class TargetHit:
    kind: str
    category: str
    match: Match
    link_words: tuple[str, ...]


def find_targets(index: TextIndex) -> list[TargetHit]:
    """Every non-negated quantified target in the indexed text, in text order."""
    hits: list[TargetHit] = []
    for pattern in TIME_BOUND_PATTERNS:
        for match in index.find_regex(pattern):
            category = classify_time_bound(index.sentence(match).lower)
            if category == "latency" and _DAYS.search(index.matched_text(match).lower()):
                category = None  # "erased within 30 days" is a business deadline
            if category and not match.negated:
                link = LINK_WORDS_BY_CATEGORY[category]
                hits.append(TargetHit(f"{category}_time_bound", category, match, link))
    for kind in (AVAILABILITY, RECOVERY, THROUGHPUT):
        for pattern in kind.patterns:
            for match in index.find_regex(pattern):
                if match.negated or _is_request_percentile(index, match, kind):
                    continue
                for category in kind.categories:
                    hits.append(TargetHit(kind.name, category, match, kind.link_words))
    return sorted(
        _dedupe(hits), key=lambda h: (h.match.unit, h.match.sentence, h.match.first, h.kind)
    )


def classify_time_bound(sentence: str) -> str | None:
    for category, context in _TIME_CONTEXT:
        if context.search(sentence):
            return category
    return "latency"


def _is_request_percentile(index: TextIndex, match: Match, kind: TargetKind) -> bool:
    """'99.9 % of requests under 200 ms' is a latency percentile, not an uptime target."""
    return kind is AVAILABILITY and bool(_NOT_UPTIME.search(index.sentence(match).lower))


def _dedupe(hits: list[TargetHit]) -> list[TargetHit]:
    seen: set[tuple[str, str, int, int]] = set()
    unique = []
    for hit in hits:
        key = (hit.kind, hit.category, hit.match.unit, hit.match.sentence)
        if key not in seen:
            seen.add(key)
            unique.append(hit)
    return unique
