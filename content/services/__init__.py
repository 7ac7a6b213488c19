"""Writes to the content model: content packs in (validated, then loaded) and out."""

from .pack_export import content_pack_export
from .pack_load import PackLoadResult, content_pack_apply, content_pack_load
from .pack_validation import PackError, pack_parse, pack_validate

__all__ = [
    "PackError",
    "PackLoadResult",
    "content_pack_apply",
    "content_pack_export",
    "content_pack_load",
    "pack_parse",
    "pack_validate",
]
