"""Accuracy of the feedback analysis against labelled sessions, next to a naive baseline.

Sets: `tuned` and `heldout` (tests/scoring/labelled/; the analysis was never developed
against held-out sessions) and `dev` (../shared/feedback-dev, beside the repository).
For each set it prints per-category precision/recall/F1 of "covered" ("partly" counts as
not covered, "either" is not scored), macro F1, accuracy, single-point-of-failure
precision/recall, read-path-without-cache agreement and evidence precision (the share of
cited lines that the labels mark as a reason), for the analysis and for the naive keyword
matcher, in the same run.

    .venv/bin/python bench/feedback_accuracy.py [--checklists pack|minimal|default] [--errors]

`--errors` lists the disagreements of the tuned and dev sets only, so that developing
against it never shows the held-out ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scoring.labelled.corpus import (  # noqa: E402
    CATEGORIES,
    Tally,
    analysis_predictor,
    dev,
    heldout,
    keyword_predictor,
    measure,
    minimal_checklists,
    pack_checklists,
    tuned,
)


def checklists_for(name: str) -> list[dict[str, Any]]:
    if name == "pack":
        return pack_checklists()
    if name == "minimal":
        return minimal_checklists()
    return []  # the analysis' built-in default checklist


def summary(name: str, tally: Tally) -> str:
    return (
        f"{name:<9} sessions {tally.sessions:>2}  verdicts {tally.verdicts():>3}  "
        f"macroF1 {tally.macro_f1():.3f}  acc {tally.accuracy():.3f}  "
        f"SPOF P {tally.spof_precision():.2f} R {tally.spof_recall():.2f}  "
        f"read-path {tally.read_path_right}/{tally.sessions}  "
        f"evidence P {tally.evidence_precision():.3f} ({tally.cited_reasons}/{tally.cited_lines})"
    )


def table(tally: Tally) -> list[str]:
    rows = [f"  {'category':<18} {'P':>5} {'R':>5} {'F1':>5}   tp fp fn tn"]
    for category in CATEGORIES:
        p, r, f = tally.prf(category)
        rows.append(
            f"  {category:<18} {p:5.2f} {r:5.2f} {f:5.2f}   {tally.tp[category]:>2} "
            f"{tally.fp[category]:>2} {tally.fn[category]:>2} {tally.tn[category]:>2}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checklists", choices=["pack", "minimal", "default"], default="pack")
    parser.add_argument(
        "--errors", action="store_true", help="list the disagreements of the tuned and dev sets"
    )
    parser.add_argument(
        "--heldout-errors",
        action="store_true",
        help="list held-out disagreements too (only once development is over)",
    )
    args = parser.parse_args()
    checklists = checklists_for(args.checklists)
    baseline_cues = pack_checklists()
    sets = {"tuned": tuned(), "heldout": heldout(), "dev": dev()}
    print(f"checklists: {args.checklists}; baseline cues: content pack")
    for set_name, sessions in sets.items():
        if not sessions:
            print(f"{set_name}: no sessions found")
            continue
        analysis = measure(sessions, analysis_predictor(checklists))
        baseline = measure(sessions, keyword_predictor(baseline_cues))
        print()
        print(summary(f"{set_name}", analysis))
        print("\n".join(table(analysis)))
        print(summary("baseline", baseline))
        if (args.errors and set_name != "heldout") or args.heldout_errors:
            print("\n".join(f"    {e}" for e in analysis.errors))
    everything = [s for group in sets.values() for s in group]
    total = measure(everything, analysis_predictor(checklists))
    print()
    print(summary("all", total))
    print(
        f"SUMMARY feedback_accuracy checklists={args.checklists} "
        + " ".join(
            f"{n}_macroF1={measure(s, analysis_predictor(checklists)).macro_f1():.3f}"
            for n, s in sets.items()
            if s
        )
    )


if __name__ == "__main__":
    main()
