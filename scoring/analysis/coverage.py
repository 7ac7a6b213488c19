"""NFR coverage: does the session address each quality, item by item?

Evidence strength
-----------------
*Strong* evidence is a concrete mechanism or a quantified target stated in a notes
section or in a node's notes: a checklist item's cue phrase, or one of the built-in
recognisers (mechanisms.py, targets.py). *Weak* evidence is everything that shows intent
without a statement: a diagram pattern that holds, a mechanism written only in a node or
edge label, a candidate chat message (chat is said in passing, not written into the
design), or a cue made only of product names ("Redis": a choice of product is not a
mechanism). Interviewer chat is never evidence.

A match never counts when it is negated ("we won't add a cache for now"), and a cue made
only of quality names ("highly available", "strongly consistent", "durability") does not
count inside a naming statement ("the system must be strongly consistent") — see
text.is_naming_statement. Naming a quality is not addressing it.

Status
------
Item: *covered* with at least one strong signal (its own cue phrases, or a built-in
recogniser of its category whose link words appear in the item's statement or cues);
*partly* with only weak signals (typically its diagram pattern holds, or chat only);
*missing* otherwise.

Category: *covered* when an item is covered or a built-in recogniser of the category
found strong evidence that no item claims (the analysis must not depend on how complete
the checklist is); *partly* when only weak signals exist; *missing* otherwise.

Category score (0..100) = 100 x (0.5 x status credit + 0.5 x weighted item credit), with
credit covered 1, partly 0.5, missing 0 and items weighted by their weight (1..3): half
for addressing the quality at all, half for how much of its checklist was addressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .inputs import NOTE_SECTIONS, ChecklistItem, NFRCategory
from .matching import Match, Phrase, TextIndex, compile_phrase, occurs_in
from .mechanisms import CATEGORY_PATTERNS, Mechanism, mechanisms_for
from .patterns import PatternResult
from .targets import TargetHit
from .text import tokenize
from .vocabulary import STOPWORDS

CREDIT = {"covered": 1.0, "partly": 0.5, "missing": 0.0}
MAX_EVIDENCE = 6
_SOURCE_RANK = {"notes": 0, "node_notes": 1, "label": 2, "pattern": 3, "chat": 4}


@dataclass(frozen=True)
class Signal:
    strong: bool
    evidence: dict[str, Any]
    rank: tuple[Any, ...]  # sort key: strong first, then source, section, line
    links: frozenset[str] = frozenset()  # stems tying a built-in signal to items


class SignalFinder:
    """Turns phrase, mechanism and target matches over one text index into signals."""

    def __init__(self, index: TextIndex, targets: list[TargetHit]) -> None:
        self.index = index
        self.targets = targets
        self._mechanism_cache: dict[str, list[Signal]] = {}
        self._phrase_cache: dict[str, list[Signal]] = {}

    def for_phrase(self, text: str) -> list[Signal]:
        if text not in self._phrase_cache:
            phrase = compile_phrase(text)
            found = (
                (self._signal(m, phrase, text) for m in self.index.find(phrase)) if phrase else ()
            )
            self._phrase_cache[text] = [s for s in found if s is not None]
        return self._phrase_cache[text]

    def for_mechanism(self, mechanism: Mechanism) -> list[Signal]:
        if mechanism.name not in self._mechanism_cache:
            self._mechanism_cache[mechanism.name] = self._mechanism_signals(mechanism)
        return self._mechanism_cache[mechanism.name]

    def for_targets(self, category: str) -> list[Signal]:
        signals = []
        for hit in self.targets:
            if hit.category == category:
                signal = self._signal(hit.match, None, hit.kind, links=hit.link_words)
                if signal is not None:
                    signals.append(signal)
        return signals

    def _mechanism_signals(self, mechanism: Mechanism) -> list[Signal]:
        links = mechanism.link_words
        matches: list[tuple[Match, Phrase | None, str]] = []
        for text in mechanism.phrases:
            phrase = compile_phrase(text)
            if phrase is not None:
                matches.extend((m, phrase, text) for m in self.index.find(phrase))
        for regex in _compiled(mechanism.regexes):
            matches.extend((m, None, mechanism.name) for m in self.index.find_regex(regex))
        signals = []
        for match, phrase, cue in matches:
            if self._context_allows(match, mechanism):
                signal = self._signal(match, phrase, f"{mechanism.name}: {cue}", links=links)
                if signal is not None:
                    signals.append(signal)
        return signals

    def _context_allows(self, match: Match, mechanism: Mechanism) -> bool:
        sentence = self.index.sentence(match)
        if any(occurs_in(sentence, p) for p in _phrases(mechanism.unless_any)):
            return False
        return not mechanism.requires_any or any(
            occurs_in(sentence, p) for p in _phrases(mechanism.requires_any)
        )

    def _signal(
        self, match: Match, phrase: Phrase | None, cue: str, links: tuple[str, ...] = ()
    ) -> Signal | None:
        if match.negated:
            return None
        unit = self.index.units[match.unit]
        if phrase is not None and phrase.naming_ish and self.index.sentence(match).naming:
            return None
        strong = unit.strong and not (phrase is not None and phrase.technology)
        evidence = unit.evidence(self.index.matched_text(match), cue)
        evidence["strength"] = "strong" if strong else "weak"
        section = NOTE_SECTIONS.index(unit.section) if unit.section in NOTE_SECTIONS else 0
        rank = (
            not strong,
            _SOURCE_RANK[unit.source],
            section,
            unit.line or 0,
            unit.seq or 0,
            match.unit,
        )
        return Signal(strong, evidence, rank, _stems_of_words(links))


@lru_cache(maxsize=256)
def _compiled(regexes: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r) for r in regexes)


@lru_cache(maxsize=256)
def _phrases(texts: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(p for p in (compile_phrase(t) for t in texts) if p is not None)


@lru_cache(maxsize=1024)
def _stems_of_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t.stem for w in words for t in tokenize(w) if t.raw not in STOPWORDS)


def _item_stems(item: ChecklistItem) -> frozenset[str]:
    text = " ".join((item.statement, *item.cues.phrases))
    return frozenset(t.stem for t in tokenize(text) if t.raw not in STOPWORDS)


def pattern_signal(result: PatternResult) -> Signal:
    evidence = result.evidence()
    evidence["strength"] = "weak"
    return Signal(False, evidence, (True, _SOURCE_RANK["pattern"], 0, 0, 0, result.name))


def status_of(signals: list[Signal]) -> str:
    if any(s.strong for s in signals):
        return "covered"
    return "partly" if signals else "missing"


def evidence_list(signals: list[Signal]) -> list[dict[str, Any]]:
    """Sorted, de-duplicated evidence (one per location and excerpt), capped."""
    seen: set[tuple[Any, ...]] = set()
    result = []
    for signal in sorted(signals, key=lambda s: (s.rank, str(s.evidence.get("cue", "")))):
        e = signal.evidence
        key = (e["source"], e.get("section"), e.get("line"), e.get("seq"), tuple(e.get("nodes", ())),
               tuple(e.get("edges", ())), e.get("pattern"), e.get("matched"))  # fmt: skip
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result[:MAX_EVIDENCE]


def assess_category(
    category: NFRCategory,
    finder: SignalFinder,
    patterns: dict[str, PatternResult],
    focus_weight: int,
) -> dict[str, Any]:
    builtin = [s for m in mechanisms_for(category.slug) for s in finder.for_mechanism(m)]
    builtin += finder.for_targets(category.slug)
    claimed: set[int] = set()
    items = []
    for item in category.items:
        item_result, used = _assess_item(item, finder, patterns, builtin)
        claimed |= used
        items.append(item_result)
    item_patterns = {p for item in category.items for p in item.cues.patterns}
    leftovers = [s for i, s in enumerate(builtin) if i not in claimed]
    leftovers += [
        pattern_signal(patterns[p])
        for p in CATEGORY_PATTERNS.get(category.slug, ())
        if p not in item_patterns and patterns[p].holds
    ]
    status = _category_status([i["status"] for i in items], leftovers)
    return {
        "slug": category.slug,
        "name": category.name,
        "status": status,
        "score": category_score(status, category.items, [i["status"] for i in items]),
        "focus_weight": focus_weight,
        "items": items,
        "evidence": evidence_list(leftovers),
    }


def _assess_item(
    item: ChecklistItem,
    finder: SignalFinder,
    patterns: dict[str, PatternResult],
    builtin: list[Signal],
) -> tuple[dict[str, Any], set[int]]:
    signals = [s for phrase in item.cues.phrases for s in finder.for_phrase(phrase)]
    signals += [
        pattern_signal(patterns[p])
        for p in item.cues.patterns
        if p in patterns and patterns[p].holds
    ]
    stems = _item_stems(item)
    used = {i for i, s in enumerate(builtin) if s.links & stems}
    signals += [builtin[i] for i in sorted(used)]
    status = status_of(signals)
    return {
        "slug": item.slug,
        "statement": item.statement,
        "weight": item.weight,
        "status": status,
        "evidence": evidence_list(signals),
        "study": list(item.study),
    }, used


def _category_status(item_statuses: list[str], leftovers: list[Signal]) -> str:
    if "covered" in item_statuses or any(s.strong for s in leftovers):
        return "covered"
    if "partly" in item_statuses or leftovers:
        return "partly"
    return "missing"


def category_score(status: str, items: tuple[ChecklistItem, ...], statuses: list[str]) -> float:
    total = sum(item.weight for item in items)
    if total:
        fraction = (
            sum(item.weight * CREDIT[s] for item, s in zip(items, statuses, strict=True)) / total
        )
    else:
        fraction = CREDIT[status]
    return round(100 * (0.5 * CREDIT[status] + 0.5 * fraction), 1)


def unknown_patterns(
    categories: tuple[NFRCategory, ...], known: dict[str, PatternResult]
) -> list[str]:
    return sorted(
        f"unknown diagram pattern '{p}' in cues of {c.slug}/{i.slug}"
        for c in categories
        for i in c.items
        for p in i.cues.patterns
        if p not in known
    )
