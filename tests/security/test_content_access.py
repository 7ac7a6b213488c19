"""Entries whose slugs break Django's slug rules (stored before packs validated them) neither
take the public library down nor stay stuck: every library page still answers 200 for
everyone, and a curator can read and delete such an entry through the API by its stored
slug, percent-encoded.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from content.models import Concept, InterviewFramework, Question, Tag
from tests.factories import ConceptFactory, FrameworkFactory, PhaseFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ODD_SLUGS = ["bad slug/../../x", "ünï-çødé"]


@pytest.fixture
def odd_content(db):
    """Valid entries linking to odd ones, as an unvalidated pack left them."""
    fine = QuestionFactory(slug="fine-question", title="A fine question")
    concept = ConceptFactory(slug="fine-concept", title="Fine concept")
    fw = FrameworkFactory(slug="fine-fw", name="Fine framework", is_default=True)
    PhaseFactory(framework=fw, order=1)
    for index, slug in enumerate(ODD_SLUGS):
        odd_question = QuestionFactory(slug=slug, title=f"Odd question {index}")
        odd_concept = ConceptFactory(slug=slug, title=f"Odd concept {index}")
        PhaseFactory(framework=FrameworkFactory(slug=slug, name=f"Odd framework {index}"))
        tag = Tag.objects.create(slug=slug)
        odd_question.tags.add(tag)
        fine.tags.add(tag)
        fine.related_concepts.add(odd_concept)
        concept.related_concepts.add(odd_concept)
        odd_concept.questions.add(fine)
    return fine


@pytest.fixture
def curator(db, django_user_model):
    user = django_user_model.objects.create_user("cora", password="pw-cora-123456")
    user.groups.add(Group.objects.get(name="Curators"))
    client = APIClient()
    client.force_login(user)
    return client


PAGES = [
    "/",
    "/library/",
    "/library/questions/",
    "/library/questions/?q=odd",
    "/library/questions/fine-question/",
    "/library/concepts/",
    "/library/concepts/fine-concept/",
    "/library/nfrs/",
    "/sessions/new/",
]


@pytest.mark.parametrize("path", PAGES)
def test_library_pages_answer_200_with_odd_slugs_stored(client, odd_content, user, path):
    client.raise_request_exception = False
    assert client.get(path).status_code in (200, 302)
    client.force_login(user)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("slug", ODD_SLUGS)
@pytest.mark.parametrize(
    ("kind", "model"),
    [("questions", Question), ("concepts", Concept), ("frameworks", InterviewFramework)],
)
def test_a_curator_reads_and_deletes_an_odd_entry_through_the_api(
    curator, odd_content, slug, kind, model
):
    url = f"/api/v1/{kind}/{quote(slug, safe='')}/"
    response = curator.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == slug
    assert curator.delete(url).status_code == 204
    assert not model.objects.filter(slug=slug).exists()


def test_an_unknown_slug_with_odd_characters_is_the_json_404(curator, odd_content):
    for path in ("/api/v1/questions/no%20such%2Fthing/", "/api/v1/questions/a%00b/"):
        response = curator.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_deleting_an_entry_sessions_use_says_why(curator, odd_content, user):
    from interviews.services import session_create

    session_create(
        created_by=user,
        question=odd_content,
        level="senior",
        mode="solo",
        framework=InterviewFramework.objects.get(slug="fine-fw"),
    )
    response = curator.delete("/api/v1/questions/fine-question/")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "in_use"
    assert "session" in str(error["details"]).lower()
    assert Question.objects.filter(slug="fine-question").exists()
