"""Capabilities a requirement can ask for, and the components that serve them.

Used by the requirement_without_component rule: when the requirements notes name a
capability (a key noun such as "search" or "upload") and no component of the diagram has
a serving kind or a label/note naming it, the requirement has no home in the design.
Label words are matched as lower-case substrings, so "notif" finds "Notification service".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    name: str
    triggers: tuple[str, ...]  # cue phrases in the requirements notes
    kinds: frozenset[str]  # node kinds that serve it
    label_words: tuple[str, ...]  # label/notes substrings that serve it
    unless: tuple[str, ...] = ()  # sentence substrings meaning something else


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "search",
        ("search", "full-text", "autocomplete", "typeahead"),
        frozenset({"search"}),
        ("search", "elastic", "solr", "lucene", "typeahead", "autocomplete", "inverted index"),
    ),
    Capability(
        "notifications",
        ("notification", "notify", "push notification", "email", "sms"),
        frozenset(),
        ("notif", "push", "email", "mail", "sms", "apns", "fcm"),
    ),
    Capability(
        "upload",
        ("upload",),
        frozenset({"object_store"}),
        ("upload", "blob", "object", "s3", "gcs", "file store", "storage", "media store"),
    ),
    Capability(
        "streaming",
        ("stream", "streaming", "playback"),
        frozenset({"cdn"}),
        ("stream", "cdn", "media", "hls", "dash", "playback", "edge"),
        unless=(
            "event stream",
            "stream processing",
            "streams of events",
            "change stream",
            "log stream",
        ),
    ),
    Capability(
        "payments",
        ("payment", "pay", "checkout", "billing"),
        frozenset(),
        ("payment", "billing", "stripe", "checkout", "psp", "ledger", "adyen", "paypal"),
    ),
    Capability(
        "transcoding",
        ("transcode", "transcoding", "encode video", "thumbnail"),
        frozenset(),
        ("transcod", "encod", "ffmpeg", "thumbnail", "media process", "media pipeline"),
    ),
    Capability(
        "messaging",
        ("chat", "direct message", "messaging", "send messages"),
        frozenset(),
        ("chat", "messag", "websocket", "socket", "realtime", "real-time", "presence", "inbox"),
    ),
    Capability(
        "feeds",
        ("news feed", "feed", "home timeline"),
        frozenset(),
        ("feed", "timeline", "fan-out", "fanout"),
    ),
    Capability(
        "location",
        ("nearby", "location", "geo", "proximity"),
        frozenset(),
        ("geo", "location", "spatial", "map", "quadtree", "geohash", "h3"),
    ),
    Capability(
        "accounts",
        ("log in", "login", "sign in", "sign up", "signup", "authenticate"),
        frozenset(),
        ("auth", "identity", "login", "sso", "oauth", "account", "user service", "iam", "session"),
    ),
    Capability(
        "analytics",
        ("analytics", "reporting", "reports"),
        frozenset(),
        ("analytic", "warehouse", "olap", "report", "clickhouse", "bigquery", "metrics", "spark"),
    ),
    Capability(
        "recommendations",
        ("recommend", "recommendation", "personalised", "personalized"),
        frozenset(),
        ("recommend", "ranking", "personali", "ml", "model"),
    ),
)
