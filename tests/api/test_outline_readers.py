"""Interviewer-only content over the API: who reads it besides curators.

content cannot tell who interviewed with a question; interviews registers that rule from its
AppConfig.ready() (content/permissions.py). These tests pin both sides: the registered rule
lets a session's interviewer read the outline (and nobody else of the session), and without
any rule content shows it to no one but curators.
"""

from __future__ import annotations

import pytest

from content import permissions as content_permissions

pytestmark = pytest.mark.django_db

HIDDEN = ("reference_outline", "hints", "follow_ups", "curveballs")


def _question(w, actor: str) -> dict:
    slug = w.session.question.slug
    response = w.client(actor).get(f"/api/v1/questions/{slug}/")
    assert response.status_code == 200
    return response.json()


def test_the_interviewer_of_a_session_reads_its_questions_outline(w):
    body = _question(w, "interviewer")
    assert body["reference_outline"] == w.session.question.reference_outline
    assert body["follow_ups"]


@pytest.mark.parametrize("actor", ["candidate", "observer", "stranger"])
def test_everyone_else_of_the_session_gets_the_candidate_view(w, actor):
    body = _question(w, actor)
    assert not [key for key in HIDDEN if key in body]


def test_without_a_rule_content_shows_the_outline_to_curators_only(w, monkeypatch):
    monkeypatch.setattr(content_permissions, "_rules", {k: [] for k in content_permissions._rules})
    assert "reference_outline" not in _question(w, "interviewer")
    assert "reference_outline" in _question(w, "curator")


def test_a_rule_cannot_open_questions_it_was_not_asked_about(w, monkeypatch):
    monkeypatch.setattr(content_permissions, "_rules", {k: [] for k in content_permissions._rules})
    content_permissions.material_reader_rule_register("question", lambda *, user, ids: {*ids, -1})
    user = w.users["stranger"]
    asked = [w.session.question.pk]
    readable = content_permissions.material_readable_ids(user=user, kind="question", ids=asked)
    assert readable == {w.session.question.pk}
