"""A small built-in checklist, used when the input carries no checklists.

It keeps the analysis usable without the content pack (tests, benchmarks, a fresh
install). Items carry no cue phrases on purpose: they are matched through the built-in
recognisers, whose link words appear in the statements.
"""

from __future__ import annotations

from .inputs import ChecklistItem, Cues, NFRCategory


def _item(
    slug: str, statement: str, weight: int, patterns: str = "", study: str = ""
) -> ChecklistItem:
    return ChecklistItem(
        slug, statement, weight, Cues((), tuple(patterns.split())), tuple(study.split())
    )


DEFAULT_CHECKLISTS: tuple[NFRCategory, ...] = (
    NFRCategory("scalability", "Scalability", (
        _item("data-partitioning", "Data is sharded or partitioned by a stated key.", 3, "",
              "partitioning-consistent-hashing"),
        _item("scale-out", "Stateless services scale out horizontally behind a load balancer, adding "
              "instances as load grows.", 3, "load_balanced_service multi_instance_services",
              "horizontal-scaling-load-balancing"),
        _item("capacity-target", "Throughput capacity and growth headroom are stated as numbers.", 2, "",
              "back-of-envelope-estimation"),
    )),
    NFRCategory("performance", "Performance", (
        _item("efficient-access", "Hot queries use suitable indexes and data structures whose complexity "
              "fits the access pattern.", 3, "", "sql-vs-nosql"),
        _item("cache-precompute", "Repeated reads are served from a cache or in-memory store, or "
              "precomputed.", 2, "cache_on_read_path", "caching-strategies"),
        _item("throughput-target", "Throughput targets are stated for the main operations.", 2, "",
              "back-of-envelope-estimation"),
        _item("offload", "Heavy work runs in background workers, off the request path.", 1,
              "queue_between_services", "message-queues-async-processing"),
    )),
    NFRCategory("latency", "Latency", (
        _item("latency-target", "A latency target is stated as a percentile, for example p99 under "
              "200 ms.", 3, "", "observability-slos"),
        _item("fast-read-path", "Hot reads come from a cache, CDN or in-memory store close to the user.", 3,
              "cache_on_read_path cdn_in_front", "caching-strategies cdn-and-edge"),
        _item("short-path", "The synchronous path is short: parallel calls, precomputed results, "
              "deferred work.", 1, "", "rest-rpc-grpc"),
    )),
    NFRCategory("reliability", "Reliability", (
        _item("safe-retries", "Retries are safe: writes are idempotent and duplicates are detected.", 3, "",
              "idempotency"),
        _item("durable-writes", "Acknowledged writes are durable: a replicated or write-ahead log, "
              "acknowledged after persist.", 3, "replicated_database", "replication-and-failover"),
        _item("delivery-guarantees", "Message processing has stated delivery guarantees, dead-letter "
              "handling and reconciliation.", 2, "queue_between_services", "message-queues-async-processing"),
    )),
    NFRCategory("availability", "Availability", (
        _item("redundancy-failover", "Components on the request path have replicas or a standby, with "
              "automatic failover on health checks.", 3,
              "load_balanced_service replicated_database multi_instance_services", "replication-and-failover"),
        _item("availability-target", "An availability target is stated in nines or allowed downtime.", 2, "",
              "observability-slos"),
        _item("zone-spread", "Replicas are spread across zones or regions.", 2, "", "replication-and-failover"),
    )),
    NFRCategory("fault_tolerance", "Fault tolerance", (
        _item("timeouts-retries", "Remote calls have timeouts, retries with backoff and circuit breakers.", 3,
              "", "resilience-patterns"),
        _item("takeover", "Failures are detected and work fails over or is taken over by another "
              "instance.", 2, "", "consensus-leader-election"),
        _item("degradation", "The system degrades gracefully with fallbacks and stale or partial "
              "results.", 2, "", "resilience-patterns"),
    )),
    NFRCategory("consistency", "Consistency", (
        _item("model-per-data", "The consistency model is chosen per data (strong or eventual), with the "
              "staleness window stated.", 3, "", "consistency-models"),
        _item("concurrency-control", "Concurrent updates use conditional writes, locks, transactions or "
              "idempotent operations.", 3, "", "locking-optimistic-concurrency"),
        _item("replica-agreement", "Replicas agree through a leader, quorum or conflict resolution rule.", 1,
              "", "consensus-leader-election"),
    )),
    NFRCategory("security", "Security", (
        _item("authn-authz", "Callers are authenticated with tokens or keys and access is authorised.", 3,
              "api_gateway_entry", "authn-authz-encryption"),
        _item("encryption", "Traffic is encrypted with TLS and data is encrypted at rest.", 3, "",
              "authn-authz-encryption"),
        _item("abuse-and-privacy", "Abuse is limited with rate limits and input validation, and sensitive "
              "personal data is protected.", 2, "", "rate-limiting-algorithms"),
    )),
    NFRCategory("disaster_recovery", "Disaster recovery", (
        _item("recovery-objectives", "Recovery objectives (RPO and RTO) are stated.", 3, "",
              "backups-and-disaster-recovery"),
        _item("backups", "Data is backed up with snapshots and point-in-time restore, and restores are "
              "rehearsed.", 3, "", "backups-and-disaster-recovery"),
        _item("second-region", "Data is replicated to a second region for regional failover.", 2, "",
              "replication-and-failover"),
    )),
    NFRCategory("observability", "Observability", (
        _item("metrics-alerts", "Services emit metrics, with dashboards and alerts tied to SLOs.", 3, "",
              "observability-slos"),
        _item("tracing-logs", "Requests carry trace ids and services write structured logs.", 2, "",
              "observability-slos"),
    )),
)  # fmt: skip
