"""Why a call or recording request is refused: each carries the HTTP status the API answers."""

from __future__ import annotations


class RecordingRefused(Exception):
    """Nothing was stored; ``status`` is the 4xx the API answers with, ``code`` its name."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
