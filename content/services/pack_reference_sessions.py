"""Reference sessions in a pack: checked against the rubric that scores them, written with
the rubric version they were scored against, and exported in canonical form."""

from __future__ import annotations

from typing import Any

from content.models import InterviewFramework, Question, ReferenceSession, Rubric

from .pack_schema import (
    LEVELS,
    NODE_KINDS,
    NOTE_SECTION_SLUGS,
    REFERENCE_SESSION,
    STRENGTHS,
    canonical,
)
from .pack_validation import Entry

SCRIPT_ACTIONS = ("say", "ask", "notes", "node", "edge")


def reference_sessions_check(entries: dict[str, list[Entry]]) -> None:
    """Cross-references of each reference session: its question, framework and level, a
    script that moves forward through the framework's phases, and exactly one reference
    score (1-4, with a rationale) per criterion of the rubric that scores it."""
    for e in entries["reference_sessions"]:
        d = e.data
        if d["level"] not in LEVELS:
            raise e.error("level", f"must be one of {', '.join(sorted(LEVELS))}")
        if d["strength"] not in STRENGTHS:
            raise e.error("strength", "must be strong or weak")
        phases = _phases(entries, d["framework"], e)
        _question_known(entries, d["question"], e)
        _script_check(e, phases)
        _scores_check(e, _criteria(entries, d["framework"], d["level"], e))


def _phases(entries: dict[str, list[Entry]], framework: str, e: Entry) -> list[str]:
    for fw in entries["frameworks"]:
        if fw.slug == framework:
            if fw.data.get("variant_of"):
                raise e.error("framework", "name the base framework, not a variant")
            return [p["slug"] for p in fw.data.get("phases", [])]
    stored = InterviewFramework.objects.filter(slug=framework, variant_of=None).first()
    if stored is None:
        raise e.error("framework", f"unknown framework '{framework}'")
    return list(stored.phases.order_by("order").values_list("slug", flat=True))


def _question_known(entries: dict[str, list[Entry]], question: str, e: Entry) -> None:
    in_pack = any(q.slug == question for q in entries["questions"])
    if not in_pack and not Question.objects.filter(slug=question).exists():
        raise e.error("question", f"unknown question '{question}'")


def _criteria(entries: dict[str, list[Entry]], framework: str, level: str, e: Entry) -> set[str]:
    for r in entries["rubrics"]:
        if r.data["framework"] == framework and r.data["level"] == level:
            return {c["slug"] for c in r.data["criteria"]}
    rubric = (
        Rubric.objects.filter(framework__slug=framework, level=level)
        .select_related("current_version")
        .first()
    )
    if rubric is None or rubric.current_version is None:
        raise e.error("level", f"no rubric scores '{framework}' at the {level} level")
    return set(rubric.current_version.criteria.values_list("slug", flat=True))


def _script_check(e: Entry, phases: list[str]) -> None:
    position, last_at, nodes = 0, -1, set()
    for i, step in enumerate(e.data["script"], start=1):
        where = f"script[#{i}]"
        if step["at"] < last_at or step["at"] < 0:
            raise e.error(f"{where}.at", "seconds from the start, never going back")
        last_at = step["at"]
        if step.get("phase"):
            if step["phase"] not in phases[position:]:
                raise e.error(f"{where}.phase", f"'{step['phase']}' is not a later phase")
            position = phases.index(step["phase"])
        if sum(1 for a in SCRIPT_ACTIONS if step.get(a)) != 1:
            raise e.error(where, f"one of {', '.join(SCRIPT_ACTIONS)} per step")
        if step.get("notes") and step["notes"]["section"] not in NOTE_SECTION_SLUGS:
            raise e.error(f"{where}.notes.section", f"one of {', '.join(NOTE_SECTION_SLUGS)}")
        if step.get("node"):
            if step["node"]["kind"] not in NODE_KINDS:
                raise e.error(f"{where}.node.kind", f"unknown kind '{step['node']['kind']}'")
            nodes.add(step["node"]["id"])
        if step.get("edge") and not {step["edge"]["from"], step["edge"]["to"]} <= nodes:
            raise e.error(f"{where}.edge", "connect components drawn earlier in the script")


def _scores_check(e: Entry, criteria: set[str]) -> None:
    given = [s["criterion"] for s in e.data["scores"]]
    if len(given) != len(set(given)) or set(given) != criteria:
        raise e.error(
            "scores", f"one score per criterion of the rubric: {', '.join(sorted(criteria))}"
        )
    for s in e.data["scores"]:
        if not 1 <= s["score"] <= 4:
            raise e.error(f"scores[{s['criterion']}].score", "1, 2, 3 or 4")


def reference_session_serialize(ref: ReferenceSession) -> dict[str, Any]:
    return canonical(
        {
            "slug": ref.slug,
            "title": ref.title,
            "question": ref.question.slug,
            "framework": ref.framework.slug,
            "level": ref.level,
            "strength": ref.strength,
            "summary": ref.summary,
            "script": ref.script,
            "scores": ref.reference_scores,
        },
        REFERENCE_SESSION,
    )


def reference_session_upsert(e: Entry) -> str | None:
    """Write one reference session; 'created', 'updated' or None (unchanged). A changed one
    is scored against the rubric's current version (older drills keep theirs)."""
    existing = (
        ReferenceSession.objects.filter(slug=e.slug).select_related("question", "framework").first()
    )
    data = canonical(e.data, REFERENCE_SESSION)
    if existing is not None and reference_session_serialize(existing) == data:
        return None
    framework = InterviewFramework.objects.get(slug=data["framework"])
    rubric = Rubric.objects.select_related("current_version").get(
        framework=framework, level=data["level"]
    )
    ReferenceSession.objects.update_or_create(
        slug=e.slug,
        defaults={
            "title": data["title"],
            "question": Question.objects.get(slug=data["question"]),
            "framework": framework,
            "level": data["level"],
            "strength": data["strength"],
            "summary": data["summary"],
            "script": data["script"],
            "reference_scores": data["scores"],
            "rubric_version": rubric.current_version,
        },
    )
    return "created" if existing is None else "updated"
