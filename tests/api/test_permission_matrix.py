"""Every API endpoint for every kind of caller: the status code, and that nothing leaks.

Callers: anonymous, another user (a stranger to the sessions), the candidate, the interviewer,
the observer, a curator (group "Curators") and staff. The world (tests/api/conftest.py) is an
ended peer session, an ended solo session of the candidate, and a session of two other users.

For every successful response the body must hold nothing the caller may not see: no
interviewer-only material for the candidate, the observer or strangers (reference outline,
follow-ups, curveballs, hints, private notes, the unreleased scorecard's comments and summary),
no self-assessment for anyone but its author, no unreleased shadow scorecard for anyone but
the observer who wrote it (staff included), and no session the caller does not take part in
(by id, in any list, CSV or document).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml

from content.apis import KINDS

from .conftest import ACTORS, OTHER_CHAT, PRIVATE_NOTE, SELF_COMMENT, SHADOW_COMMENT, World

OK = 200
ALL_SIGNED_IN = {a: OK for a in ACTORS if a != "anonymous"}


def participants_only(
    ok: int = OK, **overrides: int
) -> dict[str, int]:  # of the peer session; staff sees all
    return {
        "stranger": 404,
        "candidate": ok,
        "interviewer": ok,
        "observer": ok,
        "curator": 404,
        "staff": ok,
        **overrides,
    }


def solo_candidate_only(ok: int = OK, staff: int = OK) -> dict[str, int]:
    return {
        "stranger": 404,
        "candidate": ok,
        "interviewer": 404,
        "observer": 404,
        "curator": 404,
        "staff": staff,
    }


def curators_only(ok: int = OK) -> dict[str, int]:
    return {
        "stranger": 403,
        "candidate": 403,
        "interviewer": 403,
        "observer": 403,
        "curator": ok,
        "staff": ok,
    }


def owner_only(*owners: str) -> dict[str, int]:
    """Practice rows are their people's only: a 404 for anyone else, staff included."""
    return {a: OK if a in owners else 404 for a in ACTORS if a != "anonymous"}


OFFER_BODY = {
    "day": (datetime.now(tz=UTC).date() + timedelta(days=10)).isoformat(),
    "time": "10:00",
    "time_zone": "Europe/Paris",
    "duration_minutes": 60,
    "level": "senior",
    "role": "swap",
}

