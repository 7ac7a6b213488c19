"""Feedback analysis of a finished Designroom session — pure Python, no Django imports.

    from scoring.analysis import ANALYZER_VERSION, analyse
    report = analyse(session_dict)            # or analyse(parse_input(session_dict))
    report = analyse(session_dict, config=AnalysisConfig(deep_sync_threshold=5))
    report = analyse(session_dict, out_of_time=lambda: time.monotonic() > deadline)
             # raises AnalysisOutOfTime at the next checkpoint once out_of_time() is True

`analyse` is deterministic (same input, identical output; node/edge order does not
matter), does no I/O and reads no clock. The report is JSON-serialisable.

Input (plain dict; every key optional, unknown keys ignored)
-----------------------------------------------------------
board:       {"nodes": [{"id", "kind", "label", "x", "y", "notes", "replicas": int|None}],
              "edges": [{"id", "from", "to", "label", "mode": "sync"|"async"}],
              "zones": [{"id", "kind": "region"|"az"|"vpc"|"dc", "label", "x", "y", "w", "h"}],
              "texts": [{"id", "style": "text"|"sticky", "text"}],
              "notes": {"requirements", "estimates", "api", "data_model", "deep_dive", "free": str}}
             A node is in every zone holding its centre (zones.py, nested zones allowed);
             texts are read like notes (evidence: source "diagram", pattern "board_text").
             kinds: client load_balancer api_gateway service database cache queue
             object_store cdn search worker external. An edge without "id" gets "from->to".
snapshots:   [{"phase_slug", "board"}]                  (board state at the end of a phase)
chat:        [{"who": "candidate"|"interviewer", "text", "seq": int}]
timeline:    {"phases": [{"slug", "name", "planned_minutes", "actual_seconds": float|None,
                          "started_seq", "ended_seq"}],
              "events": [{"seq": int, "kind": "notes"|"diagram"|..., "section": str|None}]}
             (a "notes" event names the notes section written; other kinds are ignored)
hints_revealed: [hint text or index]
curveballs:  [{"text", "handled": bool|None}]
question:    {"slug", "title", "nfr_focus": {category_slug: 1..3},
              "functional_requirements": [str], "estimation_inputs": [...]}
checklists:  [{"slug", "name", "items": [{"slug", "statement", "weight": 1..3,
              "cues": {"phrases": [str], "patterns": [str]}, "study": [concept_slug]}]}]
             (empty: the built-in default checklist of defaults.py is used)
scorecard:   {"criteria": [{"slug", "phase_slug": str|None, "weight", "score": 1..4|None}],
              "hire_signal"} | None

Output
------
analyzer_version: "1.0.0"
nfr:       {category_slug: {"slug", "name", "status": "covered"|"partly"|"missing",
            "score": 0..100, "focus_weight": 0..3,
            "items": [{"slug", "statement", "weight", "status", "evidence": [...], "study": [...]}],
            "evidence": [...]}}     # category-level evidence no item claimed
           in checklist order. Evidence records (at most 6 per list, strongest first):
             {"source": "notes", "section", "line" (1-based), "text" (the line), "matched",
              "cue", "strength": "strong"|"weak"}
             {"source": "diagram", "nodes": [ids], "edges": [ids], "pattern", "strength"}
               (pattern is a diagram pattern name, or "node_notes"/"label" for text on the
               diagram, which then also carries "text", "matched", "cue")
             {"source": "chat", "seq", "text", "matched", "cue", "strength"}
critique:  [{"rule", "severity": "high"|"medium"|"low", "message", "nodes", "edges",
            "evidence": [...]}], sorted by severity, rule, nodes. Rules: critique.py.
process:   {"phases": [{"slug", "name", "planned_minutes", "actual_minutes", "overrun_minutes",
            "overrun_pct", "status"}], "planned_total_minutes", "actual_total_minutes",
            "requirements_before_design": {"value": bool|None, "evidence": [...]},
            "estimates_before_design": {...}, "hints_used": int,
            "curveballs": {"total", "handled", "not_handled", "unknown", "items"}}
scores:    {"overall", "coverage", "scorecard" (None without scored criteria),
            "coverage_weights": {slug: weight}, "phases": [{"slug", "scorecard",
            "time_discipline", "content", "automated", "score"}], "hire_signal",
            "formula": {"overall", "coverage", "category", "scorecard", "phase"}}
study_next: [concept_slug]        # from missing items, heavier items first
diagram:   {"patterns": {name: {"holds", "nodes", "edges"}}, "spof": [ids],
            "request_path": {"nodes", "edges"}, "longest_sync_chain": {"hops", "nodes", "edges"}}
warnings:  [str]                   # unknown cue patterns, duplicate categories, defaults used

What counts as covered, and why, is documented in coverage.py; the diagram rules in
graph.py and critique.py; the scoring formulas in score.py.
"""

from .inputs import AnalysisInput, parse_input
from .report import ANALYZER_VERSION, AnalysisConfig, AnalysisOutOfTime, analyse

__all__ = [
    "ANALYZER_VERSION",
    "AnalysisConfig",
    "AnalysisInput",
    "AnalysisOutOfTime",
    "analyse",
    "parse_input",
]
