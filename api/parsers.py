"""Request bodies the API accepts, with the limits a hostile body meets before any view runs.

``BoundedJSONParser`` is the API's JSON parser (settings and every view that names its
parsers): at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (413 otherwise, in the API's error
shape) and ``JSON_MAX_DEPTH`` levels of nesting (400: Python's decoder would otherwise raise
RecursionError a thousand levels down, and anything that walks the data after it could
too). ``body_read`` applies the same size limit for other parsers.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

JSON_MAX_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than {limit:,} bytes.")


def body_read(stream: Any) -> bytes:
    """The body, or RequestTooLarge: never more than the limit (plus one byte) is read."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise RequestTooLarge()
    return body


def json_depth_exceeds(data: Any, limit: int) -> bool:
    """Whether ``data`` nests lists and mappings more than ``limit`` levels (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size and a nesting limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        body = body_read(stream)
        try:
            data = json.loads(body.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise _too_deep() from exc
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        if json_depth_exceeds(data, JSON_MAX_DEPTH):
            raise _too_deep()
        return data


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(f"JSON nested deeper than {JSON_MAX_DEPTH} levels.")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
