"""Which components of a question's strong answer a diagram shows.

A question lists the components a strong answer has (``Question.strong_answer``): a name,
the diagram node kinds that can play the part, and words that identify it in a node's label
or notes. A node plays a component when its kind is one of the component's kinds (any kind
when none are given) and, if the component has match words, one of them appears in the
node's label or notes. Pure: plain dicts in, plain dicts out, no database.

Matching is word-based and forgiving about word forms: a match word equals a word of the
text, or that word minus a plural "s"/"es", and a match word of five letters or more also
matches words it begins ("transcod" matches "transcoder"). A multi-word phrase must appear
as consecutive words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

PREFIX_MIN = 5  # shorter match words must match a whole word ("log" is not "login")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _word_matches(pattern: str, word: str) -> bool:
    if word == pattern or word in (pattern + "s", pattern + "es"):
        return True
    return len(pattern) >= PREFIX_MIN and word.startswith(pattern)


def _phrase_in(phrase: str, words: list[str]) -> bool:
    wanted = _words(phrase)
    if not wanted:
        return False
    span = len(wanted)
    return any(
        all(_word_matches(p, w) for p, w in zip(wanted, words[i : i + span], strict=True))
        for i in range(len(words) - span + 1)
    )


def node_plays(component: dict[str, Any], node: dict[str, Any]) -> bool:
    kinds = component.get("kinds") or []
    if kinds and node.get("kind") not in kinds:
        return False
    match = component.get("match") or []
    if not match:
        return True
    words = _words(f"{node.get('label') or ''} {node.get('notes') or ''}")
    return any(_phrase_in(phrase, words) for phrase in match)


def strong_answer_coverage(
    components: Iterable[dict[str, Any]], nodes: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """[{"component", "present", "nodes": [labels of the nodes that play it]}], in order."""
    nodes = list(nodes)
    rows = []
    for component in components:
        playing = [n for n in nodes if node_plays(component, n)]
        rows.append(
            {
                "component": component["component"],
                "present": bool(playing),
                "nodes": [str(n.get("label") or n.get("id") or "") for n in playing],
            }
        )
    return rows