CONTENT = [  # kind, an entry, what deleting it answers a curator
    ("frameworks", "standard", 400),
    ("nfr-categories", "latency", 204),
    ("concepts", "api-gateway", 204),
    ("questions", "url-shortener", 400),
    ("rubrics", "standard-senior", 400),
]
SCORECARD_BODY = {"hire_signal": "hire", "summary": "Solid.", "scores": []}
NEW_CONCEPT = {
    "slug": "matrix-concept",
    "title": "Matrix",
    "summary": "s",
    "when_to_use": "w",
}
PACK = {"files": {"c.yaml": yaml.safe_dump({"concepts": [NEW_CONCEPT]})}}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {session}, {solo}, {other}: the world's sessions
    expected: dict[str, int]
    body: Any = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    # Sessions
    Endpoint("GET", "sessions/", ALL_SIGNED_IN),
    Endpoint(
        "POST",
        "sessions/",
        dict.fromkeys(ALL_SIGNED_IN, 201),  # a new session of one's own
        body={"question": "url-shortener", "level": "senior", "mode": "solo"},
    ),
    Endpoint(
        "POST",
        "sessions/import/",
        dict.fromkeys(ALL_SIGNED_IN, 201),  # a new practice session of one's own
        body={
            "question": "url-shortener",
            "level": "senior",
            "board": {"format": "designroom-board", "version": 1, "nodes": [], "edges": []},
        },
    ),
    Endpoint("GET", "sessions/{session}/", participants_only()),
    Endpoint("GET", "sessions/{other}/", {**participants_only(404), "staff": OK}),
    Endpoint("GET", "sessions/{session}/events/", participants_only()),
    Endpoint("GET", "sessions/{session}/export/", participants_only()),
    Endpoint("GET", "sessions/{solo}/export/", solo_candidate_only()),
    Endpoint("GET", "sessions/{session}/diagram/", participants_only()),
    Endpoint("GET", "sessions/{session}/diagram.svg", participants_only()),
    # Scorecards: the interviewer writes; the candidate reads once released (not yet here)
    Endpoint(
        "GET",
        "sessions/{session}/scorecards/interviewer/",
        participants_only(candidate=404, observer=404),
    ),
    *(
        Endpoint(
            method,
            "sessions/{session}/scorecards/interviewer/",
            participants_only(candidate=403, observer=403, staff=403),
            body=body,
        )
        for method, body in (("PUT", SCORECARD_BODY), ("PATCH", {"summary": "Better."}))
    ),
    Endpoint(
        "POST",
        "sessions/{session}/scorecards/interviewer/release/",
        participants_only(candidate=403, observer=403, staff=403),
    ),
    Endpoint(
        "GET",
        "sessions/{session}/scorecards/self/",
        participants_only(404),  # a peer session has no self-assessment
    ),
    Endpoint("GET", "sessions/{solo}/scorecards/self/", solo_candidate_only()),
    Endpoint(
        "PUT", "sessions/{solo}/scorecards/self/", solo_candidate_only(staff=403), SCORECARD_BODY
    ),
    Endpoint(
        "PATCH",
        "sessions/{solo}/scorecards/self/",
        solo_candidate_only(staff=403),
        {"summary": "."},
    ),
    Endpoint("POST", "sessions/{solo}/scorecards/self/submit/", solo_candidate_only(staff=403)),
    # Shadow scorecards: the observer's own until the interviewer releases (not yet here)
    Endpoint(
        "GET",
        "sessions/{session}/scorecards/shadow/",
        participants_only(404, observer=OK),
    ),
    *(
        Endpoint(
            method,
            "sessions/{session}/scorecards/shadow/",
            participants_only(403, observer=OK),
            body=body,
        )
        for method, body in (("PUT", SCORECARD_BODY), ("PATCH", {"summary": "Seen."}))
    ),
    Endpoint("GET", "sessions/{session}/scorecards/shadows/", participants_only()),
    Endpoint(
        "POST",
        "sessions/{session}/scorecards/shadows/{shadow}/count/",
        participants_only(403),  # the interviewer decides, once released
        body={"counts": True},
    ),
    Endpoint("GET", "sessions/{session}/agreement/", participants_only(404)),
    Endpoint("GET", "me/agreement/", ALL_SIGNED_IN),
    Endpoint("GET", "content/rubrics/standard-senior/versions/", ALL_SIGNED_IN),
    # Reports
    Endpoint("GET", "sessions/{session}/report/", participants_only()),
    Endpoint("GET", "sessions/{solo}/report/", solo_candidate_only()),
    Endpoint(
        "POST",
        "sessions/{session}/report/regenerate/",
        participants_only(202, candidate=403, observer=403),
    ),
    Endpoint("POST", "sessions/{solo}/report/regenerate/", solo_candidate_only(202, staff=202)),
    # The call: participants only (staff included in nothing: recordings are private to
    # the people recorded); the world's peer session is over, so nothing new is recorded.
    Endpoint("GET", "sessions/{session}/call/ice-servers/", participants_only(staff=404)),
    Endpoint("GET", "sessions/{solo}/call/ice-servers/", solo_candidate_only(staff=404)),
    Endpoint("GET", "sessions/{session}/recordings/", participants_only(staff=404)),
    Endpoint(
        "POST",
        "sessions/{session}/recordings/",
        participants_only(409, observer=403, staff=404),
    ),
    Endpoint(
        "POST",
        "sessions/{session}/recordings/999999/consent/",
        participants_only(404, observer=403, staff=404),
        body={"consent": True},
    ),
    *(
        Endpoint(method, f"sessions/{{session}}/recordings/999999/{tail}", expected)
        for method, tail, expected in (
            ("POST", "stop/", participants_only(404, observer=403, staff=404)),
            ("DELETE", "", participants_only(404, observer=403, staff=404)),
            # JSON is not a chunk: 415 before anything is looked up
            ("PUT", "segments/0/chunks/0/", participants_only(415, staff=404)),
        )
    ),
    # Me, exports
    Endpoint("GET", "me/", ALL_SIGNED_IN),
    Endpoint("GET", "me/progress/", ALL_SIGNED_IN),
    Endpoint("GET", "exports/scorecards.csv", ALL_SIGNED_IN),
    Endpoint("GET", "exports/reports.csv", ALL_SIGNED_IN),
    # Content: read by everyone signed in, written by curators (a re-POSTed entry is a
    # duplicate, an entry used by sessions or scorecards cannot be deleted)
    *(
        endpoint
        for kind, slug, deleted in CONTENT
        for endpoint in (
            Endpoint("GET", f"{kind}/", ALL_SIGNED_IN),
            Endpoint("GET", f"{kind}/{slug}/", ALL_SIGNED_IN),
            Endpoint("POST", f"{kind}/", curators_only(400), f"entry:{kind}:{slug}"),
            Endpoint("PUT", f"{kind}/{slug}/", curators_only(), f"entry:{kind}:{slug}"),
            Endpoint("DELETE", f"{kind}/{slug}/", curators_only(deleted)),
        )
    ),
    Endpoint("POST", "concepts/", curators_only(201), NEW_CONCEPT),
    Endpoint("POST", "content/packs/import/", curators_only(), PACK, {"dry_run": "1"}),
    Endpoint("GET", "content/packs/export/", curators_only()),
    # Practice: one's own offers and matches; the candidate rates the interviewer
    Endpoint("GET", "practice/offers/", ALL_SIGNED_IN),
    Endpoint("POST", "practice/offers/", dict.fromkeys(ALL_SIGNED_IN, 201), OFFER_BODY),
    Endpoint("GET", "practice/offers/{offer}/", owner_only("candidate")),
    Endpoint("DELETE", "practice/offers/{offer}/", owner_only("candidate")),
    Endpoint("GET", "practice/matches/", ALL_SIGNED_IN),
    Endpoint("GET", "practice/matches/{match}/", owner_only("candidate", "interviewer")),
    Endpoint("POST", "practice/matches/{match}/cancel/", owner_only("candidate", "interviewer")),
    Endpoint("GET", "sessions/{session}/interviewer-feedback/", participants_only(observer=403)),
    Endpoint(
        "POST",
        "sessions/{session}/interviewer-feedback/",
        participants_only(409, interviewer=403, observer=403, staff=403),  # rated already
        {"preparedness": 4, "clarity": 4, "hints": 4},
    ),
]


