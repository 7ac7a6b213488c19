"""Process: time per phase, order of work, hints and curveballs.

requirements_before_design / estimates_before_design compare the first timeline event
that wrote the requirements (estimates) notes with the first diagram operation. Value:
True when the notes came first or no diagram was ever drawn; False when the diagram came
first or the notes were never written; None when there is nothing to decide on. Without
timeline events the per-phase snapshots are used instead (the first snapshot showing the
notes versus the first showing nodes; the same snapshot for both is undecidable: None).
Evidence items have {"source": "timeline", "seq", "event"} or
{"source": "snapshot", "phase_slug", "event"}.

Phase status: "unknown" (no actual time), "skipped" (0 s), "over" (more than 110 % of
plan), "under" (less than 50 %), otherwise "on_time".
"""

from __future__ import annotations

from typing import Any

from .inputs import AnalysisInput, PhaseTiming, Snapshot, TimelineEvent

OVER_FACTOR = 1.1
UNDER_FACTOR = 0.5


def phase_report(phase: PhaseTiming) -> dict[str, Any]:
    planned = phase.planned_minutes
    actual = None if phase.actual_seconds is None else phase.actual_seconds / 60
    overrun = None if actual is None else max(0.0, actual - planned)
    return {
        "slug": phase.slug,
        "name": phase.name,
        "planned_minutes": round(planned, 1),
        "actual_minutes": None if actual is None else round(actual, 1),
        "overrun_minutes": None if overrun is None else round(overrun, 1),
        "overrun_pct": None if overrun is None or planned <= 0 else round(100 * overrun / planned),
        "status": _phase_status(planned, actual),
        "started_seq": phase.started_seq,
    }


def _phase_status(planned: float, actual: float | None) -> str:
    if actual is None:
        return "unknown"
    if actual == 0:
        return "skipped"
    if planned > 0 and actual > planned * OVER_FACTOR:
        return "over"
    if planned > 0 and actual < planned * UNDER_FACTOR:
        return "under"
    return "on_time"


def notes_before_design(
    section: str, events: tuple[TimelineEvent, ...], snapshots: tuple[Snapshot, ...]
) -> dict[str, Any]:
    if events:
        return _from_events(section, events)
    return _from_snapshots(section, snapshots)


def _from_events(section: str, events: tuple[TimelineEvent, ...]) -> dict[str, Any]:
    notes_seq = min(
        (e.seq for e in events if e.kind.startswith("notes") and e.section == section), default=None
    )
    design_seq = min((e.seq for e in events if e.kind.startswith("diagram")), default=None)
    evidence = []
    if notes_seq is not None:
        evidence.append({"source": "timeline", "seq": notes_seq, "event": f"first {section} notes"})
    if design_seq is not None:
        evidence.append(
            {"source": "timeline", "seq": design_seq, "event": "first diagram operation"}
        )
    return {
        "value": _order(notes_seq, design_seq),
        "evidence": sorted(evidence, key=lambda e: e["seq"]),
    }


def _from_snapshots(section: str, snapshots: tuple[Snapshot, ...]) -> dict[str, Any]:
    notes_at = next(
        (i for i, s in enumerate(snapshots) if s.board.notes.section(section).strip()), None
    )
    design_at = next((i for i, s in enumerate(snapshots) if s.board.nodes), None)
    evidence = []
    if notes_at is not None:
        evidence.append(
            {
                "source": "snapshot",
                "phase_slug": snapshots[notes_at].phase_slug,
                "event": f"first {section} notes",
            }
        )
    if design_at is not None:
        evidence.append(
            {
                "source": "snapshot",
                "phase_slug": snapshots[design_at].phase_slug,
                "event": "first diagram",
            }
        )
    value = None if notes_at is not None and notes_at == design_at else _order(notes_at, design_at)
    return {"value": value, "evidence": evidence}


def _order(notes_at: int | None, design_at: int | None) -> bool | None:
    if notes_at is None and design_at is None:
        return None
    if notes_at is None:
        return False
    if design_at is None:
        return True
    return notes_at < design_at


def curveball_report(inputs: AnalysisInput) -> dict[str, Any]:
    outcomes = [c.handled for c in inputs.curveballs]
    return {
        "total": len(outcomes),
        "handled": outcomes.count(True),
        "not_handled": outcomes.count(False),
        "unknown": outcomes.count(None),
        "items": [{"text": c.text, "handled": c.handled} for c in inputs.curveballs],
    }


def process_report(inputs: AnalysisInput) -> dict[str, Any]:
    phases = [phase_report(p) for p in inputs.timeline.phases]
    known = [p.actual_seconds for p in inputs.timeline.phases if p.actual_seconds is not None]
    events, snapshots = inputs.timeline.events, inputs.snapshots
    return {
        "phases": phases,
        "planned_total_minutes": round(sum(p.planned_minutes for p in inputs.timeline.phases), 1),
        "actual_total_minutes": round(sum(known) / 60, 1) if known else None,
        "requirements_before_design": notes_before_design("requirements", events, snapshots),
        "estimates_before_design": notes_before_design("estimates", events, snapshots),
        "hints_used": len(inputs.hints_revealed),
        "curveballs": curveball_report(inputs),
    }
