"""The solo coach: which follow-up to ask next, chosen by rules over the live analysis.

Rules, first match wins, and a question once asked (by its key) is never asked again:

1. a stated target the diagram contradicts (claims.py) → ask about that contradiction;
   an estimate whose units or magnitude do not add up (units.py) → ask to check it;
2. a lone database on the request path → what happens when it fails;
3. from the high-level design on, no estimates written → what the peak QPS is;
   and a component of the question's strong answer that the diagram does not show yet
   (``missing_components``, the question bank's ``strong_answer``) → what plays its part;
4. a component over capacity at the candidate's estimated peak → how it keeps up (only once
   they wrote estimates: before, the peak is the question's default, and asking "at your
   estimated peak" while they are still drawing would crowd out rules 1-3 for a minute);
5. in the deep dive, no drill run yet → a drill on the most central single point of failure;
6. otherwise the question's own follow-ups for the current phase, in order.

Plain data in, one question (or None) out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

DESIGN_PHASE_WORDS = ("high-level", "design", "deep", "dive", "wrap")
DEEP_DIVE_WORDS = ("deep", "dive", "scal", "bottleneck")


def next_question(
    *,
    phase_slug: str,
    claims: Sequence[Mapping[str, Any]],
    spof: Sequence[str],
    node_kinds: Mapping[str, str],
    node_labels: Mapping[str, str],
    estimates_written: bool,
    over_capacity: Sequence[str],
    drills_run: int,
    follow_ups: Sequence[Mapping[str, Any]],
    asked: Collection[str],
    missing_components: Sequence[str] = (),
    unit_findings: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any] | None:
    """The next question the coach asks, or None when every rule's question was asked."""
    candidates = _candidates(
        phase_slug, claims, spof, node_kinds, node_labels, estimates_written, over_capacity,
        drills_run, follow_ups,
    )  # fmt: skip
    at = sum(q["rule"] == "contradiction" for q in candidates)
    candidates[at:at] = [_about_units(finding) for finding in unit_findings]
    if any(w in phase_slug.lower() for w in DESIGN_PHASE_WORDS):
        # After the design questions of rules 1-3, before capacity and drills.
        at = next((i for i, q in enumerate(candidates)
                   if q["rule"] not in ("contradiction", "units", "lone_database", "no_estimates")),
                  len(candidates))  # fmt: skip
        candidates[at:at] = [_component(name) for name in missing_components]
    for question in candidates:
        if question["key"] not in asked:
            return question
    return None


def _candidates(
    phase_slug: str,
    claims: Sequence[Mapping[str, Any]],
    spof: Sequence[str],
    node_kinds: Mapping[str, str],
    node_labels: Mapping[str, str],
    estimates_written: bool,
    over_capacity: Sequence[str],
    drills_run: int,
    follow_ups: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    phase = phase_slug.lower()
    out = [_about_claim(claim) for claim in claims]
    lone_databases = [n for n in spof if node_kinds.get(n) == "database"]
    for node in lone_databases:
        name = node_labels.get(node) or node
        out.append(_ask(
            f"failover:{node}", "lone_database",
            f"{name} has one instance. What happens when it fails in the middle of a write, "
            "and how does the service recover?",
            [node],
        ))  # fmt: skip
    if not estimates_written and any(w in phase for w in DESIGN_PHASE_WORDS):
        out.append(_ask(
            "estimates:peak_qps", "no_estimates",
            "Before going further: what is the peak QPS, and how does it split into reads "
            "and writes?", [],
        ))  # fmt: skip
    for node in over_capacity if estimates_written else ():
        name = node_labels.get(node) or node
        out.append(_ask(
            f"capacity:{node}", "over_capacity",
            f"At your estimated peak {name} is over its capacity. How does it keep up?",
            [node],
        ))  # fmt: skip
    if drills_run == 0 and spof and any(w in phase for w in DEEP_DIVE_WORDS):
        out.append(_drill(lone_databases[0] if lone_databases else spof[0], node_labels))
    for follow_up in follow_ups:
        if str(follow_up.get("phase", "")) == phase_slug:
            text = str(follow_up.get("text", ""))
            out.append(_ask(f"follow_up:{phase_slug}:{follow_up.get('order', text)}",
                            "follow_up", text, []))  # fmt: skip
    return out


def _drill(target: str, node_labels: Mapping[str, str]) -> dict[str, Any]:
    question = _ask(
        f"drill:{target}",
        "drill",
        f"Drill: {node_labels.get(target) or target} just failed. You have two minutes: "
        "what do users see, and what do you change?",
        [target],
    )
    question["drill"] = {"kind": "component", "id": target}
    return question


def _component(name: str) -> dict[str, Any]:
    return _ask(
        f"component:{name.lower()}",
        "missing_component",
        f"Where in your design is the {name.lower()}? Strong answers to this question have one.",
        [],
    )


def _about_claim(claim: Mapping[str, Any]) -> dict[str, Any]:
    line = claim["requirement"]
    return _ask(
        f"claim:{claim['rule']}:{line['section']}:{line['line']}",
        "contradiction",
        f"You wrote \u201c{line['text']}\u201d. {claim['message']} How does the design meet it?",
        claim["nodes"],
    )


def _about_units(finding: Mapping[str, Any]) -> dict[str, Any]:
    where = "".join(f":{c['section']}:{c['line']}" for c in finding.get("lines", [])[:2])
    return _ask(
        f"units:{finding['rule']}{where}",
        "units",
        f"A check of your estimates: {finding['message']} Which figure holds?",
        [],
    )


def _ask(key: str, rule: str, text: str, nodes: Sequence[str]) -> dict[str, Any]:
    return {"key": key[:200], "rule": rule, "text": text, "nodes": sorted(nodes)}
