"""The report reads in human words: labels not ids, names not slugs, skipped phases skipped,
and every piece of evidence links to the replay at the moment it appeared."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from interviews.services import chat_post, phase_step, session_end, session_start
from scoring.models import FeedbackReport

from .conftest import _edge, _node, _notes

pytestmark = pytest.mark.django_db

NODES = (
    ("n-mx4fz1huah5n", "client", "Browsers", None, (40, 120)),
    ("n-q8r2kz0pl3vd", "service", "Redirect API", 3, (240, 120)),
    ("n-z7w1yv6t0bcs", "database", "Links DB", 1, (440, 120)),
)


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and "/replay/" in href:
            self.hrefs.append(href)


@pytest.fixture
def reported_session(peer_session, django_capture_on_commit_callbacks):
    session, candidate, controller = (
        peer_session.session, peer_session.candidate, peer_session.interviewer,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        session_start(actor=controller)
        v = _notes(candidate, "requirements", "Redirects p99 under 50 ms.\n", 0, "req")
        phase_step(actor=controller, direction="next", expected_phase=0)
        for node_id, kind, label, replicas, at in NODES:
            v = _node(candidate, node_id, kind, label, v, replicas, at)
        v = _edge(candidate, NODES[0][0], NODES[1][0], v)
        v = _edge(candidate, NODES[1][0], NODES[2][0], v)
        _notes(candidate, "deep_dive", "Links are sharded by code.\n", v, "deep")
        chat_post(actor=candidate, text="Every call has a 2 s timeout.")
        session_end(session_id=session.pk, actor=controller)
    session.refresh_from_db()
    return peer_session


def _page(client, user, session) -> str:
    client.force_login(user)
    return client.get(reverse("scoring:report", args=[session.pk])).content.decode()


def test_no_internal_id_or_slug_in_the_report_text(client, reported_session, users):
    session = reported_session.session
    text = visible_text(_page(client, users["interviewer"], session))
    result = FeedbackReport.objects.get(session=session).result
    slugs = [p["slug"] for p in result["process"]["phases"] if "-" in p["slug"] or "_" in p["slug"]]
    slugs += [c for c in result["nfr"] if "_" in c]
    slugs += [f["rule"] for f in result["critique"]]
    assert slugs, "the session must exercise slugs for this test to mean anything"
    for internal in [n[0] for n in NODES] + slugs:
        assert internal not in text, internal
    assert "Links DB" in text  # the single point of failure, by its label


def test_phases_nobody_spent_time_on_are_skipped_not_scored(client, reported_session, users):
    session = reported_session.session
    result = FeedbackReport.objects.get(session=session).result
    skipped = [p for p in result["scores"]["phases"] if p["skipped"]]
    assert skipped
    assert all(p["time_discipline"] is None for p in skipped)
    page = _page(client, users["interviewer"], session)
    assert 'class="phase-skipped"' in page
    assert "skipped" in visible_text(page)


def test_every_evidence_item_links_to_the_replay_at_its_seq(client, reported_session, users):
    session = reported_session.session
    parser = _Links()
    parser.feed(_page(client, users["candidate"], session))
    assert parser.hrefs
    highlights = set()
    for href in parser.hrefs:
        url = urlparse(href)
        assert url.path == reverse("interviews:replay", args=[session.pk])
        query = parse_qs(url.query)
        assert int(query["seq"][0]) > 0
        highlights.add(query["highlight"][0].split(":")[0])
    assert {"notes", "chat", "node"} <= highlights


def test_an_older_analyzers_report_is_shown_with_its_version_until_regenerated(
    client, reported_session, users, django_capture_on_commit_callbacks
):
    from scoring.analysis import ANALYZER_VERSION

    session = reported_session.session
    FeedbackReport.objects.filter(session=session).update(analyzer_version="1.0.0")
    page = _page(client, users["interviewer"], session)
    assert "analyzer 1.0.0" in page
    assert "NFR checklist" in page  # the old report is still readable
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scoring:report_regenerate", args=[session.pk]))
    versions = set(
        FeedbackReport.objects.filter(session=session).values_list("analyzer_version", flat=True)
    )
    assert versions == {"1.0.0", ANALYZER_VERSION}  # the old one keeps its version
    assert f"analyzer {ANALYZER_VERSION}" in _page(client, users["interviewer"], session)
