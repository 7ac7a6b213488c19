"""One small case for each cause of error found on the unseen labelled sessions of
analyzer 2.1 (held-out splits seven to eleven): paraphrases, scope, targets, traps."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis import analyse


def run(deep_dive: str = "", *, estimates: str = "", nodes: list[dict[str, Any]] | None = None,
        edges: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    notes = {"deep_dive": deep_dive, "estimates": estimates}
    board = {"nodes": nodes or [], "edges": edges or [], "notes": notes}
    return analyse({"board": board, "chat": [], "checklists": []})


def status(report: dict[str, Any], category: str) -> str:
    return str(report["nfr"][category]["status"])


PARAPHRASES = [
    ("reliability", "A run that crashes halfway picks up at the last completed step."),
    ("reliability", "Scans are kept on the device and uploaded when signal comes back."),
    ("fault_tolerance", "Losing a node just means the next update lands on the replacement."),
    ("availability", "When the link is down, scanners keep working from their local list."),
    ("consistency", "The booking sets the seat only where it is still free and unclaimed."),
    ("consistency", "The approve call fails if the refill is not in requested anymore."),
    ("consistency", "If the payment is rejected we undo the approval."),
    ("consistency", "Events are numbered per match."),
    ("consistency", "Status change and task insert happen in one tx."),
    ("reliability", "The bank uses our reference to reject a duplicate."),
    ("reliability", "Ops are committed to Postgres before they are acknowledged."),
    ("reliability", "The worker commits the offset after the write."),
    ("reliability", "Mails sit in our queue and go out when the provider is back."),
    (
        "security",
        "Every command is signed with the home's key and the device checks the signature.",
    ),
    ("security", "A patient can only read their own bookings."),
    ("security", "Signers get a one-time link by email."),
    ("security", "Every bid gets a risk score from the fraud model."),
    ("scalability", "The queue takes the burst and we run more workers those days."),
    ("scalability", "Push servers each hold a few hundred thousand connections."),
    ("performance", "The status page is served from Redis."),
    ("performance", "Page views go through Varnish with a 60 s TTL."),
]


@pytest.mark.parametrize(("category", "sentence"), PARAPHRASES)
def test_a_paraphrased_mechanism_is_recognised(category: str, sentence: str) -> None:
    assert status(run(sentence), category) == "covered"


TRAPS = [
    ("consistency", "Audit files go to a bucket with object lock for ten years."),
    ("consistency", "The app turns lights and locks on and off."),
    ("security", "Audio downloads never touch our servers."),
    ("security", "We verify the user's signature on the form."),
    ("performance", "Phones cache today's list for offline use."),
    ("performance", "We keep a unique index on the message id per company."),
    ("scalability", "Spikes of 50x when a big show announces extra dates."),
    ("latency", "60k fans arriving within 90 minutes."),
    ("latency", "Members may cancel up to 2h before the class."),
]


@pytest.mark.parametrize(("category", "sentence"), TRAPS)
def test_words_that_only_look_like_a_mechanism_do_not_count(category: str, sentence: str) -> None:
    assert status(run(sentence), category) == "missing"


DECLINED = [
    ("scalability", "We will not, at least in the first version, shard the comments table."),
    ("performance", "Caching codes on the door panel was rejected: revokes must apply at once."),
    ("performance", "Caching the comment list was considered but dropped."),
    ("availability", "Multi-region or any failover for the database: not in the first release."),
]


@pytest.mark.parametrize(("category", "sentence"), DECLINED)
def test_a_declined_mechanism_is_not_support(category: str, sentence: str) -> None:
    report = run(sentence)
    assert status(report, category) != "covered"
    assert report["nfr"][category]["declined"], "shown as declined, with its reason"


def test_nothing_as_a_subject_is_not_a_denial() -> None:
    report = run(
        "If OCR fails 3 times the receipt goes to a manual-review list, nothing gets stuck."
    )
    assert status(report, "reliability") == "covered"


def test_a_propagation_bound_is_a_staleness_bound_not_a_latency_target() -> None:
    report = run("New postings reach the index through a CDC stream within 30 seconds.")
    assert status(report, "consistency") == "covered"
    assert status(report, "latency") == "missing"


def test_a_failover_time_counts_for_availability() -> None:
    report = run("The managed service switches to the standby copy in under a minute.")
    assert status(report, "availability") == "covered"
    assert status(report, "latency") == "missing"


def test_write_once_read_many_is_not_a_read_heavy_workload() -> None:
    nodes = [
        {"id": "c", "kind": "client", "label": "Users"},
        {"id": "api", "kind": "service", "label": "API", "replicas": 2},
        {"id": "db", "kind": "database", "label": "DB", "replicas": 2},
    ]
    edges = [
        {"id": "c->api", "from": "c", "to": "api"},
        {"id": "api->db", "from": "api", "to": "db"},
    ]
    rules = {
        f["rule"]
        for f in run("PDFs are write once, read many.", nodes=nodes, edges=edges)["critique"]
    }
    assert "read_path_without_cache" not in rules
    heavy = run("", estimates="Comments are read maybe 10 times each.", nodes=nodes, edges=edges)
    assert "read_path_without_cache" in {f["rule"] for f in heavy["critique"]}


def test_a_cache_in_front_of_the_services_serves_the_read_path() -> None:
    nodes = [
        {"id": "web", "kind": "client", "label": "Browser"},
        {"id": "varnish", "kind": "cache", "label": "Varnish", "replicas": 2},
        {"id": "app", "kind": "service", "label": "App", "replicas": 2},
        {"id": "pg", "kind": "database", "label": "Postgres", "replicas": 2},
    ]
    edges = [
        {"id": "web->varnish", "from": "web", "to": "varnish"},
        {"id": "varnish->app", "from": "varnish", "to": "app"},
        {"id": "app->pg", "from": "app", "to": "pg"},
    ]
    report = run("", estimates="Mostly reading.", nodes=nodes, edges=edges)
    assert "read_path_without_cache" not in {f["rule"] for f in report["critique"]}


def test_a_monthly_export_job_is_not_a_single_point_of_failure() -> None:
    nodes = [
        {"id": "c", "kind": "client", "label": "Users"},
        {"id": "api", "kind": "service", "label": "API", "replicas": 2},
        {"id": "db", "kind": "database", "label": "DB", "replicas": 2},
        {"id": "export", "kind": "worker", "label": "Monthly export", "replicas": 1},
    ]
    edges = [
        {"id": "c->api", "from": "c", "to": "api"},
        {"id": "api->db", "from": "api", "to": "db"},
        {"id": "export->db", "from": "export", "to": "db"},
    ]
    assert "export" not in run("", nodes=nodes, edges=edges)["diagram"]["spof"]


def test_mtls_is_prose_not_a_camel_case_identifier() -> None:
    edges = [{"id": "t->gw", "from": "t", "to": "gw", "label": "mTLS with a per-truck cert"}]
    nodes = [
        {"id": "t", "kind": "client", "label": "Trucks"},
        {"id": "gw", "kind": "service", "label": "Gateway", "replicas": 2},
    ]
    assert status(run("", nodes=nodes, edges=edges), "security") == "covered"
