"""Field checks for client messages: each refusal names the field it refuses."""

from __future__ import annotations

import math
from typing import Any

from ...board import COORDINATE_LIMIT
from ...errors import ErrorCode, SessionError

MAX_ID_CHARS = 64
MAX_REF_CHARS = 64
# JSON integers longer than this are never a valid value (every bound is below 2**53, 16
# digits); they stay text so int() never runs on thousands of digits, and the field that
# holds one is refused by ``integer`` like any other out-of-range value.
MAX_INTEGER_DIGITS = 20


class ProtocolError(SessionError):
    """The frame itself is wrong: bad JSON, unknown type, a missing or mistyped field."""

    def __init__(self, code: str, message: str, *, ref: str | None = None) -> None:
        super().__init__(code, message)
        self.ref = ref


MISSING = object()


class OversizedInteger(str):
    """A JSON integer too long to be any field's value, kept as its text."""


def json_int(text: str) -> int | OversizedInteger:
    """``json.loads``'s ``parse_int``: Python refuses int() of 4,300+ digits with a bare
    ValueError (a server_error before), and converting long ones is quadratic anyway."""
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return OversizedInteger(text)
    return int(text)


def text_refusal(value: str) -> str | None:
    """Why a string cannot be stored, or None: PostgreSQL refuses NUL in text and json,
    and a lone surrogate is not Unicode (SQLite stores it, then every read fails)."""
    if "\x00" in value:
        return "must not contain NUL characters"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "must be valid Unicode (no lone surrogates)"
    return None


def bad(message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_MESSAGE, message)


def only(data: dict, allowed: set[str], *, where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise bad(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")


def _get(data: dict, key: str, where: str, default: Any) -> Any:
    value = data.get(key, MISSING)
    if value is MISSING:
        if default is MISSING:
            raise bad(f"{where}.{key}: required")
        return default
    return value


def string(
    data: dict, key: str, *, where: str, max_len: int, min_len: int = 0, default: Any = MISSING
) -> str:
    value = _get(data, key, where, default)
    if not isinstance(value, str):
        raise bad(f"{where}.{key}: must be a string")
    if not min_len <= len(value) <= max_len:
        raise bad(f"{where}.{key}: must be {min_len} to {max_len} characters")
    refusal = text_refusal(value)
    if refusal is not None:
        raise bad(f"{where}.{key}: {refusal}")
    return value


def element_id(data: dict, key: str, *, where: str) -> str:
    return string(data, key, where=where, max_len=MAX_ID_CHARS, min_len=1)


def integer(
    data: dict,
    key: str,
    *,
    where: str,
    minimum: int,
    maximum: int = 2**53,
    required: bool = True,
) -> Any:
    value = _get(data, key, where, MISSING if required else None)
    if value is None and not required:
        return None
    if isinstance(value, OversizedInteger):
        raise bad(f"{where}.{key}: must be between {minimum} and {maximum}")
    # bool is an int in Python and never what a client means here.
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad(f"{where}.{key}: must be an integer")
    if not minimum <= value <= maximum:
        raise bad(f"{where}.{key}: must be between {minimum} and {maximum}")
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def coordinate(data: dict, key: str, *, where: str) -> float:
    value = _get(data, key, where, MISSING)
    if not is_number(value) or abs(value) > COORDINATE_LIMIT:
        raise bad(f"{where}.{key}: must be a number within ±{COORDINATE_LIMIT}")
    return value


def boolean(data: dict, key: str, *, where: str) -> bool:
    value = _get(data, key, where, MISSING)
    if not isinstance(value, bool):
        raise bad(f"{where}.{key}: must be true or false")
    return value


def obj(data: dict, key: str, *, where: str) -> dict:
    value = _get(data, key, where, MISSING)
    if not isinstance(value, dict):
        raise bad(f"{where}.{key}: must be an object")
    return value


def choice(
    data: dict, key: str, choices: tuple[str, ...], *, where: str, default: Any = MISSING
) -> str:
    value = _get(data, key, where, default)
    if value not in choices:
        raise bad(f"{where}.{key}: must be one of {', '.join(choices)}")
    return value
