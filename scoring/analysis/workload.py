"""Is the workload read-heavy, as the notes state it?

Read-heavy when a notes line says so in words ("read-heavy", "reads far exceed writes",
"viewers outnumber uploaders", "reads are about 100 times more than writes", "for every
upload there are about 200 views", "a hundred reads per write"), as a ratio ("read:write
100:1", "50x more reads than writes"), or with two rates on one line whose read rate is at
least five times the write rate ("50k reads/s ... 1.2k writes/s"). Ratios below five to one
are not read-heavy; declined statements do not count.
"""

from __future__ import annotations

import re
from typing import Any

from .matching import Match, TextIndex

MIN_READ_RATIO = 5
_READ = (
    r"(?:reads?|readers?|viewers?|views|lookups?|gets|queries|consumers?|watchers?|followers?|"
    r"visitors?|subscribers?|downloads?|redirects?|fetches|listeners?|players?|audiences?|"
    r"searches|clicks|visits|page ?views|pageviews|plays|opens)"
)
_WRITE = (
    r"(?:writes?|writers?|uploaders?|uploads?|posts?|posters?|creators?|publishers?|producers?|"
    r"updates?|inserts?|authors?|senders?|sellers?|submissions?|edits?|listings?|shortenings?|"
    r"orders?|bookings?|purchases?|creations?|changes?)"
)
_WRITE_ONE = (
    r"(?:write|upload|post|update|insert|submission|edit|listing|order|booking|change|creation)"
)
_VERB = r"(?:exceeds?|outnumbers?|outweighs?|dominates?|dwarfs?)"
_NUMBER_WORDS = {
    "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100, "a hundred": 100, "one hundred": 100,
    "thousand": 1000, "a thousand": 1000, "one thousand": 1000, "a million": 1_000_000,
}  # fmt: skip
_N = r"(\d+(?:[.,]\d+)?|a hundred|one hundred|hundred|a thousand|one thousand|thousand|ten|twenty|fifty)"
_ABOUT = r"(?:(?:about|roughly|around|approximately|some|nearly|over|~)\s*)?"
READ_HEAVY_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\bread[- ]?(?:heavy|mostly|dominated|intensive)\b",
        rf"\b{_READ}\b[^.;]{{0,30}}?\b{_VERB}\b[^.;]{{0,30}}?\b{_WRITE}\b",
        rf"\bmore {_READ} than {_WRITE}\b",
        rf"\bmostly {_READ}\b",
        r"\bmostly (?:browse|browsing|read|reading|view|viewing|search|searching|look|looking)\b",
        r"\bwrites? (?:are|is|make up) (?:only )?(?:a )?(?:small|tiny|minor) (?:share|fraction|part|minority|slice)\b",
        # "write once, read many" alone names WORM storage; a workload says how often
        r"\bwrit\w* once\b[^.;]{0,20}?\bread\w* (?:many times|\w+ times|often|constantly|millions)",
    )
)
# Each pattern's first group is the ratio of reads to writes.
READ_RATIO_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\breads?\s*(?::|/|to|-to-)\s*writes?\b[^.;\d]{0,20}?(\d+)\s*:\s*1\b",
        r"\b(\d+)\s*:\s*1\s*(?:read|reads)\b",
        rf"\b{_N}\s*(?:x|×|times)\s+(?:more|as many)\s+{_READ}\b",
        # "reads ~30x writes", "reads are 50 times the writes"
        rf"\b{_READ}\b[^.;\d]{{0,15}}?{_ABOUT}{_N}\s*(?:x|×|times)\s+(?:the\s+)?{_WRITE}\b",
        rf"\b{_READ}\b[^.;]{{0,20}}?\b{_ABOUT}{_N}\s*(?:x|×|times)\s+(?:more|higher|greater|as (?:many|frequent))\b"
        rf"(?:[^.;]{{0,20}}?\b{_WRITE}\b)?",
        rf"\bfor (?:every|each) {_WRITE_ONE}\b[^.;]{{0,25}}?\b{_ABOUT}{_N}\s+{_READ}\b",
        rf"\b{_ABOUT}{_N}\s+{_READ}\s+(?:per|for every|for each|to (?:one|1|every|each))\s+{_WRITE_ONE}\b",
        # "one edit for every fifty views"
        rf"\b(?:one|1|a single)\s+{_WRITE_ONE}\s+(?:for|per|to)\s+(?:every|each)\s+{_ABOUT}{_N}\s+{_READ}\b",
        # "each comment is read maybe 10 times"
        rf"\b(?:read|viewed|fetched|opened|loaded|watched|played|requested|downloaded)\b[^.;]{{0,12}}?"
        rf"\b{_ABOUT}(?:maybe\s+|perhaps\s+)?{_N}\s*(?:x|×|times)\s+(?:each|apiece|on average)\b",
    )
)
_RATE = re.compile(
    rf"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<k>k|m|b)?\s*(?P<what>(?:[a-z]+\s+){{0,2}}?(?:{_READ}|{_WRITE}|loads?))"
    r"\s*(?:/\s*s(?:ec)?\b|per second|a second|/\s*min\b|per minute)"
)
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def ratio_value(text: str) -> float:
    return float(_NUMBER_WORDS.get(text) or text.replace(",", ""))


def read_heavy_evidence(index: TextIndex, notes_units: list[int]) -> list[dict[str, Any]]:
    """Notes lines stating a read-heavy workload."""
    evidence = []
    for pattern in READ_HEAVY_PATTERNS:
        evidence += [
            _record(index, m, "read_heavy")
            for m in index.find_regex(pattern, notes_units)
            if m.declined is None
        ]
    for pattern in READ_RATIO_PATTERNS:
        for match in index.find_regex(pattern, notes_units):
            ratio = pattern.search(index.sentence(match).prose)
            if ratio and ratio_value(ratio.group(1)) >= MIN_READ_RATIO and match.declined is None:
                evidence.append(_record(index, match, "read_ratio"))
    evidence += _rate_evidence(index, notes_units)
    return _unique(evidence)


def _rate_evidence(index: TextIndex, notes_units: list[int]) -> list[dict[str, Any]]:
    """Lines with a read rate at least five times a write rate."""
    found = []
    for u in notes_units:
        unit = index.units[u]
        reads, writes = [], []
        for hit in _RATE.finditer(unit.text.lower()):
            value = float(hit.group("n").replace(",", "")) * _SCALE[hit.group("k") or ""]
            what = hit.group("what")
            if re.search(rf"\b{_WRITE}$", what):
                writes.append(value)
            else:
                reads.append(value)
        if reads and writes and max(reads) >= MIN_READ_RATIO * max(writes):
            found.append(unit.evidence(unit.text.strip(), "read_rates"))
    return found


def _record(index: TextIndex, match: Match, cue: str) -> dict[str, Any]:
    return index.units[match.unit].evidence(index.matched_text(match), cue)


def _unique(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    result = []
    for e in evidence:
        key = (e["source"], e.get("section"), e.get("line"))
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result
