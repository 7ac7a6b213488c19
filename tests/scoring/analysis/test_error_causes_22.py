"""One small case for each class of wording analyzer 2.2 learned from the tuned sessions
t113-t146: paraphrases, traps, scope, read ratios and scheduled components."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis import analyse


def run(deep_dive: str = "", *, estimates: str = "", nodes: list[dict[str, Any]] | None = None,
        edges: list[dict[str, Any]] | None = None,
        chat: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    notes = {"deep_dive": deep_dive, "estimates": estimates}
    board = {"nodes": nodes or [], "edges": edges or [], "notes": notes}
    return analyse({"board": board, "chat": chat or [], "checklists": []})


def status(report: dict[str, Any], category: str) -> str:
    return str(report["nfr"][category]["status"])


PARAPHRASES = [
    ("security", "Only the owner may archive a board."),
    ("security", "Only the uploader can delete a file."),
    ("security", "A tutor may only read the essays of pupils assigned to them."),
    ("security", "We rotate the signing keys every 30 days."),
    ("security", "Service certificates are rotated daily by the mesh."),
    ("security", "Tokens are scoped to a single workspace."),
    ("security", "Every admin route requires login."),
    ("security", "Requests from unregistered devices are rejected."),
    ("security", "Only buyers who received the item can leave a review."),
    ("security", "Home addresses never reach the courier app."),
    ("scalability", "Accounts are spread across 12 databases by a hash of the account id."),
    ("reliability", "The handheld keeps readings locally and sends them when it reconnects."),
    ("reliability", "The tracker stores 3 days of samples."),
    ("reliability", "The consumer skips event ids it has already applied."),
    ("reliability", "Bad messages are moved to a parking-lot queue."),
    ("reliability", "Uploads are upserted by (device, minute), so a resend is harmless."),
    ("reliability", "Releases roll out in waves and stop on a spike of crashes."),
    ("consistency", "Writes to one cart are serialised."),
    ("consistency", "A save based on an old version is rejected."),
    ("consistency", "The hub applies events per till in seq order."),
    (
        "fault_tolerance",
        "The ticker keeps the last prices and shows 'delayed' until the feed is back.",
    ),
    ("fault_tolerance", "When the stream resumes the reader catches up from its last offset."),
    ("fault_tolerance", "Each bid request has a 50 ms deadline."),
    ("availability", "Two API servers behind the balancer, so one can die without users noticing."),
    ("performance", "Product pages are served from a Redis copy refreshed every minute."),
    ("performance", "Popular searches are kept in Redis with a 5 minute TTL."),
    ("disaster_recovery", "We keep 14 days of snapshots in another account."),
    ("scalability", "More workers we start when a big campaign begins."),
    ("scalability", "The launch is staggered by country over a day."),
    ("scalability", "A slow partner is absorbed by the queue, not by the users."),
    ("availability", "The player moves to the next CDN if a segment stalls."),
    ("consistency", "A resubmission with the same id is answered with the earlier result."),
    ("security", "Commands are signed w/ a per-device key and the device rejects unsigned ones."),
]


@pytest.mark.parametrize(("category", "sentence"), PARAPHRASES)
def test_a_paraphrased_mechanism_is_recognised(category: str, sentence: str) -> None:
    assert status(run(sentence), category) == "covered"


TRAPS = [
    ("reliability", "Members have to log in at least once a month."),
    ("scalability", "We partition the week into early and late shifts."),
    ("scalability", "The search page is partitioned into a map panel and a list."),
    ("consistency", "The signed PDF of the lease period is stored with the flat."),
    ("fault_tolerance", "The tenant signed the lease last week."),
    ("consistency", "A key held in the HSM signs firmware, and the lock checks it."),
    ("performance", "After a failover, writes resume in under a minute."),
    ("latency", "Accounts are erased within 30 days of a request."),
    ("fault_tolerance", "Pledges are charged only if the goal is met by the deadline."),
    ("security", "Only the primary may change the schema."),
    ("security", "The image viewer can rotate photos."),
]


@pytest.mark.parametrize(("category", "sentence"), TRAPS)
def test_words_that_only_look_like_a_mechanism_do_not_count(category: str, sentence: str) -> None:
    assert status(run(sentence), category) == "missing"


DECLINED = [
    ("scalability", "Horizontal scaling of the web tier is not something we need this year."),
    ("disaster_recovery", "Nobody asked for a second region."),
    ("disaster_recovery", "I'd leave backups to the customer's IT, not part of this design."),
    ("performance", "We will look into caching next quarter."),
    ("latency", "The interviewer suggested a CDN; I said no."),
    ("disaster_recovery", "Multi-region hosting is planned for a later year."),
]


@pytest.mark.parametrize(("category", "sentence"), DECLINED)
def test_a_declined_mechanism_is_not_support(category: str, sentence: str) -> None:
    assert status(run(sentence), category) != "covered"


def test_an_answer_that_opens_with_no_keeps_the_statement_after_it() -> None:
    chat = [
        {"who": "interviewer", "text": "Can a courier see other couriers' routes?", "seq": 1},
        {"who": "candidate", "text": "No, a courier's token carries their id and the API filters on it.",
         "seq": 2},
    ]  # fmt: skip
    assert status(run(chat=chat), "security") == "covered"
    refusal = [
        {"who": "interviewer", "text": "Would you add a cache?", "seq": 1},
        {"who": "candidate", "text": "No. A cache would only add staleness here.", "seq": 2},
    ]
    assert status(run(chat=refusal), "performance") != "covered"


def _single_reader(label: str) -> dict[str, Any]:
    nodes = [
        {"id": "c", "kind": "client", "label": "Users"},
        {"id": "api", "kind": "service", "label": "API", "replicas": 2},
        {"id": "db", "kind": "database", "label": "DB", "replicas": 2},
        {"id": "job", "kind": "worker", "label": label, "replicas": 1},
    ]
    edges = [
        {"id": "c->api", "from": "c", "to": "api"},
        {"id": "api->db", "from": "api", "to": "db"},
        {"id": "job->db", "from": "job", "to": "db"},
    ]
    return run("", nodes=nodes, edges=edges)


def test_a_scheduled_feed_is_on_the_dependent_path_but_a_nightly_job_is_not() -> None:
    assert "job" in _single_reader("Monthly billing scheduler")["diagram"]["spof"]
    assert "job" in _single_reader("Nightly HR sync")["diagram"]["spof"]
    assert "job" not in _single_reader("Nightly expiry job")["diagram"]["spof"]
    assert "job" not in _single_reader("Hourly rollup job")["diagram"]["spof"]


@pytest.mark.parametrize(
    "estimates", ["Reads ~30x writes.", "Maybe one edit for every fifty views."]
)
def test_a_read_ratio_in_these_words_is_read_heavy(estimates: str) -> None:
    nodes = [
        {"id": "c", "kind": "client", "label": "Users"},
        {"id": "api", "kind": "service", "label": "API", "replicas": 2},
        {"id": "db", "kind": "database", "label": "DB", "replicas": 2},
    ]
    edges = [
        {"id": "c->api", "from": "c", "to": "api"},
        {"id": "api->db", "from": "api", "to": "db"},
    ]
    report = run("", estimates=estimates, nodes=nodes, edges=edges)
    assert "read_path_without_cache" in {f["rule"] for f in report["critique"]}
