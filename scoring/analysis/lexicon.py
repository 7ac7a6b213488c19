# One table on purpose: every mechanism and the qualities it serves in one place.
"""The mechanism lexicon: what a design *does*, and which qualities each thing serves.

One row per mechanism, with its categories in one place (docs/feedback.md renders this
table and explains the boundary rules). Only mechanisms are listed — never a quality's own
name — so naming a quality is kept apart from addressing it. A row may need a companion in
the same sentence (`requires_any`: a replica serves availability only together with a
failover word; a snapshot is a backup only next to backup words) or be voided by one
(`unless_any`). `code_phrases` are the few phrases that may match identifiers (an
`Idempotency-Key` header, an `idempotency_key` column); every other phrase matches prose
only. Phrases are '|'-separated and matched on stems (matching.py); regexes run on the
sentence's prose text, lower-cased, with identifiers blanked out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import FAILURE_VERBS, RECOVERY_VERBS


@dataclass(frozen=True)
class Mechanism:
    name: str
    categories: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    requires_any: tuple[str, ...] = ()  # one of these must be in the same sentence
    unless_any: tuple[str, ...] = ()  # any of these in the same sentence voids the match
    code_phrases: tuple[str, ...] = ()  # phrases that may match identifiers too
    link_words: tuple[str, ...] = ()  # words tying it to a cue-less checklist item


def _m(name: str, categories: str, phrases: str = "", **kwargs: tuple[str, ...]) -> Mechanism:
    """Compact row: categories space-separated, phrases '|'-separated."""
    split = tuple(p.strip() for p in phrases.split("|") if p.strip())
    code = tuple(p.strip() for p in "|".join(kwargs.pop("code", ())).split("|") if p.strip())
    links = kwargs.pop("link_words", ()) or tuple(p for p in split if " " not in p)
    return Mechanism(
        name, tuple(categories.split()), split + code, code_phrases=code, link_words=links, **kwargs
    )


_FAILOVER_COMPANIONS = (
    "failover", "fail over", "standby", "promote", "take over", "automatic", "availability zone",
    "zones", "multi-az", "region", "leader election", "quorum", "health check", "takes over",
    "switch over", "can die", "can fail", "can crash", "can go down", "one dies", "one fails",
    "without users noticing", "survives losing", "survive losing",
)  # fmt: skip
_BACKUP_CONTEXT = (
    "backup", "restore", "nightly", "daily", "hourly", "weekly", "point-in-time", "retention",
    "retain", "copied", "another region", "second region", "disaster", "offsite", "separate account",
    "another account", "different account", "off-site", "days of",
)  # fmt: skip
_SWITCH = r"(?:switch\w*|rout\w*|redirect\w*|fall\w* back|fails? over|send\w*|retr\w*)"
_SECOND = r"(?:second|secondary|backup|standby|spare|healthy|fallback)"

# fmt: off
MECHANISMS: tuple[Mechanism, ...] = (
    # --- scalability -----------------------------------------------------------------
    _m("partitioning", "scalability",
       "shard|partition|partitioned by|partition key|shard key|consistent hashing|hash ring|"
       "range partitioning|hash partitioning|split by|repartition|virtual nodes|vnodes|hash slot|"
       "geo-sharding|spread across shards",
       regexes=(r"\b(?:split|spread|divided|distributed)\s+(?:\w+\s+)?(?:across|over|between)\b[^.;]{0,40}?\bby\s+(?:a\s+)?"
                r"(?:hash|range|\w+\s+id|\w+_id|region|tenant|user|customer|account)\b",),
       # a day, a screen or a layout divided up is not data partitioned
       unless_any=("network partition", "split brain", "partition tolerance", "partitioned network",
                   "the day into", "the week into", "the screen into", "the page into", "layout",
                   "panel", "panels")),
    _m("horizontal_scaling", "scalability",
       "scale out|scale horizontally|horizontal scaling|scales horizontally|autoscaling|autoscale|"
       # a bare "load balancer" is often about health checks; behind one is scaling out
       "autoscaler|auto-scaling|horizontal pod autoscaler|stateless|behind a load balancer|"
       "behind an lb|load balanced across|"
       "round robin|least connections|scale independently|spread across nodes|warm pool",
       regexes=(
           # "more workers we start when a big alert comes"
           r"\bmore\s+(?:workers|instances|nodes|servers|consumers|pods|machines|senders)\s+(?:we\s+)?(?:start|add|run|spin|launch)\w*",
           # "we spread the load over more boxes"
           r"\bspread\w*\s+(?:the\s+)?(?:load|traffic|requests|work)\s+(?:over|across)\s+(?:more|several|many|"
           r"multiple|extra)\b",
           r"\b(?:add|adding|added|adds)\s+(?:more\s+)?(?:nodes?|servers?|instances?|machines?|hosts?|"
           r"workers?|brokers?|consumers?|partitions?|shards?|pods?|capacity)\b",
           r"\bscal\w*\b[^.;]{0,40}?\bby adding\b",
           r"\badd(?:s|ing|ed)?\s+more\s+(?:of\s+)?\w+",
           # a tier sized by what one node holds: "push servers each hold 200k connections"
           r"\beach\s+(?:hold|holds|handle|handles|serve|serves|keep|keeps|take|takes)\b[^.;]{0,30}?"
           r"\b(?:connections|clients|sessions|streams|subscribers|users)\b",
           r"\bscal\w*\s+(?:with|on|by|based on|according to)\s+(?:the\s+)?(?:queue|load|traffic|cpu|demand|backlog|lag)\b",
           # "we run more workers those days", "spin up extra instances"
           r"\b(?:run|runs|running|spin\w* up|start\w*|launch\w*|bring\w* up|provision\w*|rent\w*)\s+"
           r"(?:more|extra|additional)\s+(?:\w+\s+)?(?:workers?|instances?|nodes?|servers?|machines?|"
           r"pods?|containers?|replicas?|consumers?|capacity)\b",
           r"\b(?:during|at|for|under)\s+(?:the\s+)?(?:peaks?|contests?|spikes?|sales?|high load|busy periods?)"
           r"\b[^.;]{0,20}?\badd\w*\b",
       ),
       link_words=("stateless", "instances", "horizontal", "horizontally", "autoscaling", "balancer")),
    _m("read_replicas", "scalability performance",
       "read replica|follower reads|replicas serve reads|offload reads|read from replicas|"
       "reads go to replicas",
       # "list pages are rendered from the readers, not the writer"
       regexes=(r"\b(?:read\w*|render\w*|serv\w*|quer\w*|answer\w*|list\w*)\b[^.;]{0,30}?\bfrom (?:the )?"
                r"(?:readers|reader (?:nodes|instances)|followers|secondaries|replicas)\b",),
       link_words=("replica", "replicas", "offload", "offloaded")),
    _m("load_leveling", "scalability performance",
       "backpressure|back pressure|load leveling|load levelling|buffer writes|absorb spikes|"
       "absorb bursts|smooth bursts|decouple producers|consumer group|scale consumers|"
       "waiting room|virtual queue|admission queue|flatten the peak|flattens the peak|smooth the peak|"
       "staggered release|staggered rollout",
       regexes=(
           # "a slow authority is absorbed by the queue", "is staggered by region over six hours"
           r"\b(?:absorb\w*|buffer\w*|smooth\w*)\s+by\s+(?:the\s+|a\s+)?(?:\w+\s+)?queue\b",
           r"\bstagger\w*\s+(?:by|across|over)\b",
           r"\bqueue\w*\b[^.]{0,60}?\b(?:absorb\w*|buffer\w*|smooth\w*|level\w*|decoupl\w*)",
           r"\b(?:spikes?|bursts?|peaks?)\b[^.]{0,30}?\b(?:absorb\w*|buffer\w*|smooth\w*)",
           r"\b(?:spikes?|bursts?|peaks?|surges?)\b[^.;]{0,30}?\b(?:lands?|hits?|goes|falls?)\s+on\s+(?:the\s+)?"
           r"(?:cdn|cache|edge|queue)\b",

           r"\b(?:steady|constant|smooth|even)\s+(?:rate|flow|stream)\b",
           r"\bqueue\w*\b[^.;]{0,60}?\b(?:drain\w*|work\w* through|chew\w* through|work\w* off)\b",
           r"\bqueue\w*\b[^.;]{0,40}?\b(?:takes?|soaks?|eats?|holds?|handles?|rides?)\s+(?:up\s+|out\s+)?"
           r"(?:the\s+|a\s+)?(?:bursts?|spikes?|peaks?|surges?|rush)\b",
       ),
       link_words=("queue", "spikes", "bursts", "buffer", "backpressure", "leveling")),
    _m("hot_key_handling", "scalability performance",
       "hot key|hot keys|hot partition|key salting|salted keys|celebrity problem",
       regexes=(r"\b(?:celebrit\w*|hot (?:keys?|users?|partitions?))\b[^.;]{0,80}?"
                r"\b(?:not fanned out|merged? at read|read time|pull|separately|salt\w*|split)\b",),
       link_words=("hot", "celebrity", "skew")),
    # --- performance / latency ---------------------------------------------------------
    _m("caching", "performance latency",
       "cache|cache-aside|read-through|write-through|write-back|write-behind|memoize|cache hit|"
       "local cache|near cache|stale-while-revalidate",
       code=("cache-control",),
       regexes=(r"\b(?:results?|outputs?|artifacts?)\b[^.;]{0,20}?\breused\b",
                r"\breus\w* (?:the |its |their )?(?:results?|outputs?|artifacts?)\b",
                # "status served from redis": a read path answered by a cache, named by product
                r"\b(?:served|serve[sd]?|read|reads|answered|looked up)\s+(?:straight\s+|directly\s+)?from\s+"
                r"(?:redis|memcached?|valkey)\b",
                # products that are only ever caches, with how they cache
                r"\b(?:varnish|memcached?|squid)\b[^.;]{0,40}?\b(?:ttl|purg\w*|invalidat\w*|cach\w*|for \d+\s*"
                r"(?:s|sec|seconds|minutes?|min))\b"),
       # a copy kept for when the link is down serves availability (degradation), not speed
       unless_any=("cache miss rate", "no cache", "offline", "outage"),

       link_words=("cache", "caching", "cached", "memory", "redis", "memcached")),
    _m("edge_delivery", "latency performance",
       "cdn|edge cache|edge location|point of presence|points of presence|"
       "serve from the edge|cached at the edge",
       link_words=("cdn", "edge", "pop", "pops")),
    _m("geo_routing", "latency",
       "geo-routing|geodns|anycast|latency-based routing|closest region|nearest region|"
       "close to users|closest data centre|closest data center",
       link_words=("anycast", "geodns", "nearby", "closer", "region")),
    _m("indexing", "performance",
       "secondary index|composite index|covering index|geo index|geospatial index|inverted index|"
       "spatial index|index on|indexed by|indexed on|b-tree|btree|lsm|lsm tree|prefix index|"
       "geohash|quadtree|r-tree|keyset pagination|keyset-paginated|query plan|avoid full scans",
       # a unique index is a constraint (concurrency control), not a speed-up
       unless_any=("unique index",),
       link_words=("index", "indexes", "indexed", "query")),
    _m("efficient_structures", "performance",
       "bloom filter|sorted set|skip list|trie|heap|hyperloglog|count-min sketch|bitmap|top-k|"
       "min-heap|max-heap|ring buffer",
       regexes=(r"\bo\((?:1|log ?n|n|n ?log ?n|k|log ?k|k ?log ?n)\)",),
       link_words=("structure", "structures", "algorithm", "complexity", "index", "indexes")),
    _m("in_memory_serving", "performance latency",
       "held in memory|kept in memory|served from memory|serve from memory|memory-resident",
       regexes=(
           r"\bin[- ]memory (?:index(?:es)?|stores?|caches?|database|db|data structures?|geo index|"
           r"order books?|windows?|state|tables?|maps?)\b",
           r"\b(?:hold|holds|held|keep|keeps|kept|serv\w*|load\w*|cach\w*)\b[^.;]{0,40}?\bin[- ]memory\b",
           r"\b(?:latest|current|hot)\b[^.;]{0,30}?\bin[- ]memory\b",
           r"\b(?:read\w*|answer\w*|look\w* up)\s+(?:\w+\s+)?from\s+memory\b",
           # "popular products are kept in Redis with a 60 s TTL"
           r"\b(?:kept|stored|held|put|cached)\s+in\s+(?:redis|memcached?)\b[^.;]{0,40}?\b(?:ttl|expir\w*|evict\w*)\b",
           # "the catalogue is served from a Redis copy refreshed every minute"
           r"\b(?:serv\w*|read\w*|answer\w*)\s+from\s+(?:a|an|the)\s+(?:redis|memcached?|in-memory|local|cached)\s+"
           r"(?:copy|snapshot|replica)\b",
           # "parents read the last position from Redis, never the history table"
           r"\b(?:read\w*|serv\w*|answer\w*|fetch\w*)\b[^.;]{0,40}?\bfrom\s+(?:redis|memcached?|an? in-memory \w+)\b"
           r"[^.;]{0,20}?\b(?:never|not|instead of|rather than)\b",
           r"\bin[- ]memory on (?:the|each|every|a)\b",
       ),
       link_words=("memory", "cache", "in-memory")),
    _m("precomputation", "performance latency",
       "precompute|pre-compute|precomputed|materialized view|materialised view|denormalize|"
       "denormalise|pre-aggregate|rollup|fan-out on write|fan out on write|read model|"
       "precalculate|push model|compacted state|compacted snapshot|compaction|windowed state|"
       "windowed aggregation|tumbling window|generated once|computed once|rendered once|built once",
       regexes=(r"\binstead of (?:comput\w*|calculat\w*)\b[^.;]{0,40}?\b(?:request|read|query) time\b",
                r"\b(?:at|on) (?:write|ingest) time\b",
                # a snapshot kept so reads need not replay everything
                r"\bsnapshots?\b[^.;]{0,60}?\b(?:fast\w*|quick\w*|jump\w*|seek\w*|without replaying|"
                r"instead of replaying)\b"),
       link_words=("precompute", "precomputed", "materialized", "denormalized", "fan-out")),
    _m("batching_pooling", "performance",
       "batch writes|batched writes|batch inserts|batch insert|write batches|bulk insert|"
       "micro-batch|group commit|write batching|connection pool|connection pooling|"
       "keep-alive|compression|gzip|brotli|protobuf|protocol buffers|binary protocol|pagination|"
       "paginate|cursor-based|multiplexing|http/2",
       regexes=(r"\bbatch(?:ing|ed|es) (?:the )?(?:writes|inserts|calls|requests|reads|updates|"
                r"messages|events)\b", r"\bin batches\b", r"\bbatch (?:requests|reads|calls|updates)\b",
                r"\b(?:are|is|get|gets|been)\s+batched\b", r"\b(?:conflat|coalesc)\w*\b",
                r"\b(?:deltas?|diffs?|ops|patches|only the changes)\b[^.;]{0,40}?\b(?:small\w*|tiny|less bandwidth|"
                r"fewer bytes)\b"),

       link_words=("batch", "batching", "pooling", "compression", "pagination")),
    _m("chunked_transfer", "performance",
       "chunked upload|chunked uploads|multipart upload|resumable upload|resumable uploads|"
       "range requests|chunked transfer",
       # "resumable" as its own word: the stem would also meet "writes resume"
       regexes=(r"\bresumable\b", r"\bsplit into (?:\d+\s*[kmg]b\s+)?(?:chunks|parts|blocks)\b", r"\b(?:are|is)\s+chunked\b"),
       link_words=("chunk", "chunks", "upload", "multipart")),
    _m("off_request_path", "performance latency",
       "in the background|background job|background jobs|background worker|background workers|"
       "asynchronously|off the request path|off the critical path|fire-and-forget|202 accepted|"
       "async processing|never wait on|deferred work",
       regexes=(r"(?:->|returns?|answers?|responds? with|with)\s*(?:a\s+)?202\b",
                # "returns a job id at once": the work itself happens later
                r"\b(?:returns?|answers?|replies|responds?|hands? back|gives? back)\b[^.;]{0,30}?"
                r"\b(?:at once|immediately|right away|straight away|before the work)\b"),
       unless_any=("replicate",),  # asynchronous replication is not work off the request path
       link_words=("background", "async", "asynchronous", "defer", "offload", "worker")),
    _m("parallel_requests", "latency",
       "in parallel|scatter-gather|hedged requests|hedged request|hedge requests|hedged|hedging|"
       "parallel calls|"
       "websocket|server-sent events|long polling|persistent connection|persistent connections",
       link_words=("parallel", "hops", "sequential", "websocket", "connection")),
    # --- reliability --------------------------------------------------------------------
    _m("retries", "reliability fault_tolerance",
       "retry|retry with backoff|exponential backoff|backoff|back off|jitter|"
       "try again|tries again|redo|retry budget|max attempts",
       # "retried upload is harmless" is idempotency; "retry on collision" is a concurrency loop
       unless_any=("harmless", "no-op", "collision", "conflict", "merge"),
       regexes=(r"\b(?:after|up to|max(?:imum)?(?: of)?)\s+\d+\s+(?:attempts|tries)\b",
                # "if OCR fails 3 times the receipt goes to a manual-review list"
                r"\bfails?\s+(?:\d+|two|three|five)\s+times\b[^.;]{0,40}?\b(?:goes|go|moved?|sent|parked|put|marked)\b"),
       link_words=("retry", "retries", "retried", "backoff", "transient")),
    _m("idempotency", "reliability consistency",
       "idempotent|idempotency key|idempotence|no-op|exactly once|exactly-once|effectively once|"
       "dedupe key|natural key|insert if not exists|on conflict do nothing|idempotent consumer",
       # SQL written as code is still the mechanism: `ON CONFLICT (id) DO NOTHING`
       code=("idempotency key|idempotency-key|idem key|dedupe key|dedup key|on conflict do nothing",),
       regexes=(
           # "resend = harmless", "a redelivery is harmless"
           r"\b(?:resend\w*|resent|retr\w*|replay\w*|redeliver\w*|duplicates?)\b[^.;]{0,12}?(?:=|\bis\b|\bare\b)\s*harmless\b",
           # "(shipment_id, country) unique -> a re-filed declaration is rejected as a duplicate"
           r"\bunique\b[^.;]{0,60}?\b(?:rejected|refused|ignored|dropped)\s+as\s+(?:a\s+)?duplicat\w*",
           r"\b(?:repeat\w*|duplicate\w*|retried|second|same|resubmi\w*)\b[^.;]{0,60}?\b(?:returns?|gets?|yields?|finds?|"
           r"answered with|receives?|is given)\s+(?:the\s+)?(?:first|original|same|existing|previous|earlier)\b",
           r"\b(?:is|are|gets?|be)\s+(?:only\s+)?(?:applied|processed|executed|counted)\s+(?:exactly\s+)?once\b",
           r"\b(?:retr\w*|repeat\w*|duplicate\w*|replay\w*|redo\w*)\b[^.;]{0,40}?\b(?:harmless|a no-?op|"
           r"has no effect|writes nothing|changes nothing)\b",
           r"\boverwrites?\b[^.;]{0,20}?\binstead of (?:double|duplicate)",
           r"\boverwrites?\b[^.;]{0,20}?\b(?:rather than|instead of|not)\s+(?:doubl\w*|duplicat\w*|add\w*)",
           r"\b(?:ignor\w*|drop\w*|skip\w*|discard\w*)\b[^.;]{0,30}?\b(?:already|previously)\s+"
           r"(?:seen|executed|processed|applied|handled|received|run)\b",
           r"\b(?:resent|retried|repeated|replayed|redelivered|duplicate)\b[^.;]{0,30}?\bnot\s+(?:be\s+)?"
           r"(?:counted|charged|billed|applied|processed|executed|run|sent|delivered)\s+twice\b",

           r"\b(?:double[- ]click\w*|double[- ]submi\w*|resubmi\w*|retr\w*|repeat\w*)\b[^.;]{0,40}?"
           r"\b(?:submits?|creates?|makes?|charges?|sends?|produces?|results? in)\s+(?:only\s+)?"
           r"(?:one|a single|exactly one)\b",
       ),
       link_words=("idempotent", "idempotency", "duplicate", "duplicates", "exactly-once")),
    _m("deduplication", "reliability",
       "dedupe|deduplicate|de-duplicate|duplicate detection|drop duplicates|discard duplicates|"
       "ignore duplicates|skip duplicates|content-addressed|content hash",
       regexes=(r"\bdup\w*\b[^.;]{0,30}?\breject\w*\b",
                # "the bank rejects a duplicate", "a repeat upload of the same id is dropped"
                r"\b(?:collaps\w*|merg\w*|fold\w*|squash\w*|coalesc\w*)\s+(?:the\s+)?duplicat\w*",
                r"\b(?:reject\w*|refus\w*|drop\w*|ignor\w*|discard\w*|skip\w*)\s+(?:a\s+|the\s+|any\s+)?"
                r"(?:duplicat\w*|repeat\w*|replay\w*|redeliver\w*)",
                r"\b(?:repeat\w*|duplicat\w*|second|redeliver\w*|replay\w*)\b[^.;]{0,40}?\b(?:is|are|gets?|get)\s+"
                r"(?:simply\s+|just\s+|silently\s+)?(?:dropped|ignored|discarded|skipped|rejected|refused)\b",
                r"\baddressed by (?:their|its) (?:content )?hash\b",
                # "the updater skips ids it has applied", "ignores an event id it has already seen"
                r"\b(?:skip\w*|ignor\w*|drop\w*|discard\w*|reject\w*)\s+(?:\w+\s+){0,3}?(?:ids?|keys?|messages?|events?)\s+"
                r"(?:that\s+)?(?:it|we|they|the \w+)\s+(?:has|have|had)\s+(?:already\s+)?(?:seen|applied|processed|"
                r"shown|handled|stored|recorded)\b"),
       link_words=("duplicate", "duplicates", "dedupe")),
    _m("durable_writes", "reliability",
       "durable|durably|write-ahead log|wal|commit log|fsync|"
       "synchronous replication|synchronously replicated|replicated log|min in-sync replicas|"
       "synchronous standby|sync standby|synchronous replica|"
       "quorum write|persisted before|three copies|journal",
       code=("acks=all|acks all|replication factor|min insync replicas",),
       regexes=(
           r"\b(?:written|writes?|appended|appends?|logged|persisted)\b[^.;]{0,30}?\bto (?:a|the|its) "
           r"(?:log|journal|wal|commit log|disk)\s+first\b",
           r"\b(?:loses?|lose|losing) (?:nothing|no data|no writes|no messages|no events)\b",
           r"\b(?:ack\w*|confirm\w*|commit\w*)\b[^.;]{0,30}?\b(?:only )?(?:after|once|when)\b[^.;]{0,60}?"
           r"\b(?:durabl\w*|persist\w*|on disk|fsync\w*|written|stored|replicat\w*|standby|both|majority|"
           r"quorum|replicas|has it|have it)\b",
           r"\b(?:commit\w*|persist\w*|written|stored|saved|fsync\w*|logged|appended)\b[^.;]{0,40}?\bbefore\b"
           r"[^.;]{0,40}?\b(?:ack\w*|confirm\w*|repl(?:y|ies|ied)|respond\w*|answer\w*|told|notified|informed)",
           r"\b(?:append\w*|written|writes?|persist\w*|logged)\b[^.;]{0,30}?\bto (?:the|a|its) "
           r"(?:log|journal|wal)\b[^.;]{0,30}?\bbefore\b",
       ),
       link_words=("durable", "durably", "durability", "acknowledged", "persist", "wal")),
    _m("delivery_guarantees", "reliability",
       "at-least-once|at least once|dead letter|dead-letter|dlq|transactional outbox|outbox|"
       "change data capture|cdc|offset commit|redelivery|redeliver|re-deliver|acked after|requeue|"
       "re-queue|put back on the queue|back on the queue|returned to the queue|re-enqueued|"
       "visibility timeout|becomes visible again|parking-lot queue|parking lot queue|poison queue|"
       "error queue|quarantine queue",
       regexes=(r"\b(?:ack\w*)\b[^.;]{0,25}?\b(?:only )?after\b", r"\buntil (?:the )?\w+ acks?\b",
                r"\bcommit\w*\s+(?:the\s+|its\s+)?offsets?\b[^.;]{0,20}?\b(?:after|once|only)\b",
                # sequence gaps noticed and filled: "an app that sees a gap refetches"
                r"\bgaps?\b[^.;]{0,40}?\b(?:refetch\w*|re-?request\w*|resync\w*|catch\w* up|backfill\w*|"
                r"asks? for|fetch\w* the missing)\b",
                r"\bwithout (?:losing|dropping|loss of) (?:anything|any\w*|data|events|messages|logs|writes)\b",
                r"\b(?:nothing|no (?:data|events?|messages?|writes?|orders?|scans?|records?|updates?))\s+"
                r"(?:is|are|gets?|will be|ever gets?)\s+(?:ever\s+)?lost\b"),
       # "at least once a week" is a frequency, not a delivery guarantee
       unless_any=("at least once a day", "at least once a week", "at least once a month",
                   "at least once a year", "at least once a night", "at least once an hour",
                   "at least once every"),
       link_words=("delivery", "at-least-once", "outbox", "dead-letter", "ack")),
    _m("reconciliation", "reliability",
       "reconcile|reconciliation|reconciler|checksum|anti-entropy|merkle tree|read repair|"
       "invariant check|consistency check|repair job",
       link_words=("reconcile", "reconciliation", "checksum", "drift")),
    _m("checkpoint_replay", "reliability fault_tolerance",
       "checkpoint|replay the log|replays the log|event sourcing|restarts from the last checkpoint|"
       "replay from the offset|replays kafka",
       regexes=(r"\breplay\w*\b[^.;]{0,40}?\b(?:log|offsets?|journal|stream|checkpoint|tail)\b",
                # "when the feed resumes it catches up from the feed's event offset"
                r"\bcatch\w* up\b[^.;]{0,30}?\b(?:from|since)\b[^.;]{0,30}?\b(?:offsets?|last|checkpoint|position|"
                r"seq\w*|cursor)\b",
                # resuming where the work stopped, in the candidate's words
                r"\bresum\w*\s+(?:instead of|rather than)\s+(?:starting|restarting|beginning)\b",
                r"\b(?:pick\w* up|resum\w*|restart\w*|continu\w*|carr\w* on|start\w* again)\b[^.;]{0,30}?"
                r"\b(?:from|at|where)\b[^.;]{0,20}?\b(?:last|left off|stopped|previous)\b",
                r"\b(?:records?|remembers?|tracks?|marks?|stores?|notes?)\b[^.;]{0,30}?\b(?:which|what)\b"
                r"[^.;]{0,30}?\b(?:done|finished|processed|completed|sent)\b",
                r"\b(?:asks?|requests?|fetch\w*|pulls?)\b[^.;]{0,30}?\b(?:after|since|from)\s+(?:the\s+)?last\s+"
                r"(?:seq|sequence(?: number)?|offset|id|event|message|op|position|cursor)\b"),
       link_words=("checkpoint", "replay", "log", "resume")),
    _m("store_and_forward", "reliability fault_tolerance",
       "store and forward|store-and-forward|offline queue|outbox on the device|local outbox",
       regexes=(
           # "mails sit in our queue and go out when it is back"
           r"\b(?:sit|sits|wait|waits|stay|stays|held|kept|queued|buffered|parked)\b[^.;]{0,30}?\b(?:queue|buffer|"
           r"outbox|spool)\b[^.;]{0,40}?\b(?:until|when|once)\b[^.;]{0,30}?\b(?:back|up again|recovers?|returns?|"
           r"available|healthy)\b",

           # "the band stores 7 days", "the meter keeps the last 48 hours"
           r"\b(?:band|device|phone|tracker|sensor|meter|till|terminal|handheld|scanner|camera|car|vehicle|gateway|"
           r"kiosk)s?\s+(?:stores?|keeps?|holds?|buffers?|caches?)\s+(?:up to\s+)?(?:the last\s+)?\d+\s+"
           r"(?:days?|hours?|minutes?)\b",
           # kept locally while the link is down, sent once it is back
           r"\b(?:stored|kept|saved|queued|buffered|held|cached|stores?|keeps?|saves?|queues?|buffers?|holds?)\b"
           r"[^.;]{0,30}?\b(?:locally|on the (?:device|phone|client|"
           r"handset|scanner|edge|gateway)|on disk)\b[^.;]{0,60}?\b(?:upload\w*|sent|send\w*|sync\w*|push\w*|"
           r"forward\w*|flush\w*|retr\w*)\b",
           r"\bwrites?\b[^.;]{0,40}?\b(?:its own|a local|the local|local)\s+(?:\w+\s+){0,2}(?:database|db|store|storage|"
           r"queue)\b[^.;]{0,20}?\bfirst\b",
           r"\b(?:once|when|after|until)\b[^.;]{0,20}?\b(?:the\s+)?(?:connection|connectivity|link|signal|network|"

           r"internet|uplink)\b[^.;]{0,20}?\b(?:returns?|comes? back|is back|restored|recovers?)\b",
           # "buffers positions and sends them when it's back", "... when it reconnects"
           r"\b(?:buffer\w*|queue[sd]?|queuing|queueing|kept|keeps?|stor\w*|sav\w*|hold\w*|held)\b[^.;]{0,50}?"
           r"\b(?:send\w*|sent|upload\w*|sync\w*|flush\w*|forward\w*|push\w*)\b[^.;]{0,40}?\b(?:when|once|after)\s+"
           r"(?:it|they|the \w+)\s*(?:is|are|'s|'re|gets?|comes?)?\s*(?:back|reconnect\w*|online|back online)\b",
       ),
       link_words=("offline", "local", "buffer", "sync", "upload")),
    _m("rebuildable_state", "reliability fault_tolerance",
       # only when it is about losing the copy: "rebuilt from the table on start" is loading
       "rebuilt if|can be rebuilt|can be regenerated|can be reconstructed",
       regexes=(r"\b(?:rebuil\w*|reconstruct\w*|re-?deriv\w*|regenerat\w*|repopulat\w*|re-?hydrat\w*|re-?warm\w*)\b"
                r"[^.;]{0,60}?\b(?:if|when|after)\b[^.;]{0,40}?\b(?:lost|dies?|crash\w*|fails?|gone|wiped)\b",),
       link_words=("rebuild", "rebuilt", "source", "truth")),
    _m("safe_change", "reliability",
       "canary|blue-green|blue/green|rolling deploy|rolling update|rollback|roll back|feature flag|"
       "backward compatible|backwards compatible|expand and contract|contract test|staged rollout|"
       "phased rollout|gradual rollout",
       # "rollouts start at 1% and widen", "boots back into the previous image"
       regexes=(r"\b(?:start\w*|begin\w*)\s+(?:at|with)\s+\d+\s*%",
                # "updates roll out in waves: 1 % first, then 10 %"
                r"\b(?:roll\w*\s+out|releas\w*|ship\w*|deploy\w*|push\w*)\s+in\s+(?:waves|stages|steps|rings)\b",
                r"\b\d+\s*%\s+(?:of\s+(?:the\s+)?\w+\s+)?first\b",
                r"\b(?:boot\w*|switch\w*|revert\w*|go\w*|fall\w*)\s+back\s+(?:in)?to\s+(?:the\s+)?(?:previous|old|last|"
                r"known[- ]good|prior)\b"),
       link_words=("deploy", "deployments", "release", "rollback", "canary")),
    # --- availability / fault tolerance ----------------------------------------------------
    _m("failover", "availability fault_tolerance",
       "failover|fail over|hot standby|promote replica|promoted|promote the|"
       "leader election|automatic failover|standby takes over|"
       "second provider|backup provider|secondary provider|switch over",
       regexes=(rf"\b{_SWITCH}\b[^.;]{{0,30}}?\b(?:to|over to|onto)\s+(?:the\s+|a\s+|an\s+)?{_SECOND}\b",
                # "the client moves to the next one if a download stalls"
                r"\b(?:mov\w*|switch\w*|fall\w* back|go\w*|fail\w* over|tr(?:y|ies))\s+(?:on\s+)?to\s+the\s+next\s+"
                r"(?:one|provider|cdn|server|node|replica|region|mirror|endpoint)\b[^.;]{0,30}?\b(?:if|when|once)\b",
                r"\bstandby\b[^.;]{0,40}?\b(?:promot\w*|takes? over|taken over)\b",
                r"\belect\w* (?:a )?new (?:leader|primary|master)\b",
                r"\b(?:drops?|removes?|ejects?|stops? (?:routing|sending)(?: traffic)? to|routes? around|takes? out)\b[^.;]{0,25}?"
                r"\b(?:unhealthy|dead|failed|failing)\b",
                r"\breconnect\w*\b[^.;]{0,30}?\b(?:to|with)\s+(?:another|a different|the next|a healthy|"
                r"other|a standby)\b"),
       link_words=("failover", "standby", "health", "heartbeat", "automatic", "automatically")),
    _m("failure_detection", "fault_tolerance",
       "health check|health checks|heartbeat|heartbeats|liveness probe|readiness probe",
       link_words=("health", "heartbeat", "detect", "detection")),
    _m("redundant_replicas", "availability fault_tolerance",
       "replica|replicated across|multiple instances|no single point of failure|active-active|"
       "active-passive|n+1|redundant|redundancy|spare|standby|no spof",
       regexes=(r"\b(?:at least )?(?:two|three|2|3|multiple|several)\s+instances\b",
                # "two app servers behind the load balancer, so one can die"
                r"\b(?:two|three|four|2|3|4|multiple|several)\s+(?:\w+\s+)?(?:servers|nodes|instances|copies|machines|"
                r"boxes|pods)\b[^.;]{0,60}?\b(?:one|any)(?: of them)?\s+(?:can|may|could)\s+(?:die|fail|crash|go down)\b",),
       requires_any=_FAILOVER_COMPANIONS,
       link_words=("replica", "replicas", "redundant", "redundancy", "standby", "instances")),
    _m("zone_spread", "availability fault_tolerance",
       "multi-az|availability zone|availability zones|across zones|different zones|second zone|"
       "another zone|zone-redundant|across racks",
       regexes=(r"\b(?:two|three|2|3|multiple|several)\s+(?:availability\s+)?zones\b",),
       unless_any=("time zone", "time zones", "timezone", "timezones"),
       link_words=("zone", "zones", "multi-az", "spread")),
    _m("cross_region", "availability fault_tolerance disaster_recovery",
       "cross-region|cross region|multi-region|secondary region|second region|another region|"
       "standby region|geo-replication|geo-replicated|geo-redundant|region failover|pilot light|"
       "warm standby|active-active regions|other region",
       regexes=(r"\b(?:two|2|three|3|multiple|several|both)\s+regions\b",),
       # a backup kept in another region is disaster recovery only (backups row)
       unless_any=("backup", "restore", "snapshot", "daily copy", "nightly copy", "weekly copy",
                   "cold storage", "archive"),

       link_words=("region", "regions", "cross-region", "geo", "standby")),
    _m("degradation", "fault_tolerance availability",
       "graceful degradation|degrade gracefully|degraded mode|fallback|fall back|falls back|"
       "fail open|fails open|fail-open|serve stale|serves stale|read-only mode|load shedding|"
       "shed load|partial results|kill switch|disable non-critical|admission control|grace period|"
       "offline mode|works offline|work offline|offline-first|offline first|validate offline|"
       "without the network|on its own|last known good|last-known-good",
       regexes=(r"\bshed\w*\b[^.;]{0,25}?\b(?:traffic|load|requests|work)\b",
                # "keeps the last points and shows 'live scoring delayed'"
                r"\b(?:keeps?|shows?|serves?)\s+(?:showing\s+|serving\s+)?the\s+last\s+(?:known\s+)?\w+\b[^.;]{0,40}?"
                r"\b(?:delayed|stale|down|unavailable|stops?|fails?|until|meanwhile|offline)\b",
                r"\b(?:keep\w*|continu\w*)\s+(?:to\s+)?(?:serv\w*|us\w*)\s+(?:the\s+)?(?:previous|last|cached|old|stale)\b",
                # "when the link is down, scanners keep working from their local list"
                r"\b(?:keep\w*|continu\w*|still)\s+(?:to\s+)?(?:work\w*|run\w*|function\w*|operat\w*|accept\w*|"
                r"serv\w*|play\w*|validat\w*)\b[^.;]{0,40}?\b(?:offline|local\w*|cached|own|without|"
                r"what (?:they|it) (?:have|has|had)|the last|the previous)\b",
                r"\bworks?\b[^.;]{0,40}?\b(?:with no|without (?:a |any )?)(?:signal|connection|connectivity|network|"
                r"internet|wi-?fi)\b",
                r"\bno (?:connection|network|signal|connectivity) (?:is )?(?:needed|required)\b",
                r"\b(?:nobody|no one|users? never|never)\b[^.;]{0,40}?\b(?:because of|during|from|in) (?:an? |the )?"

                r"(?:outage|downtime|failure|incident)\b"),

       link_words=("degrade", "degrades", "fallback", "fallbacks", "stale", "partial")),
    _m("failure_isolation", "fault_tolerance",
       "circuit breaker|circuit breakers|circuit-breaking|bulkhead|bulkheads|separate thread pool|"
       "isolated pools|fail fast|timeout|time out|times out|request deadline|call deadline|rpc deadline|"
       "deadline propagation|half-open",
       regexes=(r"\b(?:separate|own|dedicated|isolated)\s+(?:\w+\s+)?pools?\b",
                # "a hard 80 ms deadline" (a business deadline has no duration)
                r"\b\d+\s*(?:ms|s|sec|secs|seconds?)\s+deadlines?\b",
                r"\bcannot starve\b|\bnever starves?\b"),
       link_words=("timeout", "timeouts", "circuit", "breaker", "bulkhead", "isolation")),
    _m("lease_takeover", "fault_tolerance consistency",
       "lease|leases|lease expiry|fencing token|fencing tokens|reassign|reschedule|self-healing",
       code=("fencing token",),
       # a rental contract is not a lease on work
       unless_any=("lease period", "lease term", "lease agreement", "signed the lease", "signs the lease",
                   "lease is signed", "landlord", "apartment", "rental"),
       link_words=("lease", "leases", "fencing", "takeover", "reassign")),
    _m("failure_scenario", "fault_tolerance",
       regexes=(
           rf"\b(?:{RECOVERY_VERBS})\b[^.;]{{0,60}}?\b(?:if|when|once|whenever)\b[^.;]{{0,40}}?"
           rf"\b(?:{FAILURE_VERBS})\b",
           rf"\b(?:if|when|once|should|after)\b[^.;]{{0,60}}?\b(?:{FAILURE_VERBS})\b"
           rf"[^.]{{0,120}}?\b(?:{RECOVERY_VERBS})",
           rf"\bthat (?:{FAILURE_VERBS})\b[^.]{{0,80}}?\b(?:{RECOVERY_VERBS})",
           # "losing a node just means the next update lands on the replacement"
           r"\b(?:losing|loss of|lose|if we lose)\s+(?:a|one|an|any)\s+(?:\w+\s+)?(?:node|instance|server|machine|"
           r"broker|replica|worker|pod|zone|host)\b[^.;]{0,60}?\b(?:just|only|simply|replac\w*|rebuil\w*|"
           r"recover\w*|picks? up|takes? over|re-?sent|resend\w*)\b",
           # "another matcher instance picks up rides whose offer expired"
           r"\b(?:another|any other|a different|the next|a healthy)\s+(?:\w+\s+)?(?:instance|worker|node|server|"
           r"replica|consumer|process)\b[^.;]{0,40}?\b(?:picks?|takes?|carr\w* on|continu\w*|resum\w*|claims?)\b",
       ),
       link_words=("fail", "failure", "failures", "crash", "crashed", "takeover")),
    _m("chaos_testing", "fault_tolerance",
       "chaos engineering|chaos testing|fault injection|chaos monkey",
       link_words=("chaos", "injection")),
    # --- consistency ------------------------------------------------------------------------
    _m("consistency_model", "consistency",
       "strongly consistent|strong consistency|eventually consistent|eventual consistency|"
       "read-your-writes|read your own writes|monotonic reads|causal consistency|linearizable|"
       "linearizability|serializable|snapshot isolation|bounded staleness|session consistency|"
       "read-after-write|tunable consistency",
       link_words=("model", "strong", "eventual", "consistent", "staleness", "stale")),
    _m("cap_choice", "consistency availability",
       "favour availability over consistency|favor availability over consistency|"
       "favour consistency over availability|favor consistency over availability|"
       "prefer availability|prefer consistency",
       regexes=(
           r"\bcap\b[^.]{0,40}?\b(?:ap|cp)\b", r"\b(?:pick|choose|chose|prefer|go|be) (?:ap|cp)\b",
           r"\((?:ap|cp)\)",
           r"\b(?:during|in case of|under|on) (?:a |the )?(?:network )?partition\b[^.;]{0,60}?"
           r"\b(?:keep\w*|continu\w*|still|stay\w*|serv\w*|accept\w*|reject\w*|refus\w*)",
       ),
       link_words=("partition", "cap", "model", "choice", "trade-off")),
    _m("staleness_bound", "consistency",
       "stale|staleness|may lag|can lag|lag behind|lags behind|out of date|eventually visible|"
       "visible within|propagates within|replication lag|take effect within|takes effect within|"
       "converge|converges|may overspend|overspend slightly|slightly stale|slightly behind|"
       "seconds behind|minutes behind|may oversell|oversell slightly|briefly out of date",
       # invalidated on write: readers see the change at once
       regexes=(r"\b(?:bust\w*|purg\w*|invalidat\w*|evict\w*)\s+(?:on|when|after|whenever)\s+(?:a\s+|the\s+|"
                r"every\s+|each\s+)?(?:new\s+)?(?:write|save|update|change|edit|booking|publish\w*|order|insert)\w*",),
       link_words=("stale", "staleness", "lag", "window", "eventual")),
    _m("concurrency_control", "consistency",
       "conditional update|conditional write|conditional put|conditional insert|conditional on|"
       "compare-and-set|compare-and-swap|optimistic lock|optimistic locking|optimistic concurrency|"
       "version check|select for update|row lock|row-level lock|pessimistic lock|distributed lock|"
       "etag|atomic increment|atomic decrement|atomically|atomic script|lua script|"

       "unique constraint|unique index|unique key|upsert|single writer",
       code=("if-match|if-none-match|etag",),
       regexes=(
           r"\bupdate\b[^.;]{0,60}?\bwhere\b[^.;]{0,40}?(?:[<>=]|\bis null\b)",
           # "an edit based on an old rev is refused"
           r"\b(?:based on|against|from)\s+(?:an?\s+)?(?:old|stale|outdated|older|previous|earlier)\s+"
           r"(?:rev\w*|version|etag|copy|snapshot)\b[^.;]{0,30}?\b(?:refused|rejected|fails?|denied|bounced)\b",
           r"\b(?:in|as) (?:a |one )?single (?:atomic )?(?:step|operation)\b",
           r"\bone atomic\b",
           # "sets booking_id only where it is still null", "first writer wins"
           r"\b(?:set\w*|updat\w*|writ\w*|mark\w*|claim\w*|flip\w*|insert\w*)\b[^.;]{0,50}?\bonly (?:where|if|when)\b",
           r"\bwhere\b[^.;]{0,30}?\b(?:is|are)\s+(?:still\s+)?(?:null|empty|unset|unclaimed)\b",
           r"\b(?:first|earliest)[- ]writer[- ]wins\b|\bwhoever\b[^.;]{0,30}?\bfirst\b",
           r"\b(?:is|are)\s+unique\b",
           # a state change that refuses to run twice: "fails if it is not in requested anymore"
           r"\bfails?\s+(?:if|when|unless)\b[^.;]{0,40}?\b(?:not|no longer|already|anymore|changed|isn't|is not)\b",
           r"\b(?:two|both|twice|double|at once|concurrent\w*)\b[^.;]{0,40}?\bonly\s+(?:\w+\s+){0,2}once\b",
           r"\bunique\s*\(",
           r"\b(?:is|as) (?:the |a )?(?:pk|primary key)\b",
           r"\b(?:relies on|rely on|enforced by|guaranteed by|thanks to|backed by)\s+(?:the\s+|a\s+)?(?:pk|primary key|"
           r"unique (?:index|constraint|key))\b",
           r"\b(?:only|sole|one)\s+writer\s+(?:per|for)\b",
           r"\bsends? the (?:version|revision|etag)\b",
           r"\b(?:version|revision) (?:it|they) (?:read|was based on|were based on)\b",
           r"\b(?:base|expected|last[- ]seen)\s+(?:revision|version)\b",
           r"\brejects?\b[^.;]{0,40}?\b(?:revision|version)\b[^.;]{0,20}?\b(?:newer|stale|outdated|changed)\b",
       ),
       # "five wrong attempts lock the code" is a lockout (security), not concurrency control
       # "object lock" is write-once retention, a door lock is the product, not concurrency
       unless_any=("vendor lock", "lock-in to", "locked in to", "wrong attempts", "failed attempts", "login attempts", "lock out", "lockout",
                   "object lock", "door lock", "smart lock", "lock screen", "retention lock"),
       link_words=("concurrent", "concurrency", "lock", "locks", "conditional", "atomic", "race")),
    # A bare "lock" is concurrency control only next to what is locked or how: a door, a
    # car or an object lock is something else.
    _m("locking", "consistency",
       "lock|locks|locked|locking",
       requires_any=("row", "rows", "record", "records", "table", "mutex", "acquire", "acquires",
                     "lock is held", "locks are held", "held until", "held for", "holds the", "release", "released", "concurrent", "concurrently",
                     "race", "contention", "for update", "writer", "writers", "redis",
                     "zookeeper", "etcd", "advisory", "per key", "per account", "per seat",
                     "per item", "inventory", "balance", "same time", "double"),
       unless_any=("vendor lock", "lock-in to", "locked in to", "wrong attempts", "failed attempts", "login attempts", "lock out", "lockout",
                   "object lock", "door lock", "smart lock", "lock screen", "retention lock",
                   "unlock"),
       link_words=("lock", "locks", "locking", "concurrent", "race")),
    _m("ordering", "consistency",
       "sequence number|sequence numbers|strictly increasing|monotonically increasing|"
       "total order|lamport clock|hybrid logical clock|per-key ordering|"
       "order by seq|ordered by sequence|assigns the sequence",
       regexes=(r"\b(?:guarantee\w*|preserv\w*|keep\w*|maintain\w*)\s+(?:the\s+)?(?:order|ordering)\b",
                r"\border(?:ed|ing)?\s+(?:with)?in\s+(?:a|each|the|one)\s+(?:partition|shard|key|conversation)\b",
                r"\b(?:in|by)\s+arrival order\b|\bone at a time\b",
                # "applies them per till in seq order", "numbers its events with an increasing seq"
                r"\b(?:in|by)\s+(?:seq|sequence|sequence-number|version|offset)\s+order\b",
                r"\bincreasing\s+(?:seq|sequence|counter|number|version|offset)\b",
                # "updates to a bin are serialised" (not "serialised to JSON")
                r"\b(?:updates?|writes?|payments?|bids?|changes?|operations?|ops|requests?|transactions?)\b[^.;]{0,40}?"
                r"\b(?:are|is|get|gets|become)\s+seriali[sz]ed\b(?!\s+(?:to|as|into)\b)",
                r"\b(?:stay\w*|remain\w*|arriv\w*|kept|processed|delivered|applied|consumed|handled)\s+in\s+"
                r"(?:the\s+)?(?:same\s+)?order\b",
                r"\bin (?:the )?order (?:they|it) (?:were|was) (?:sent|written|made|received|created)\b",
                r"\b(?:numbered|sequenced|stamped with a (?:sequence|counter))\s+(?:per|within|by|in order)\b"),
       link_words=("order", "ordering", "sequence", "sequenced")),
    _m("unique_allocation", "consistency",
       "ticket server|counter range|counter ranges|id range|id ranges|never collide",
       regexes=(r"\b(?:ranges?|blocks?|batch(?:es)?)\s+of\s+(?:\w+\s+){0,3}?(?:ids?|counter values|"
                r"sequence numbers|codes)\b",),
       link_words=("unique", "collide", "collision", "allocation")),
    _m("transactions", "consistency",
       "transaction|acid|two-phase commit|2pc|saga|compensating|compensation|"
       "db transaction|one tx|same tx|single tx|one txn|same txn|single txn|in a tx|in a txn|"
       "single transaction|double-entry|atomic commit|compensating transaction",
       # a saga's compensation in plain words: "we undo the approval"
       regexes=(r"\b(?:undo(?:es|ne)?|undid|revert\w*|revers(?:e|es|ed|ing))\s+(?:the\s+|its\s+|that\s+|any\s+)?"
                r"(?:earlier\s+|previous\s+|first\s+)?(?:approval|payment|charge|debit|credit|reservation|booking|"
                r"hold|steps?|transfer|withdrawal|deduction)\b",),
       unless_any=("transactional email", "transactional mail", "transactional message",
                   "transactional notification", "transactional sms", "transactional traffic"),
       link_words=("transaction", "transactions", "saga", "atomic")),
    _m("replica_agreement", "consistency",
       "quorum|quorum reads|quorum writes|consensus|raft|paxos|single leader|leader-based|"
       "read from the leader|vector clock|vector clocks|crdt|crdts|last-write-wins|last write wins|"
       "lww|conflict resolution|conflicted copy|conflict copy|operational transform|siblings",
       regexes=(r"\br\s*\+\s*w\s*>\s*n\b", r"\bkeep both\b",
                # a merge rule for conflicting copies: "the server keeps the earliest one"
                r"\b(?:keeps?|wins?|takes?|accepts?)\s+(?:only\s+)?(?:the\s+)?(?:earliest|first|latest|newest|"
                r"most recent|highest|lowest)\s+(?:one|scan|write|update|version|value|copy|timestamp|edit)\b",
                r"\b(?:earliest|latest|newest|highest|most recent)\s+(?:one|write|update|timestamp|edit|value)"
                r"(?:\s+\w+){0,3}\s+wins\b"),
       link_words=("quorum", "consensus", "leader", "conflict", "agree", "replicas")),
    # --- security ---------------------------------------------------------------------------
    _m("encryption", "security",
       "tls|ssl|https|mtls|mutual tls|encrypt|encrypted at rest|encryption at rest|"
       "encryption in transit|kms|key rotation|hsm|envelope encryption|aes-256|wss|dtls|srtp|"
       "end-to-end encryption|end-to-end encrypted|e2ee",
       # "we rotate the keys every 90 days", "certificates are rotated daily"
       regexes=(r"\brotat\w*\s+(?:the\s+|our\s+|its\s+|their\s+|all\s+)?(?:\w+\s+)?(?:keys?|credentials?|secrets?|"
                r"certificates?|certs?|passwords?)\b",
                r"\b(?:keys?|credentials?|secrets?|certificates?|certs?)\b[^.;]{0,50}?\b(?:are|is|get|gets|get)\s+"
                r"(?:\w+\s+)?rotated\b"),
       link_words=("encrypt", "encrypted", "encryption", "tls", "transit", "rest")),
    _m("authn_authz", "security",
       "authenticate|authentication|authorize|authorization|authorise|authorisation|oauth|oidc|"
       "openid connect|jwt|access token|bearer token|auth token|session token|signed token|"
       "short-lived token|refresh token|api key|rbac|abac|acl|access control|permission|"
       "one-time link|magic link|2fa|two-factor|mfa|authenticator app|totp|"
       "multi-factor|second factor|hardware key|security key|passkey|"
       "role-based|sso|ownership check|signed cookie|session cookie|client certificate|certificate|"
       "sign in with|signs in with|log in with|logs in with|single sign-on|social login|"
       "csrf|httponly|content security policy|private bucket|unguessable",
       regexes=(r"\bchecks? (?:that )?(?:the )?\w+ owns\b",
                r"\bonly (?:the )?(?:owners?|authors?|admins?|administrators?|members?|creators?|uploaders?|senders?|"
                r"account holders?|moderators?|editors?|organi[sz]ers?|hosts?|coordinators?|staff|managers?|"
                r"recruiters?|doctors?|teachers?|landlords?|tenants?|assignees?|signed-in users?|logged-in users?)\b"
                r"[^.;]{0,30}?\b(?:can|may|is allowed to|are allowed to|gets? to)\b",
                r"\bonly\b[^.;]{0,50}?\b(?:assigned to (?:them|him|her|you)|they own|they created|they were invited to)\b",
                # "only users who installed the app can post"
                r"\bonly (?:the )?(?:users?|people|customers?|members?|buyers?|guests?|employees?|staff|accounts?)\s+"
                r"(?:who|that|with)\b[^.;]{0,40}?\b(?:can|may)\b",
                # "only the author can edit", whoever the person is ("only one worker can ..." is not)
                r"\bonly (?:the |a |an )?(?!one\b|a single\b|single\b|primary\b|leader\b|master\b|replica\b|writer\b|worker\b|consumer\b|"
                r"node\b|instance\b|service\b|scheduler\b|job\b|process\b|thread\b)\w+\s+(?:can|may)\s+(?:edit|delete|change|modify|see|"
                r"view|read|access|open|download|approve|remove|hide|publish|invite|share|cancel|refund|assign|move)\b",
                r"\b(?:sees?|gets?|receives?)\s+only\b[^.;]{0,40}?\bnever\b",
                r"\brequir\w*\s+(?:a\s+)?(?:login|log-in|sign-in|signing in|logging in|authentication|an? account|"
                r"a valid token|a session)\b",
                r"\bchecks?\s+(?:the\s+)?(?:access|permissions?|rights|entitlements?)\b",
                r"\b(?:api|server|gateway|service|backend|query|queries)\s+filters?\s+(?:on|by)\b",
                r"\b(?:isolated|scoped|filtered)\b[^.;]{0,30}?\bon (?:every|each|all) (?:query|queries|request|requests|"
                r"call|calls)\b",
                r"\b(?:unknown|unregistered|unauthenticated|unsigned|untrusted)\s+(?:devices?|clients?|callers?|"
                r"users?|requests?)\b[^.;]{0,30}?\b(?:are |is )?(?:rejected|refused|blocked|denied|dropped)\b",
                r"\bonly\s+accepts?\s+(?:known|registered|signed|authenticated|enrolled)\b",
                r"\breject\w*\s+(?:any\s+|all\s+|every\s+)?(?:unsigned|unauthenticated|unknown|unregistered)\b",
                r"\b(?:cannot|can't|can not) be guessed\b|\brandom\b[^.;]{0,20}?\b\d+-bit\b",
                r"\b(?:tokens?|keys?|credentials?)\b[^.;]{0,20}?\bscoped\s+to\b",
                r"\bsessions?\s+(?:tokens?\s+)?(?:expire|time out|are short-lived)\b",
                r"\bcheck\w*\b[^.;]{0,40}?\b(?:owner|ownership|belongs to)\b",
                # access rules in plain words: "can only read their own", "accounts the caller owns"
                r"\bonly\b[^.;]{0,40}?\b(?:their|his|her|your|its) own\b",
                r"\b(?:the\s+)?(?:caller|requester|requesting user|signed-in user|logged-in user|user)\s+"
                r"(?:owns|has access to|is a member of|is allowed to)\b",
                r"\bonly\b[^.;]{0,30}?\b(?:with|who have|who has|having)\b[^.;]{0,30}?\b(?:access|permission|"
                r"rights?|roles?)\b",
                r"\b(?:access|permissions?|membership|care relationship)\b[^.;]{0,30}?\b(?:is |are )?checked\b",
                # "results are filtered by the searcher's groups against the page's access list"
                r"\bfilter\w*\b[^.;]{0,40}?\b(?:groups?|roles?|permissions?|access lists?|entitlements?|acls?)\b",
                # tenant isolation in words
                r"\bcross-tenant\b|\btenant isolation\b|\b(?:every|each) query\b[^.;]{0,40}?\b(?:tenant|company|org\w*|"
                r"account|customer|user)\s+(?:id|scope)\b"),
       link_words=(
           "authenticate", "authenticated", "authorised", "authorized", "token", "access", "oauth",
           "permission", "roles",
       )),
    _m("abuse_protection", "security",
       "rate limit|rate limiting|rate-limited|rate limiter|throttle|throttling|quota|token bucket|"
       "leaky bucket|waf|ddos|captcha|input validation|validate input|sanitize|sanitise|"
       "bot detection|escaped on output|escape output|lockout|lock out|wrong attempts|failed attempts|"
       "file type check|mime check|magic bytes",
       regexes=(# "checks the file really is an image"
                r"\bchecks?\b[^.;]{0,30}?\b(?:really is|is really|is actually|is a real|file type|mime type|"
                r"content type)\b",
                r"\blimit\w*\b[^.;]{0,40}?\b(?:requests?|calls?|attempts?)\s+(?:per|a|/)\s*"
                r"(?:second|minute|hour|day|s|min)\b",
                r"\bper[- ](?:ip|user|key|account|client|tenant|device)\s+(?:rate\s+)?(?:limits?|quotas?)\b",
                r"\b(?:quota|limit) per (?:minute|second|hour|day)\b",
                r"\blimit\w*\s+to\s+(?:\d+|one|two|three|five|ten)\b[^.;]{0,30}?\bper (?:second|minute|hour|day|"
                r"user|ip|phone|account|key)\b"),
       # throttling our own calls to someone else's quota protects them, not us
       unless_any=("provider quota", "provider's quota", "to the provider", "upstream quota"),
       link_words=("rate", "abuse", "quota", "ddos", "validation", "throttle")),
    _m("least_privilege", "security",
       "least privilege|private subnet|vpc|security group|firewall|secrets manager|"
       "iam role|network segmentation|zero trust|allowlist|service account|sandbox|sandboxed|"
       "seccomp|no network access|vpn|bastion|ip allowlist|not reachable from the internet|"
       "only reachable from|internal only",
       regexes=(r"\bsecrets?\b[^.;]{0,30}?\b(?:vault|kms|secrets? manager|key vault|parameter store)\b",),
       link_words=("privilege", "secrets", "segmented", "network", "vpc")),
    _m("data_protection", "security",
       "pii|gdpr|mask|masked|masking|redact|audit log|audit trail|append-only log|tamper-evident|"
       "never updated or deleted|never modified or deleted|cannot be altered|"
       "never expose|not exposed|hashed passwords|only a hash|stores a hash|"
       "hash passwords|bcrypt|argon2|scrypt|data minimization|tokenize|tokenization|"
       "tokenisation|pci|signed url|presigned url|presigned|pre-signed|hosted payment page|"
       "virus scan|virus-scanned|malware scan|antivirus|last four digits|last 4 digits",
       regexes=(r"\b(?:card|payment) (?:data|details|numbers?|#s?|nos?|pans?)\b[^.;]{0,40}?\bnever\b",
                # ... but only for sensitive data: "downloads never touch our servers" is delivery
                r"\b(?:card|payment|pan|credentials?|passwords?|personal|pii)\b[^.;]{0,60}?"
                r"\bnever (?:touch\w*|see\w*|stor\w*)\b[^.;]{0,30}?\b(?:servers?|us|our)\b",
                r"\bonly\s+(?:ever\s+)?(?:revealed|shown|visible|exposed|disclosed|released|decrypted)\s+to\b",
                # "patient names never reach the board", "donor identities never leave the donor system"
                r"\b(?:names?|pii|personal data|identit\w*|phone numbers?|addresses|e-?mails?|card numbers?|"
                r"health data|medical records?)\b[^.;]{0,30}?\bnever\s+(?:reach|leave|appear|get shown|get logged|"
                r"get sent|are shown|are logged|are sent)\w*",
                r"\bsigned\s+(?:upload\s+|download\s+|one-time\s+)?(?:urls?|links?)\b",
                r"\b(?:links?|urls?)\b[^.;]{0,20}?\bexpir\w*\b[^.;]{0,20}?\b(?:after|in|within)\b",
                r"\bnever (?:see|touch|store|handle)\w*\s+(?:the\s+|any\s+)?(?:card|payment|credit card)",
                r"\b(?:anonymi[sz]\w*|pseudonymi[sz]\w*)\b|\blast octet\b|\bip (?:address )?(?:truncat|hash)\w*",
                r"\b(?:strip\w*|remov\w*|scrub\w*)\b[^.;]{0,30}?\b(?:exif|gps|location data|personal data|pii|metadata)\b"),
       link_words=("privacy", "personal", "pii", "audit", "sensitive")),
    _m("signing", "security",
       "dkim|hmac|request signing|message signing|signed requests|signed webhooks|signature check|"
       "any change breaks|tamper-proof|tamper proof|detect tampering|content hash signed|"
       "verify the signature|verifies the signature",
       regexes=(r"\bsign(?:s|ed|ing)?\s+(?:every|each|all)\s+(?:\w+\s+)?(?:messages?|requests?|payloads?|"
                r"webhooks?|events?|responses?)\b",
                r"\bis\s+signed\s+(?:with|by)\b",
                # "cmds signed w/ per-drone key"
                r"\bsigned\s+(?:with|w/|using)\s+(?:a\s+|an\s+|the\s+|our\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:key|keys|hmac|"
                r"certificate|cert|private key)\b",
                r"\b(?:check\w*|verif\w*|validat\w*)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:signatures?|hmac|mac)\b"),
       # a person's signature on paper is not a cryptographic one
       unless_any=("on the form", "on a form", "on paper", "handwritten", "wet signature",
                   "signature on the", "user's signature", "customer's signature"),
       link_words=("signed", "signature", "signing", "integrity")),
    _m("fraud_screening", "security",
       "fraud model|fraud score|fraud scoring|fraud detection|fraud check|fraud checks|risk score|"
       "risk scoring|anomaly detection|velocity check|velocity checks|device fingerprint",
       link_words=("fraud", "risk", "anomaly", "abuse")),
    # --- disaster recovery ---------------------------------------------------------------------
    _m("backups", "disaster_recovery",
       "backup|backed up|point-in-time recovery|point-in-time restore|point in time recovery|pitr|"
       "daily copy|nightly copy|weekly copy|hourly copy|daily export|nightly export|nightly dump|"
       "wal archiving|log archiving|log shipping|immutable backup|object lock|versioned bucket|"
       "object versioning|bucket versioning|incremental backup|versioning enabled",
       unless_any=("queue back up", "traffic back up", "request back up", "work back up"),
       link_words=("backup", "backups", "snapshot", "snapshots", "restore", "point-in-time")),
    _m("snapshot_backups", "disaster_recovery",
       "snapshot|snapshots",
       requires_any=_BACKUP_CONTEXT,
       link_words=("snapshot", "snapshots", "backup", "backups")),
    _m("recovery_practice", "disaster_recovery",
       "restore from|restore drill|restore test|rehearse a restore|rehearsed restore|dr drill|"
       "disaster recovery drill|game day|runbook|failover drill|failover test|"
       "regional disaster",
       regexes=(r"\b(?:rehears\w*|test\w*|practi[cs]\w*|drill\w*)\b[^.;]{0,20}?\b(?:restor\w*|failover)\b",),
       link_words=("restore", "restores", "drill", "rehearsed", "runbook", "rehearse")),
    # --- observability --------------------------------------------------------------------------
    _m("metrics_alerting", "observability",
       "metrics|dashboard|alert|alerting|paging|on-call|error budget|burn rate|sli|slo|"
       "golden signals|monitoring|monitor",
       link_words=("metrics", "dashboards", "alert", "alerts", "slo", "monitoring", "paged")),
    _m("tracing_logging", "observability",
       "tracing|distributed tracing|trace id|correlation id|structured logs|structured logging|"
       "log aggregation|centralized logging|centralised logging",
       link_words=("trace", "tracing", "logs", "logging", "correlation")),
    _m("pipeline_health", "observability",
       "consumer lag|queue depth|backlog size|freshness|synthetic checks|synthetic monitoring|"
       "health endpoint|canary analysis",
       link_words=("lag", "backlog", "freshness", "pipeline", "synthetic")),
)
# fmt: on

KNOWN_CATEGORIES = frozenset(c for m in MECHANISMS for c in m.categories)


def mechanisms_for(category: str) -> tuple[Mechanism, ...]:
    return tuple(m for m in MECHANISMS if category in m.categories)
