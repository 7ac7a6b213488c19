"""Labelled sessions and the measures computed on them (shared by the tests and the bench).

A session file holds notes by section, a diagram as nodes and edges, chat, and `labels`
(see README.md in this folder). `to_input` converts it to the analysis input; edges get the
id "FROM->TO" so a cited edge maps straight onto a label reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def _dev_dir() -> Path:
    """shared/feedback-dev beside the repository, or beside the nearest ancestor that has
    one (a worktree lives one level deeper than the main checkout)."""
    for folder in REPO.parents:
        candidate = folder / "shared" / "feedback-dev"
        if candidate.is_dir():
            return candidate
    return REPO / ".." / "shared" / "feedback-dev"


DEV_DIR = _dev_dir()
PACK_NFR = REPO / "content" / "packs" / "core" / "nfr.yaml"
SECTIONS = ("requirements", "estimates", "api", "data_model", "deep_dive", "free")
CATEGORIES = (
    "scalability", "performance", "latency", "reliability", "availability",
    "fault_tolerance", "consistency", "security", "disaster_recovery",
)  # fmt: skip


def load(folder: Path, pattern: str = "*.yaml") -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [yaml.safe_load(p.read_text()) for p in sorted(folder.glob(pattern))]


def tuned() -> list[dict[str, Any]]:
    return load(HERE / "tuned")


def heldout() -> list[dict[str, Any]]:
    return load(HERE / "heldout")


def dev() -> list[dict[str, Any]]:
    return load(DEV_DIR, "dev0*.yaml")


def pack_checklists() -> list[dict[str, Any]]:
    if not PACK_NFR.is_file():
        return []
    categories: list[dict[str, Any]] = yaml.safe_load(PACK_NFR.read_text())["nfr_categories"]
    return categories


def minimal_checklists() -> list[dict[str, Any]]:
    """One item per category with a bare statement: only the built-in recognisers decide."""
    return [
        {
            "slug": c,
            "name": c,
            "items": [
                {"slug": f"{c}-addressed", "statement": "The design addresses it.", "weight": 2}
            ],
        }
        for c in CATEGORIES
    ]


def to_input(session: dict[str, Any], checklists: list[dict[str, Any]]) -> dict[str, Any]:
    diagram = session.get("diagram") or {}
    nodes = [
        {"id": n["id"], "kind": n["kind"], "label": n.get("label", ""), "notes": n.get("notes", ""),
         "replicas": n.get("replicas")}
        for n in diagram.get("nodes") or []
    ]  # fmt: skip
    edges = [
        {"id": f"{e['from']}->{e['to']}", "from": e["from"], "to": e["to"],
         "label": e.get("label", ""), "mode": e.get("mode", "sync")}
        for e in diagram.get("edges") or []
    ]  # fmt: skip
    chat = [
        {"who": m["who"], "text": m["text"], "seq": i + 1}
        for i, m in enumerate(session.get("chat") or [])
    ]
    notes = {s: (session.get("notes") or {}).get(s, "") or "" for s in SECTIONS}
    return {
        "board": {"nodes": nodes, "edges": edges, "notes": notes},
        "chat": chat,
        "checklists": checklists,
    }


def reference(evidence: dict[str, Any]) -> str | None:
    """The label-style reference of one evidence record, or None for diagram patterns."""
    if evidence.get("source") == "notes":
        return f"{evidence['section']}:{evidence['line']}"
    if evidence.get("source") == "chat":
        return f"chat:{evidence['seq']}"
    if evidence.get("source") == "diagram" and "text" in evidence:
        if evidence.get("nodes"):
            return f"node:{evidence['nodes'][0]}"
        if evidence.get("edges"):
            return f"edge:{evidence['edges'][0]}"
    return None


def cited(category: dict[str, Any]) -> set[str]:
    """Lines the verdict cites as its reason: the strong evidence of the category and of its
    items (weak records are shown as hints of a "partly" item, not as a reason)."""
    records = list(category.get("evidence") or [])
    for item in category.get("items") or []:
        records += item.get("evidence") or []
    strong = [e for e in records if e.get("strength") == "strong"]
    return {r for r in (reference(e) for e in strong) if r is not None}


@dataclass
class Tally:
    """Counts over a set of sessions; `covered` is the positive class."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    tn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    spof_tp: int = 0
    spof_fp: int = 0
    spof_fn: int = 0
    read_path_right: int = 0
    sessions: int = 0
    cited_lines: int = 0
    cited_reasons: int = 0
    errors: list[str] = field(default_factory=list)

    def add_verdict(self, session_id: str, category: str, label: str, covered: bool) -> None:
        if label == "either":
            return
        expected = label == "covered"
        bucket = (
            (self.tp if covered else self.fn) if expected else (self.fp if covered else self.tn)
        )
        bucket[category] += 1
        if covered != expected:
            self.errors.append(
                f"{session_id}.{category}: labelled {label}, got {'covered' if covered else 'not covered'}"
            )

    def add_spof(self, session_id: str, predicted: Iterable[str], expected: Iterable[str]) -> None:
        got, want = set(predicted), set(expected)
        self.spof_tp += len(got & want)
        self.spof_fp += len(got - want)
        self.spof_fn += len(want - got)
        for node in sorted(got ^ want):
            kind = "extra" if node in got else "missed"
            self.errors.append(f"{session_id}.spof: {kind} {node}")

    def prf(self, category: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[category], self.fp[category], self.fn[category]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def macro_f1(self) -> float:
        return sum(self.prf(c)[2] for c in CATEGORIES) / len(CATEGORIES)

    def accuracy(self) -> float:
        right = sum(self.tp[c] + self.tn[c] for c in CATEGORIES)
        total = right + sum(self.fp[c] + self.fn[c] for c in CATEGORIES)
        return right / total if total else 1.0

    def verdicts(self) -> int:
        return sum(self.tp[c] + self.tn[c] + self.fp[c] + self.fn[c] for c in CATEGORIES)

    def spof_precision(self) -> float:
        found = self.spof_tp + self.spof_fp
        return self.spof_tp / found if found else 1.0

    def spof_recall(self) -> float:
        wanted = self.spof_tp + self.spof_fn
        return self.spof_tp / wanted if wanted else 1.0

    def evidence_precision(self) -> float:
        return self.cited_reasons / self.cited_lines if self.cited_lines else 1.0


@dataclass(frozen=True)
class Prediction:
    covered: dict[str, bool]
    cited: dict[str, set[str]]
    spof: list[str]
    read_path_without_cache: bool


Predictor = Callable[[dict[str, Any]], Prediction]


def analysis_predictor(checklists: list[dict[str, Any]]) -> Predictor:
    from scoring.analysis import analyse

    def predict(session: dict[str, Any]) -> Prediction:
        report = analyse(to_input(session, checklists))
        nfr = report["nfr"]
        return Prediction(
            covered={c: nfr[c]["status"] == "covered" for c in CATEGORIES if c in nfr},
            cited={c: cited(nfr[c]) for c in CATEGORIES if c in nfr},
            spof=list(report["diagram"]["spof"]),
            read_path_without_cache=any(
                f["rule"] == "read_path_without_cache" for f in report["critique"]
            ),
        )

    return predict


def measure(sessions: list[dict[str, Any]], predict: Predictor) -> Tally:
    tally = Tally()
    for session in sessions:
        labels = session["labels"]
        prediction = predict(session)
        reasons = labels.get("reasons") or {}
        for category in CATEGORIES:
            label = labels["nfr"].get(category, "either")
            covered = prediction.covered.get(category, False)
            tally.add_verdict(session["id"], category, label, covered)
            if covered and label == "covered" and "reasons" in labels:
                lines = prediction.cited.get(category, set())
                wanted = set(reasons.get(category) or [])
                tally.cited_lines += len(lines)
                tally.cited_reasons += len(lines & wanted)
                for line in sorted(lines - wanted):
                    tally.errors.append(f"{session['id']}.{category}: cites {line}, not a reason")
        tally.add_spof(session["id"], prediction.spof, labels.get("spof") or [])
        expected_read_path = bool(labels.get("read_path_without_cache"))
        if prediction.read_path_without_cache is expected_read_path:
            tally.read_path_right += 1
        else:
            tally.errors.append(
                f"{session['id']}.read_path_without_cache: expected {expected_read_path}"
            )
        tally.sessions += 1
    return tally


def _text_lines(session: dict[str, Any]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for section in SECTIONS:
        text = (session.get("notes") or {}).get(section) or ""
        lines += [(f"{section}:{n}", line) for n, line in enumerate(text.splitlines(), 1)]
    diagram = session.get("diagram") or {}
    for node in diagram.get("nodes") or []:
        text = f"{node.get('label', '')} {node.get('notes', '')}"
        lines.append((f"node:{node['id']}", text))
    for edge in diagram.get("edges") or []:
        if edge.get("label"):
            lines.append((f"edge:{edge['from']}->{edge['to']}", edge["label"]))
    for number, message in enumerate(session.get("chat") or [], 1):
        if message["who"] == "candidate":
            lines.append((f"chat:{number}", message["text"]))
    return lines


def keyword_predictor(checklists: list[dict[str, Any]]) -> Predictor:
    """The naive alternative: a category is covered when any cue phrase of its checklist
    occurs as a lower-case substring of any candidate text; single-instance nodes are SPOFs."""
    cues = {
        c["slug"]: [
            p.lower() for item in c["items"] for p in item.get("cues", {}).get("phrases", [])
        ]
        for c in checklists
    }

    def predict(session: dict[str, Any]) -> Prediction:
        lines = [(ref, text.lower()) for ref, text in _text_lines(session)]
        cited_lines = {
            c: {ref for ref, text in lines if any(p in text for p in cues.get(c, []))}
            for c in CATEGORIES
        }
        nodes = (session.get("diagram") or {}).get("nodes") or []
        notes = " ".join(
            text for ref, text in lines if not ref.startswith(("node:", "edge:", "chat:"))
        )
        read_heavy = "read-heavy" in notes or "exceed" in notes or "outnumber" in notes
        has_cache = any(n["kind"] in ("cache", "cdn") for n in nodes) or "cache" in notes
        return Prediction(
            covered={c: bool(cited_lines[c]) for c in CATEGORIES},
            cited=cited_lines,
            spof=sorted(
                n["id"]
                for n in nodes
                if n.get("replicas") == 1 and n["kind"] not in ("client", "external")
            ),
            read_path_without_cache=read_heavy and not has_cache,
        )

    return predict
