"""Same input, same output — regardless of element order; JSON-safe; no Django import."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from scoring.analysis import ANALYZER_VERSION, analyse

REPO = Path(__file__).resolve().parents[3]

SESSION: dict[str, Any] = {
    "board": {
        "nodes": [
            {"id": "web", "kind": "client", "label": "Web"},
            {"id": "lb", "kind": "load_balancer", "label": "LB"},
            {"id": "api", "kind": "service", "label": "API", "replicas": 1},
            {"id": "db", "kind": "database", "label": "Postgres", "replicas": 1},
            {"id": "q", "kind": "queue", "label": "Jobs", "replicas": 3},
            {"id": "w", "kind": "worker", "label": "Thumbnailer", "replicas": 2},
            {"id": "s3", "kind": "object_store", "label": "Photos"},
            {"id": "lonely", "kind": "search", "label": "Search"},
        ],
        "edges": [
            {"id": "e1", "from": "web", "to": "lb"},
            {"id": "e2", "from": "lb", "to": "api"},
            {"id": "e3", "from": "api", "to": "db"},
            {"id": "e4", "from": "api", "to": "q", "mode": "async"},
            {"id": "e5", "from": "q", "to": "w", "mode": "async"},
            {"id": "e6", "from": "w", "to": "s3"},
        ],
        "notes": {
            "requirements": "Upload photos; viewers far outnumber uploaders.\nSearch by caption.\np99 under 200 ms.",
            "deep_dive": "Shard photos by user id.\nWe won't add a cache for now.\nRetries use an idempotency key.",
        },
    },
    "chat": [
        {"who": "candidate", "text": "The queue gives us at-least-once delivery.", "seq": 9},
        {"who": "candidate", "text": "Security is important.", "seq": 4},
    ],
    "timeline": {
        "phases": [
            {"slug": "requirements", "name": "R", "planned_minutes": 5, "actual_seconds": 400}
        ]
    },
    "question": {"nfr_focus": {"latency": 3, "scalability": 2}},
}


def test_analyse_twice_gives_identical_output() -> None:
    first, second = analyse(SESSION), analyse(copy.deepcopy(SESSION))
    assert first == second
    assert json.dumps(first) == json.dumps(second)
    assert first["analyzer_version"] == ANALYZER_VERSION == "2.2.0"


def test_element_order_does_not_matter() -> None:
    expected = json.dumps(analyse(SESSION))
    for seed in range(5):
        shuffled = copy.deepcopy(SESSION)
        rng = random.Random(seed)
        rng.shuffle(shuffled["board"]["nodes"])
        rng.shuffle(shuffled["board"]["edges"])
        rng.shuffle(shuffled["chat"])
        assert json.dumps(analyse(shuffled)) == expected


def test_generated_edge_ids_do_not_depend_on_order() -> None:
    without_ids = copy.deepcopy(SESSION)
    for edge in without_ids["board"]["edges"]:
        del edge["id"]
    expected = json.dumps(analyse(without_ids))
    without_ids["board"]["edges"].reverse()
    assert json.dumps(analyse(without_ids)) == expected


def test_report_is_json_serialisable_and_round_trips() -> None:
    report = analyse(SESSION)
    assert json.loads(json.dumps(report)) == report


def test_importing_the_analysis_does_not_import_django() -> None:
    code = "import sys, scoring.analysis; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
