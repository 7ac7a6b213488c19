"""docs/feedback.md's mechanism table and the lexicon stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from scoring.analysis.lexicon import MECHANISMS

DOC = Path(__file__).resolve().parents[3] / "docs" / "feedback.md"


def test_every_mechanism_is_documented_with_its_categories() -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \| ([a-z_ ]+) \|", DOC.read_text(), flags=re.MULTILINE)
    documented = {name: tuple(categories.split()) for name, categories in rows}
    assert documented == {m.name: m.categories for m in MECHANISMS}
