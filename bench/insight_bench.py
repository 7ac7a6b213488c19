"""Benchmark of the live analysis (scoring.analysis.live) on a 300-component board.

The board: 300 components and 600 edges (a random tree plus 300 extra sync or async edges,
every tenth component with a sentence of notes), about 6 KB of notes, 60 chat messages and
the 10 x 5 checklist of bench/analysis_bench.py. Three kinds of run, each after a warm-up:

- **text changed**: the notes change before every run (the coverage cache misses);
- **node moved**: a component moves before every run (the coverage is reused);
- **report analysis**: ``analyse`` on the same input, the baseline measured in the same run.

    .venv/bin/python bench/insight_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.analysis_bench import KINDS, SENTENCES, build_session  # noqa: E402
from scoring.analysis import analyse  # noqa: E402
from scoring.analysis.live import LiveAnalyser  # noqa: E402

NODES, EXTRA_EDGES = 300, 300


def board_session(seed: int = 11) -> dict[str, Any]:
    rng = random.Random(seed)
    session = build_session()
    nodes = [
        {"id": f"n{i}", "kind": rng.choice(KINDS), "label": f"component {i}", "x": i * 7.0,
         "y": (i % 20) * 40.0, "notes": rng.choice(SENTENCES) if i % 10 == 0 else "",
         "replicas": rng.choice([None, 1, 2, 3])}
        for i in range(NODES)
    ]  # fmt: skip
    edges = [
        {"id": f"t{i}", "from": f"n{rng.randrange(i)}", "to": f"n{i}", "label": "",
         "mode": rng.choice(["sync", "sync", "async"])}
        for i in range(1, NODES)
    ]  # fmt: skip
    for j in range(EXTRA_EDGES):
        a, b = rng.sample(range(NODES), 2)
        edges.append({"id": f"x{j}", "from": f"n{a}", "to": f"n{b}", "label": "", "mode": "sync"})
    notes = {k: v[:1000] for k, v in session["board"]["notes"].items()}
    session["board"] = {"nodes": nodes, "edges": edges, "notes": notes}
    session["chat"] = session["chat"][:60]
    session.update(phase_slug="deep-dive", estimates={"peak_read_qps": 30_000,
                   "peak_write_qps": 350}, drills=[{"target": {"kind": "component", "id": "n5"}}])  # fmt: skip
    return session


def timed(fn, inputs: list[dict[str, Any]]) -> list[float]:
    out = []
    for data in inputs:
        started = time.perf_counter()
        fn(data)
        out.append((time.perf_counter() - started) * 1000)
    return out


def variants(session: dict[str, Any], runs: int, change: str) -> list[dict[str, Any]]:
    out = []
    for k in range(runs):
        data = copy.deepcopy(session)
        if change == "text":
            data["board"]["notes"]["free"] += (
                f" Revision {k + 1000 * runs}: the cache absorbs hot keys."
            )
        else:
            data["board"]["nodes"][k % NODES]["x"] += 13.0 * (k + 1)
        out.append(data)
    return out


def describe(name: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=4)
    return (f"{name:<16} median {statistics.median(ms):7.1f} ms  IQR {q[0]:6.1f}-{q[2]:6.1f}"
            f"  min {min(ms):6.1f}  max {max(ms):6.1f}  (n={len(ms)})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    session = board_session()
    analyser = LiveAnalyser()
    for data in variants(session, 3, "text"):  # warm-up: imports, regex caches
        analyser.run(data)
        analyse(data)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# insight_bench: {NODES} components, {len(session['board']['edges'])} edges,"
          f" {sum(len(v) for v in session['board']['notes'].values())} chars of notes,"
          f" {len(session['chat'])} chat messages; {os.cpu_count()} cores, load {load}")  # fmt: skip
    text = timed(analyser.run, variants(session, args.runs, "text"))
    moved = timed(analyser.run, variants(session, args.runs, "move"))
    report = timed(analyse, variants(session, args.runs, "text"))
    for name, ms in (("text changed", text), ("node moved", moved), ("report analysis", report)):
        print(describe(name, ms))
    verdict = "within" if statistics.median(text) <= 200 else "OVER"
    print(
        f"insight_bench: live analysis of a {NODES}-component board, median"
        f" {statistics.median(text):.0f} ms after a text change ({verdict} 200 ms),"
        f" {statistics.median(moved):.0f} ms after a move; ratio live/report analysis"
        f" {statistics.median(text) / statistics.median(report):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
