"""Downloads over the API: JSON and CSV written piece by piece as the client reads them.

A download is a generator of chunks handed to ``streaming_download``, which also serves it
under ASGI without draining it into a list first; ``FileDownloadMixin`` lets a download view
answer any Accept header while its errors stay JSON.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from itertools import islice
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from rest_framework.request import Request


class FileDownloadMixin:
    """Downloads (SVG, CSV, streamed JSON) answer any Accept header; errors stay JSON."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)  # type: ignore[misc]


def json_stream(head: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[bytes]:
    """``head`` with ``key: [items...]`` added last, as JSON written piece by piece."""
    opening = json.dumps(head, cls=DjangoJSONEncoder)
    buffer = [opening[:-1], ", " if head else "", json.dumps(key), ": ["]
    size, first = 0, True
    for item in items:
        piece = json.dumps(item, cls=DjangoJSONEncoder)
        buffer.append(piece if first else "," + piece)
        size, first = size + len(piece), False
        if size > 64 * 1024:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    buffer.append("]}")
    yield "".join(buffer).encode()


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_stream(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """The header line, then one line per row as it is read."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])


STREAM_BATCH = 256  # chunks pulled per hop to Django's sync thread when served over ASGI


async def _pulled_in_sync_thread(chunks: Iterator[Any]) -> AsyncIterator[Any]:
    """A sync iterator that reads the database, served a batch at a time from the request's
    sync thread (where its connection lives), without blocking the event loop."""
    take = sync_to_async(lambda: list(islice(chunks, STREAM_BATCH)), thread_sensitive=True)
    while batch := await take():
        for chunk in batch:
            yield chunk


def streaming_download(
    request: Request, chunks: Iterator[Any], *, content_type: str, filename: str
) -> StreamingHttpResponse:
    """A download written piece by piece as the client reads it.

    Under ASGI (daphne, uvicorn) Django would drain a sync iterator into a list before
    sending it, so there the iterator is wrapped in an async one that pulls it in batches.
    """
    content: Iterator[Any] | AsyncIterator[Any] = chunks
    if isinstance(request._request, ASGIRequest):
        content = _pulled_in_sync_thread(chunks)
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(
    request: Request, filename: str, header: list[str], rows: Iterable[list[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download: the header row, then ``rows``, formulas neutralised."""
    return streaming_download(
        request,
        csv_stream(header, rows),
        content_type="text/csv; charset=utf-8",
        filename=filename,
    )