def _body(body: Any) -> Any:
    if isinstance(body, str) and body.startswith("entry:"):
        _, kind_name, slug = body.split(":")
        kind = KINDS[kind_name]
        return kind.serialize(kind.all_entries().get(slug=slug))
    return body


def _call(w: World, actor: str, endpoint: Endpoint):
    path = endpoint.path.format(
        session=w.session.pk,
        solo=w.solo.pk,
        other=w.other.pk,
        shadow=w.shadow_pk,
        **w.practice,
    )
    url = f"/api/v1/{path}"
    if endpoint.params:
        url += "?" + "&".join(f"{k}={v}" for k, v in endpoint.params.items())
    client = w.client(actor)
    return client.generic(
        endpoint.method,
        url,
        json.dumps(_body(endpoint.body)) if endpoint.body is not None else "",
        content_type="application/json",
    )


def _text(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


def forbidden_texts(w: World, actor: str) -> list[str]:
    """What this caller must never receive."""
    if actor == "staff":
        return [SHADOW_COMMENT]  # hidden from staff too until the interviewer releases
    texts = [OTHER_CHAT, str(w.other.pk)]
    if actor != "observer":
        texts += [SHADOW_COMMENT]
    if actor != "candidate":
        texts += [SELF_COMMENT, str(w.solo.pk)]
    if actor in ("stranger", "curator"):
        texts += [str(w.session.pk)]
    if actor in ("candidate", "observer", "stranger"):
        texts += w.interviewer_only  # question secrets, private note, unreleased scorecard
    if actor == "curator":  # curators read the question's material, never a session's
        texts += [PRIVATE_NOTE, *w.interviewer_only[:3]]
    return texts


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.id)
def test_status_and_no_leak(w, endpoint, actor):
    response = _call(w, actor, endpoint)
    expected = 401 if actor == "anonymous" else endpoint.expected[actor]
    assert response.status_code == expected, _text(response)[:500]
    body = _text(response)
    if response.status_code >= 400:
        error = json.loads(body)["error"]
        assert error["status"] == response.status_code
        assert error["code"]
        assert error["message"]
        return
    leaked = [text for text in forbidden_texts(w, actor) if text in body]
    assert not leaked, f"{actor} received {leaked}"


def test_the_matrix_covers_every_api_route_and_method():
    """A new endpoint (or method) without a row here fails this test."""
    from django.urls import get_resolver

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    rows = {(e.method, e.path) for e in ENDPOINTS}
    for route in v1.url_patterns:
        pattern = re.escape(str(route.pattern))
        pattern = pattern.replace(re.escape("<uuid:session_id>"), r"\{(session|solo|other)\}")
        pattern = pattern.replace(re.escape("<stored_slug:slug>"), r"[-\w]+")
        pattern = pattern.replace(re.escape("<slug:slug>"), r"[-\w]+")
        pattern = pattern.replace(re.escape("<int:scorecard_id>"), r"\{shadow\}")
        pattern = re.sub(r"<int:\w+>", r"\\d+", pattern)
        for name in ("offer", "match"):
            pattern = pattern.replace(re.escape(f"<uuid:{name}_id>"), rf"\{{{name}\}}")
        view = route.callback.view_class
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                assert any(
                    m == method.upper() and re.fullmatch(pattern, path) for m, path in rows
                ), f"no matrix row for {method.upper()} {route.pattern}"
