# Closed word lists only, kept together so they can be reviewed without reading code.
"""Closed word lists the text analysis relies on.

Kept apart from the logic so the lists can be reviewed (and extended) without reading code.
Every list is about *how people talk about designs*, never about a particular design: the
analysis has to work on questions and wordings nobody has seen yet.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words: long vocabularies stay readable as prose-like blocks."""
    return tuple(text.split())


def words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, for word lists written as one string."""
    return _words(text)


def phrase_list(text: str) -> tuple[str, ...]:
    """'|'-separated phrases (which may contain spaces), for compact phrase tables."""
    return tuple(p.strip() for p in text.split("|") if p.strip())


# Words that switch a following mechanism off: "no cache", "we won't add replicas",
# "without a CDN". Compared against raw lower-case tokens (apostrophes kept).
NEGATORS: frozenset[str] = frozenset(
    {
        "no",
        "not",
        "never",
        "without",
        "none",
        "nothing",
        "nobody",
        "nor",
        "neither",
        "skip",
        "skipping",
        "cannot",
        "don't",
        "dont",
        "doesn't",
        "didn't",
        "won't",
        "wont",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "can't",
        "couldn't",
        "wouldn't",
        "shouldn't",
        "haven't",
        "hasn't",
        "lack",
        "lacks",
        "omit",
    }
)

# Two-word negators ("use a queue instead of a cache").
NEGATOR_BIGRAMS: frozenset[tuple[str, str]] = frozenset(
    {("instead", "of"), ("rather", "than"), ("no", "need"), ("not", "needed")}
)

# Words *after* a mechanism that deny it: "we cached nothing", "a CDN is overkill".
POST_NEGATORS: frozenset[str] = frozenset(
    {"nothing", "none", "unnecessary", "overkill", "needless"}
)
POST_NEGATOR_BIGRAMS: frozenset[tuple[str, str]] = frozenset(
    {
        ("not", "needed"),
        ("not", "required"),
        ("not", "necessary"),
        ("isn't", "needed"),
        ("isn't", "necessary"),
        ("aren't", "needed"),
        ("not", "worth"),
        # "backups are the provider's problem", "I'd leave backups to IT, not part of this design"
        ("provider's", "problem"),
        ("someone", "else's"),
        ("not", "part"),
        # "horizontal scaling is not something we need this year"
        ("not", "something"),
        ("isn't", "something"),
        ("aren't", "something"),
    }
)

# Words that start a new clause, so a negation before them does not reach past them
# ("we don't shard, but we cache" / "no CDN because the cache absorbs it"). "and"/"or" are
# deliberately not here: negation distributes over coordination ("no cache or CDN").
CLAUSE_BREAK_WORDS: frozenset[str] = frozenset(
    {
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "while",
        "because",
        "since",
        "so",
        "then",
        "instead",
        "otherwise",
        "which",
        "where",
    }
)

# Articles are dropped from cue phrases so "read from the leader" also matches
# "read from leader". Other small words stay: they carry meaning in phrases like
# "partitioned by" or "at least once".
ARTICLES: frozenset[str] = frozenset({"a", "an", "the"})

STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "is",
        "are",
        "be",
        "been",
        "being",
        "was",
        "were",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "us",
        "they",
        "their",
        "as",
        "into",
        "per",
        "via",
        "than",
        "so",
        "if",
        "all",
        "any",
        "some",
        "also",
        "too",
        "very",
        "really",
        "extremely",
        "super",
        "just",
        "like",
        "i",
        "you",
        "your",
        "my",
        "me",
        "do",
        "does",
        "can",
        "will",
        "would",
        "could",
        "may",
        "might",
        "both",
        "every",
        "each",
        "here",
        "there",
        "well",
        "things",
        "thing",
    }
)

# Modal verbs and requirement framing: the grammar of *naming* an NFR
# ("it should be scalable", "security is really important", "must be low latency").
REQUIREMENT_FRAME: frozenset[str] = frozenset(
    {
        "should",
        "must",
        "shall",
        "need",
        "needs",
        "needed",
        "require",
        "requires",
        "required",
        "requirement",
        "requirements",
        "important",
        "critical",
        "essential",
        "crucial",
        "key",
        "priority",
        "priorities",
        "matter",
        "matters",
        "want",
        "wants",
        "expect",
        "expected",
        "ought",
        "goal",
        "goals",
        "nfr",
        "nfrs",
        "non-functional",
    }
)

# The names of the qualities themselves and the adjectives people use for them. A sentence
# made of these plus modal framing names an NFR without addressing it.
NFR_NAME_WORDS: tuple[str, ...] = _words(
    "scalable scalability scale scales scaling scalably "
    "available availability highly high "
    "reliable reliability reliably "
    "secure security safe safety "
    "latency latencies low fast quick quickly responsive responsiveness speedy snappy "
    "performant performance efficient efficiency "
    "consistent consistency consistently strong strongly eventual eventually "
    "durable durability resilient resilience robust robustness "
    "fault faults tolerant tolerance "
    "disaster recovery recoverable recover "
    "observable observability monitorable "
    "uptime throughput redundant redundancy redundantly "
    "maintainable elastic elasticity stable stability correct correctness"
)

# Words that fill the subject slot of a naming statement ("the *platform* must be secure").
GENERIC_SUBJECTS: frozenset[str] = frozenset(
    {
        "system",
        "systems",
        "service",
        "services",
        "platform",
        "app",
        "application",
        "product",
        "design",
        "site",
        "website",
        "solution",
        "architecture",
        "everything",
        "overall",
        "one",
        "make",
        "sure",
        "think",
        "care",
        "about",
    }
)

# Product and technology names. Naming a product says *what* was picked, not *how* it
# serves the quality ("the app reads ranks from Redis" is not a caching mechanism), so a
# cue made only of product names is weak evidence.
TECHNOLOGY_NAMES: tuple[str, ...] = _words(
    "redis memcached memcache kafka rabbitmq sqs sns kinesis pulsar nats "
    "postgres postgresql mysql mariadb sqlite oracle cassandra scylla scylladb dynamodb "
    "mongodb mongo couchbase hbase bigtable spanner cockroachdb cockroach tidb foundationdb "
    "elasticsearch opensearch solr lucene clickhouse druid pinot snowflake bigquery redshift "
    "s3 gcs hdfs minio cloudfront cloudflare akamai fastly "
    "nginx haproxy envoy istio linkerd zookeeper etcd consul "
    "prometheus grafana datadog cloudwatch statsd kibana loki splunk fluentd jaeger zipkin "
    "opentelemetry pagerduty alertmanager "
    "spark flink hadoop airflow celery sidekiq kubernetes k8s docker lambda "
    "vault aws gcp azure"
)

# Words of a failure scenario and of its handling, for the "if X dies, Y takes over"
# recogniser in mechanisms.py.
FAILURE_VERBS = (
    r"dies|die|died|fails|fail|failed|crashes|crash|crashed|is lost|are lost|gets lost|"
    r"goes down|go down|is down|are down|becomes unavailable|is unavailable|"
    r"is unreachable|times out|restarts|is killed|is partitioned|doesn't answer|does not answer|"
    r"doesn't respond|does not respond|stops responding|stops answering|goes silent|is slow|"
    r"does not report back|doesn't report back|stops reporting|is late|is delayed|stalls|"
    r"falls behind|fall behind|is overloaded"
)
RECOVERY_VERBS = (
    r"rebuil\w*|recover\w*|takes? over|taken over|retri\w*|retry|replay\w*|"
    r"fail(?:s|ed)? over|failover|move\w*|reassign\w*|rerout\w*|redirect\w*|fall(?:s)? back|"
    r"fallback|resum\w*|restart\w*|loses only|lose only|continu\w*|degrad\w*|"
    r"serv(?:e|es|ed) (?:stale|cached)|promot\w*|re-?elect\w*|picks? up|reschedul\w*|"
    r"redeliver\w*|re-?process\w*|is re-?queued|requeu\w*|instead|reconnect\w*|resend\w*|re-?send\w*|tr(?:y|ies) (?:the next|another)|put back|another (?:runner|worker|node|instance|server)|"
    r"show\w*|display\w*"
)

# Everyday technical words missing from older dictionaries; they are never "corrected".
MODERN_WORDS: tuple[str, ...] = _words(
    "login logins logout signup signin email emails online offline backend frontend dashboard "
    "dashboards upload uploads uploaded download downloads website webhook webhooks username "
    "usernames admin admins config configs runtime timestamp timestamps metadata dataset "
    "datasets workflow workflows codebase endpoint endpoints middleware realtime hashtag "
    "hashtags emoji inbox checkout onboarding startup signups subdomain firmware telemetry "
    "geofence livestream streamer streamers viewer viewers"
)

# Words of the paraphrase patterns (written there as stems with endings) that misspellings
# are corrected onto as well: "reconect" -> reconnect.
PATTERN_WORDS: tuple[str, ...] = _words(
    "reconnect promote restart replay redeliver resume reschedule rebuild reroute redirect "
    "reassign requeue recover resend acknowledge persist replicate"
)

# Camel-cased words that are product names or prose, not identifiers (PostgreSQL, WebSocket).
CAMEL_PROSE_WORDS: frozenset[str] = frozenset(
    _words(
        "postgresql mysql dynamodb mongodb cockroachdb clickhouse rabbitmq zookeeper opensearch "
        "elasticsearch cloudfront cloudflare pagerduty haproxy pgbouncer graphql javascript "
        "typescript github gitlab youtube linkedin iphone ipad macos ios oauth openid websocket "
        "websockets grpc devops bigquery bigtable redshift scylladb foundationdb tidb mariadb "
        "couchbase hbase memcached kubernetes cassandra flink mqtt amqp signalr socketio "
        "cloudwatch datadog opentelemetry prometheus grafana influxdb timescaledb questdb "
        "snowflake databricks airflow minio ceph hdfs etcd consul vault nginx envoy istio"
    )
)

# --- scope of refusal, deferral and rejection (reading.py) ---------------------------------

# Sentence openers that refuse or postpone what was just asked ("Not yet.", "Not for now —").
REFUSAL_OPENERS: tuple[tuple[str, ...], ...] = (
    ("not", "yet"), ("not", "now"), ("not", "for", "now"), ("not", "at", "first"),
    ("not", "initially"), ("maybe", "later"), ("no",), ("nope",), ("nah",), ("not", "really"),
    ("no", "need"),
)  # fmt: skip
# Deferral markers: the mechanism is postponed ("a CDN in v2", "we can add them later").
DEFERRAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("in", "v2"), ("v2",), ("v3",), ("version", "2"), ("phase", "2"), ("next", "phase"),
    ("next", "version"), ("next", "iteration"), ("future", "work"), ("in", "the", "future"),
    ("down", "the", "road"), ("someday",), ("for", "later"), ("not", "yet"), ("can", "wait"),
    ("out", "of", "scope"), ("if", "needed"), ("if", "necessary"), ("when", "needed"),
    ("if", "required"), ("if", "we", "need"), ("when", "we", "need"), ("would", "help"),
    ("would", "be", "nice"), ("would", "be", "useful"), ("could", "help"), ("might", "help"),
    ("nice", "to", "have"), ("nice-to-have",), ("is", "premature"), ("if", "we", "ever"),
    ("if", "ever", "needed"), ("i'd", "like", "to"), ("would", "like", "to"), ("when", "we", "grow"), ("once", "we", "grow"), ("todo",), ("tbd",),
    ("next", "quarter"), ("next", "year"), ("next", "month"), ("next", "sprint"), ("next", "release"),
    ("some", "day"), ("good", "to", "have"), ("follow-up",), ("follow", "up", "work"),
)  # fmt: skip
# A clause made only of one of these declines the clause next to it: "backups - later",
# "TODO: backups", "Caching: none", "CDN (v2)".
MARKER_CLAUSES: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [("later",), ("v2",), ("v3",), ("todo",), ("tbd",), ("not", "yet"), ("not", "now"),
         ("maybe", "later"), ("future",), ("eventually",), ("someday",), ("out", "of", "scope"),
         ("for", "later"), ("in", "v2"), ("not", "for", "now"), ("later", "on")],
        "deferred",
    ),
    **dict.fromkeys(
        [("no",), ("none",), ("nope",), ("not", "needed"), ("not", "required"), ("skip",),
         ("skipped",), ("n/a",), ("na",), ("nothing",), ("not", "planned"), ("not", "doing"),
         ("won't", "do"), ("dropped",), ("skipping",), ("i", "said", "no"), ("we", "said", "no"),
         ("i", "declined"), ("we", "declined"), ("not", "part", "of", "this", "design"),
         ("not", "our", "problem"), ("not", "in", "scope")],
        "refused",
    ),
}  # fmt: skip
# "later" defers only in a sentence about changing the design ("we can add a cache later"),
# not in one about run time ("the email is sent later by a worker").
LATER_DESIGN_WORDS: frozenset[str] = frozenset(
    _words(
        "can could will 'll might may would should plan planning planned want add adding introduce "
        "bring consider revisit plug switch migrate adopt implement layer put worry think look "
        "tackle evaluate explore come"
    )
)
LATER_RUNTIME_WORDS: frozenset[str] = frozenset(
    _words("worker workers background asynchronously job jobs consumer consumers seconds minutes")
)
# "considered X but ...": the considered alternative is rejected when an adversative follows.
CONSIDER_WORDS: frozenset[str] = frozenset(
    _words("considered thought looked evaluated debated explored weighed toyed contemplated")
)
ADVERSATIVES: frozenset[str] = frozenset(_words("but however though although yet"))
# Words that reject what follows them: "instead of a cache", "decided against sharding".
REJECT_BIGRAMS: frozenset[tuple[str, str]] = frozenset(
    {("instead", "of"), ("rather", "than"), ("decided", "against"), ("ruled", "out"),
     ("opted", "against"), ("chose", "not")}
)  # fmt: skip
CHOICE_VERBS: frozenset[str] = frozenset(
    _words("chose choose picked pick prefer preferred favour favor favoured favored went opted")
)
# Headers of a bare list of qualities ("Non-functional requirements: durable, available").
LIST_HEADER_WORDS: frozenset[str] = frozenset(
    _words(
        "nfr nfrs non-functional nonfunctional functional requirements requirement qualities "
        "quality attributes attribute goals goal priorities priority must-haves constraints "
        "properties ilities non"
    )
)
# Words that only soften or intensify a quality name inside such a list.
QUALITY_MODIFIERS: frozenset[str] = frozenset(
    _words("very highly extremely really super always mostly fully reasonably ultra")
)
