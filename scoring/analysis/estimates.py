"""The question's own scale figures as structured estimates (the defaults of a session's values).

A question lists its figures as ``{"name", "value", "unit"}`` ("new short links per day",
10,000,000, "links/day"). They are read by what their name and unit say:

- a count **per day** that creates something (links, pastes, orders, messages sent, bids...)
  is the write rate; one that looks something up (queries, loads, searches, reads) is the
  read rate; **per user per day** is multiplied by the daily active users;
- a figure **per second** at peak (``requests/s``, ``ops/s``) is the peak itself;
- the **read to write ratio** gives the side the question did not state;
- the **record size** (the first figure in bytes) times the writes gives the storage per
  day, times the **retention** (years or days) the storage in all;
- the **peak factor** (unit ``x``) turns averages into peaks (3 when the question has none:
  the usual daily peak of consumer traffic).

For the URL shortener (10 M links a day, 100 reads a write, 500 B, 10 years, ×3) this gives
~347 writes/s and ~34.7 k reads/s at peak, 5 GB a day and ~18.3 TB over the retention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

DAY_SECONDS = 86_400
DEFAULT_PEAK_FACTOR = 3.0
READ_WORDS = re.compile(r"\b(?:quer\w*|reads?|loads?|search\w*|lookups?|views?|redirects?)\b")
SIZE_UNITS = {"bytes": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9}


def _figures(inputs: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    found: dict[str, float] = {}
    for raw in inputs:
        given: Any = raw.get("value")
        try:
            value = float(given)
        except (TypeError, ValueError):
            continue
        name = str(raw.get("name", "")).lower()
        unit = str(raw.get("unit", "")).lower()
        for key in _keys_for(name, unit):
            found.setdefault(key, value * SIZE_UNITS.get(unit, 1) if key == "record" else value)
    return found


def _keys_for(name: str, unit: str) -> list[str]:
    side = "reads" if READ_WORDS.search(name) else "writes"
    if unit == "users" and re.search(r"\b(?:daily|dau)\b", name):
        return ["dau"]
    if "per user per day" in name or "per active user per day" in name:
        return [f"{side}_per_user_day"]
    if "per day" in name or unit.endswith("/day"):
        return [f"{side}_per_day"]
    if unit.endswith("/s") and "peak" in name and "per" in name and "instance" not in name:
        return ["peak_per_second"]
    if unit == "ratio" and "read" in name:
        return ["ratio"]
    if unit in SIZE_UNITS and not re.search(r"\b(?:memory|disk|mailbox|snapshot|chunk)\b", name):
        return ["record"]
    if unit == "years" and "retention" in name or unit == "years" and "kept" in name:
        return ["retention_days_years"]
    if unit == "days" and "retention" in name:
        return ["retention_days"]
    if unit == "x" and re.search(r"\b(?:peak|multiplier|factor)\b", name):
        return ["peak_factor"]
    return []


def estimates_from_question(inputs: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Peak QPS, the read/write split, storage per day and over retention, bandwidth out
    (keys as in the protocol's ``estimates.set``); only what the figures determine."""
    f = _figures(inputs)
    dau = f.get("dau")
    writes = _per_second(f, "writes", dau)
    reads = _per_second(f, "reads", dau)
    ratio = f.get("ratio")
    if reads is None and writes is not None and ratio is not None:
        reads = writes * ratio
    if writes is None and reads is not None and ratio:
        writes = reads / ratio
    factor = f.get("peak_factor", DEFAULT_PEAK_FACTOR)
    out: dict[str, float] = {}
    if reads is not None or writes is not None:
        out["peak_read_qps"] = round((reads or 0.0) * factor, 1)
        out["peak_write_qps"] = round((writes or 0.0) * factor, 1)
        out["peak_qps"] = round(out["peak_read_qps"] + out["peak_write_qps"], 1)
    elif "peak_per_second" in f:
        out["peak_qps"] = f["peak_per_second"]
        if ratio is not None:
            out["peak_write_qps"] = round(f["peak_per_second"] / (ratio + 1), 1)
            out["peak_read_qps"] = round(f["peak_per_second"] - out["peak_write_qps"], 1)
    record = f.get("record")
    if record is not None and writes is not None:
        out["storage_per_day_bytes"] = round(writes * DAY_SECONDS * record)
        retention = f.get("retention_days_years", 0) * 365 or f.get("retention_days", 0)
        if retention:
            out["storage_total_bytes"] = round(out["storage_per_day_bytes"] * retention)
        if reads is not None:
            out["bandwidth_out_bytes_per_s"] = round(reads * factor * record)
    return out


def _per_second(f: Mapping[str, float], side: str, dau: float | None) -> float | None:
    if f"{side}_per_day" in f:
        return f[f"{side}_per_day"] / DAY_SECONDS
    if f"{side}_per_user_day" in f and dau is not None:
        return f[f"{side}_per_user_day"] * dau / DAY_SECONDS
    return None
