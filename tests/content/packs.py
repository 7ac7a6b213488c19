"""A small valid content pack, written to a folder, for loader tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def small_pack() -> dict[str, Any]:
    return {
        "frameworks": [
            {
                "slug": "mini",
                "name": "Mini interview",
                "default": True,
                "phases": [
                    {
                        "slug": "requirements",
                        "name": "Requirements",
                        "minutes": 5,
                        "goal": "Scope the problem.",
                        "candidate_guidance": "Ask who the users are.",
                        "interviewer_guidance": "Hears functional and non-functional needs.",
                    },
                    {
                        "slug": "deep-dive",
                        "name": "Deep dive",
                        "minutes": 15,
                        "goal": "Go deep on one part.",
                        "candidate_guidance": "Pick the riskiest component.",
                        "interviewer_guidance": "Trade-offs are named.",
                        "interviewer_prompts": ["What fails first?"],
                    },
                ],
            }
        ],
        "nfr_categories": [
            {
                "slug": "availability",
                "name": "Availability",
                "summary": "Stays up.",
                "items": [
                    {
                        "slug": "redundancy",
                        "statement": "No single instance on the request path.",
                        "weight": 3,
                        "cues": {
                            "phrases": ["replica", "failover"],
                            "patterns": ["replicated_database"],
                        },
                        "study": ["replication"],
                    }
                ],
            }
        ],
        "concepts": [
            {
                "slug": "replication",
                "title": "Replication",
                "summary": "Copies of data on several nodes.",
                "when_to_use": "When a node may fail.",
                "related_nfrs": ["availability"],
                "related_concepts": ["caching"],
            },
            {
                "slug": "caching",
                "title": "Caching",
                "summary": "Keep hot data close.",
                "when_to_use": "Read-heavy.",
            },
        ],
        "questions": [
            {
                "slug": "url-shortener",
                "title": "Design a URL shortener",
                "prompt": "Users shorten links and follow them.",
                "difficulty": "easy",
                "levels": ["mid", "senior"],
                "tags": ["web", "storage"],
                "estimation_inputs": [
                    {"name": "new links per day", "value": 1000000, "unit": "links"}
                ],
                "nfr_focus": {"availability": 3},
                "hints": ["Think about the read path.", "Where would you cache?"],
                "follow_ups": [{"phase": "deep-dive", "text": "How do you avoid collisions?"}],
                "curveballs": [
                    {"text": "Traffic grows 10x.", "what_good_looks_like": "Scale reads first."}
                ],
                "reference_outline": "SECRET-OUTLINE base62 ids, cache hot links.",
                "related_concepts": ["caching"],
            }
        ],
        "rubrics": [
            {
                "slug": "mini-senior",
                "framework": "mini",
                "level": "senior",
                "title": "Senior rubric",
                "criteria": [
                    {
                        "slug": "requirements-clarity",
                        "title": "Requirements clarity",
                        "phase": "requirements",
                        "assesses": "Scope and constraints.",
                        "weight": 2,
                        "anchors": ["none", "some", "clear", "sharp"],
                    }
                ],
            }
        ],
    }


def write_pack(folder: Path, pack: dict[str, Any] | None = None, *, split: bool = True) -> Path:
    """Write a pack as several files (one per section) so errors name the right file."""
    pack = small_pack() if pack is None else pack
    folder.mkdir(parents=True, exist_ok=True)
    if split:
        for section, entries in pack.items():
            (folder / f"{section}.yaml").write_text(
                yaml.safe_dump({section: entries}, sort_keys=False)
            )
    else:
        (folder / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False))
    return folder
