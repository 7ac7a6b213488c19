"""Writes to the content model: content packs in and out."""

from .pack_export import content_pack_export
from .pack_load import PackError, PackLoadResult, content_pack_load

__all__ = ["PackError", "PackLoadResult", "content_pack_export", "content_pack_load"]
