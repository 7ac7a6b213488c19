"""Client messages of the live analysis: sharing coverage, ticking checklist items, drills
and estimates (docs/protocol.md, "Live analysis"). Shapes only; who may send them and when
is the services' business."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import ClientMessage
from . import fields as f
from .fields import ProtocolError

MAX_TICK_NOTE_CHARS = 280
MAX_SLUG_CHARS = 80
DRILL_KINDS = ("component", "zone", "surge")
DRILL_SECONDS_MIN, DRILL_SECONDS_MAX, DRILL_SECONDS_DEFAULT = 30, 600, 120
SURGE_FACTOR_MAX = 1000
# Structured estimate values a client may set, each a non-negative number.
ESTIMATE_KEYS = (
    "peak_qps",
    "peak_read_qps",
    "peak_write_qps",
    "storage_per_day_bytes",
    "storage_total_bytes",
    "bandwidth_out_bytes_per_s",
    "cache_hit_rate",
)
ESTIMATE_MAX = 1e15


@dataclass(frozen=True)
class InsightShareMessage(ClientMessage):
    enabled: bool


@dataclass(frozen=True)
class NfrTickMessage(ClientMessage):
    category: str
    item: str
    verdict: str | None  # "covered" | "missing" | None (untick)
    note: str


@dataclass(frozen=True)
class DrillStartMessage(ClientMessage):
    target: dict[str, Any]
    seconds: int


@dataclass(frozen=True)
class EstimatesSetMessage(ClientMessage):
    values: dict[str, float]


def _insight_share(data: dict, ref: str | None, envelope: Any) -> InsightShareMessage:
    envelope(data, "insight.share", {"enabled"})
    return InsightShareMessage(ref=ref, enabled=f.boolean(data, "enabled", where="insight.share"))


def _nfr_tick(data: dict, ref: str | None, envelope: Any) -> NfrTickMessage:
    where = "nfr.tick"
    envelope(data, where, {"category", "item", "verdict", "note"})
    verdict = data.get("verdict")
    if verdict is not None:
        verdict = f.choice(data, "verdict", ("covered", "missing"), where=where)
    return NfrTickMessage(
        ref=ref,
        category=f.string(data, "category", where=where, max_len=MAX_SLUG_CHARS, min_len=1),
        item=f.string(data, "item", where=where, max_len=MAX_SLUG_CHARS, min_len=1),
        verdict=verdict,
        note=f.string(data, "note", where=where, max_len=MAX_TICK_NOTE_CHARS, default=""),
    )


def _drill_start(data: dict, ref: str | None, envelope: Any) -> DrillStartMessage:
    where = "drill.start"
    envelope(data, where, {"target", "seconds"})
    raw = f.obj(data, "target", where=where)
    f.only(raw, {"kind", "id", "factor"}, where=f"{where}.target")
    kind = f.choice(raw, "kind", DRILL_KINDS, where=f"{where}.target")
    target: dict[str, Any] = {"kind": kind, "id": f.element_id(raw, "id", where=f"{where}.target")}
    if kind == "surge":
        factor = f.integer(raw, "factor", where=f"{where}.target", minimum=2,
                           maximum=SURGE_FACTOR_MAX, required=False)  # fmt: skip
        target["factor"] = factor or 10
    elif "factor" in raw:
        raise f.bad(f"{where}.target.factor: only a surge has a factor")
    seconds = f.integer(data, "seconds", where=where, minimum=DRILL_SECONDS_MIN,
                        maximum=DRILL_SECONDS_MAX, required=False)  # fmt: skip
    return DrillStartMessage(ref=ref, target=target, seconds=seconds or DRILL_SECONDS_DEFAULT)


def _estimates_set(data: dict, ref: str | None, envelope: Any) -> EstimatesSetMessage:
    where = "estimates.set"
    envelope(data, where, {"values"})
    raw = f.obj(data, "values", where=where)
    f.only(raw, set(ESTIMATE_KEYS), where=f"{where}.values")
    values = {}
    for key, value in raw.items():
        if not f.is_number(value) or not 0 <= value <= ESTIMATE_MAX:
            raise f.bad(f"{where}.values.{key}: must be a number from 0 to {ESTIMATE_MAX:g}")
        if key == "cache_hit_rate" and value > 1:
            raise f.bad(f"{where}.values.cache_hit_rate: must be between 0 and 1")
        values[key] = float(value)
    return EstimatesSetMessage(ref=ref, values=values)


INSIGHT_PARSERS = {
    "insight.share": _insight_share,
    "nfr.tick": _nfr_tick,
    "drill.start": _drill_start,
    "estimates.set": _estimates_set,
}

__all__ = [
    "INSIGHT_PARSERS",
    "DrillStartMessage",
    "EstimatesSetMessage",
    "InsightShareMessage",
    "NfrTickMessage",
    "ProtocolError",
]
