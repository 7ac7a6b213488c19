"""NFR coverage: does the session address each quality, item by item?

Who decides what
----------------
The mechanism lexicon (lexicon.py) decides whether a sentence gives a mechanism and which
qualities it serves; quantified targets (targets.py) count for their quality too. A
checklist item's cue phrases decide which item a mechanism is credited to: an item is
covered by a lexicon signal of its category that overlaps one of its cue matches (items
without cue phrases are linked through the mechanism's link words appearing in the item's
statement). A cue match the lexicon does not confirm is no evidence: "workers", "snapshot"
or "version" on their own are not mechanisms. For a category the lexicon does not know (a
custom pack's "cost"), cue matches are trusted as they are.

Strength
--------
*Strong*: a mechanism or target stated in a notes section, a node's notes, an edge label or
the candidate's chat message. *Weak*: a diagram pattern that holds, a mechanism only in a
node's label (the label names a component), a cue made only of product names ("Redis").
Interviewer chat and questions are never evidence. Declined mentions (refused, deferred,
rejected: reading.py) are never support; they are listed apart as "declined" with the
reason. A cue made of quality names only does not count inside a naming statement or a
bare list of qualities.

Status
------
Item: *covered* with a strong signal, *partly* with weak signals only, *missing* otherwise.
Category: *covered* when an item is covered or a lexicon signal of the category is strong;
*partly* when only weak signals exist; *missing* otherwise. Evidence cited for a covered
verdict is its strong evidence only (evidence.py).

Category score (0..100) = 100 x (0.5 x status credit + 0.5 x weighted item credit), with
credit covered 1, partly 0.5, missing 0 and items weighted by their weight (1..3): half
for addressing the quality at all, half for how much of its checklist was addressed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .evidence import Signal, declined_list, evidence_list, rank_of, text_record
from .inputs import ChecklistItem, NFRCategory
from .lexicon import KNOWN_CATEGORIES
from .matching import Match, Phrase, TextIndex, compile_phrase, is_naming_match, occurs_in
from .mechanisms import CATEGORY_PATTERNS, Mechanism, mechanisms_for
from .patterns import PatternResult
from .targets import TargetHit
from .text import tokenize
from .vocabulary import STOPWORDS

CREDIT = {"covered": 1.0, "partly": 0.5, "missing": 0.0}
DECLINED = ("refused", "deferred", "rejected")


class SignalFinder:
    """Turns phrase, mechanism and target matches over one text index into signals, and
    keeps the declined mentions apart."""

    def __init__(self, index: TextIndex, targets: list[TargetHit]) -> None:
        self.index = index
        self.targets = targets
        self._mechanism_cache: dict[str, tuple[list[Signal], list[dict[str, Any]]]] = {}
        self._phrase_cache: dict[str, list[Signal]] = {}

    def for_phrase(self, text: str) -> list[Signal]:
        if text not in self._phrase_cache:
            phrase = compile_phrase(text)
            matches = self.index.find(phrase) if phrase else []
            signals = (self._signal(m, phrase, text) for m in matches if m.declined is None)
            self._phrase_cache[text] = [s for s in signals if s is not None]
        return self._phrase_cache[text]

    def for_mechanism(self, mechanism: Mechanism) -> list[Signal]:
        return self._mechanism(mechanism)[0]

    def declined_for(self, mechanism: Mechanism) -> list[dict[str, Any]]:
        return self._mechanism(mechanism)[1]

    def for_targets(self, category: str) -> list[Signal]:
        signals = []
        for hit in self.targets:
            if hit.category == category:
                signal = self._signal(hit.match, None, hit.kind, hit.link_words, hit.kind)
                if signal is not None:
                    signals.append(signal)
        return signals

    def _mechanism(self, mechanism: Mechanism) -> tuple[list[Signal], list[dict[str, Any]]]:
        if mechanism.name not in self._mechanism_cache:
            self._mechanism_cache[mechanism.name] = self._mechanism_signals(mechanism)
        return self._mechanism_cache[mechanism.name]

    def _mechanism_signals(self, mechanism: Mechanism) -> tuple[list[Signal], list[dict[str, Any]]]:
        matches: list[tuple[Match, Phrase | None, str]] = []
        for text in mechanism.phrases:
            phrase = compile_phrase(text, text in mechanism.code_phrases)
            if phrase is not None:
                matches.extend((m, phrase, text) for m in self.index.find(phrase))
        for regex in _compiled(mechanism.regexes):
            matches.extend((m, None, mechanism.name) for m in self.index.find_regex(regex))
        signals, declined = [], []
        for match, phrase, cue in matches:
            if not self._context_allows(match, mechanism):
                continue
            if match.declined in DECLINED:
                record = text_record(self.index, match, f"{mechanism.name}: {cue}", mechanism.name)
                record["declined"] = match.declined
                declined.append(record)
                continue
            if match.declined is None:
                signal = self._signal(
                    match, phrase, f"{mechanism.name}: {cue}", mechanism.link_words, mechanism.name
                )
                if signal is not None:
                    signals.append(signal)
        return signals, declined

    def _context_allows(self, match: Match, mechanism: Mechanism) -> bool:
        sentence = self.index.sentence(match)
        if any(occurs_in(sentence, p) for p in _phrases(mechanism.unless_any)):
            return False
        return not mechanism.requires_any or any(
            occurs_in(sentence, p) for p in _phrases(mechanism.requires_any)
        )

    def _signal(
        self,
        match: Match,
        phrase: Phrase | None,
        cue: str,
        links: tuple[str, ...] = (),
        mechanism: str = "",
    ) -> Signal | None:
        if match.declined is not None:
            return None
        sentence = self.index.sentence(match)
        if is_naming_match(sentence, match.first, match.last):
            return None
        if phrase is not None and phrase.naming_ish and sentence.naming:
            return None
        unit = self.index.units[match.unit]
        strong = unit.strong and not (phrase is not None and phrase.technology)
        evidence = text_record(self.index, match, cue, mechanism)
        evidence["strength"] = "strong" if strong else "weak"
        where = (match.unit, match.sentence, match.first, match.last)
        return Signal(
            strong, evidence, rank_of(self.index, match, strong), _stems_of_words(links), where,
            mechanism,
        )  # fmt: skip


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
    return frozenset(t.stem for t in tokenize(item.statement) if t.raw not in STOPWORDS)


def pattern_signal(result: PatternResult) -> Signal:
    evidence = result.evidence()
    evidence["strength"] = "weak"
    return Signal(False, evidence, (True, 4, 0, 0, 0, result.name))


def status_of(signals: list[Signal]) -> str:
    if any(s.strong for s in signals):
        return "covered"
    return "partly" if signals else "missing"


def assess_category(
    category: NFRCategory,
    finder: SignalFinder,
    patterns: dict[str, PatternResult],
    focus_weight: int,
) -> dict[str, Any]:
    mechanisms = mechanisms_for(category.slug)
    builtin = [s for m in mechanisms for s in finder.for_mechanism(m)]
    builtin += finder.for_targets(category.slug)
    declined = [r for m in mechanisms for r in finder.declined_for(m)]
    trusted = category.slug not in KNOWN_CATEGORIES
    claimed: set[int] = set()
    items = []
    for item in category.items:
        item_result, used = _assess_item(item, finder, patterns, builtin, declined, trusted)
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
    evidence = evidence_list([s for s in leftovers if s.strong or status != "covered"])
    cited = evidence + [e for i in items for e in i["evidence"]]
    return {
        "slug": category.slug,
        "name": category.name,
        "status": status,
        "score": category_score(status, category.items, [i["status"] for i in items]),
        "focus_weight": focus_weight,
        "items": items,
        "evidence": evidence,
        "declined": declined_list(declined, cited),
    }


def _assess_item(
    item: ChecklistItem,
    finder: SignalFinder,
    patterns: dict[str, PatternResult],
    builtin: list[Signal],
    declined: list[dict[str, Any]],
    trusted: bool,
) -> tuple[dict[str, Any], set[int]]:
    cue_signals = [s for phrase in item.cues.phrases for s in finder.for_phrase(phrase)]
    if item.cues.phrases:
        by_sentence: dict[tuple[int, int], list[Signal]] = {}
        for cue in cue_signals:
            if cue.where is not None:
                by_sentence.setdefault(cue.where[:2], []).append(cue)
        used = {
            i
            for i, s in enumerate(builtin)
            if s.where is not None and any(s.overlaps(c) for c in by_sentence.get(s.where[:2], ()))
        }
    else:
        stems = _item_stems(item)
        used = {i for i, s in enumerate(builtin) if s.links & stems}
    confirmed = [builtin[i] for i in sorted(used)]
    # A cue match the lexicon does not confirm is no evidence ("workers", "snapshot" or
    # "Redis" on their own), except for categories the lexicon does not know.
    signals = confirmed + (cue_signals if trusted else [])
    signals += [
        pattern_signal(patterns[p])
        for p in item.cues.patterns
        if p in patterns and patterns[p].holds
    ]
    status = status_of(signals)
    evidence = evidence_list(signals)
    item_declined = [r for r in declined if _cue_place(r, cue_signals, item)]
    return {
        "slug": item.slug,
        "statement": item.statement,
        "weight": item.weight,
        "status": status,
        "evidence": evidence,
        "declined": declined_list(item_declined, evidence),
        "study": list(item.study),
    }, used


def _cue_place(record: dict[str, Any], cues: list[Signal], item: ChecklistItem) -> bool:
    """A declined mention belongs to an item whose cue words occur in its matched text."""
    words = {t.stem for p in item.cues.phrases for t in tokenize(p) if t.raw not in STOPWORDS}
    return bool(words & {t.stem for t in tokenize(record.get("matched", ""))})


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
