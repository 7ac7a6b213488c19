"""Library pages: status, content, filters, and never the interviewer-only outline."""

import pytest
from django.urls import reverse

from tests.content.packs import write_pack
from tests.factories import ConceptFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_content(tmp_path):
    from django.core.management import call_command

    call_command("loadcontent", str(write_pack(tmp_path / "pack")), verbosity=0)


def test_home_explains_the_product(client, small_content):
    page = client.get(reverse("home")).content.decode()
    assert "Practice system design interviews" in page
    assert "Requirements" in page  # the framework's phases are listed


def test_question_list_shows_published_questions_only(client):
    QuestionFactory(title="Design a rate limiter")
    QuestionFactory(title="Hidden draft", published=False)
    page = client.get(reverse("content:question_list")).content.decode()
    assert "Design a rate limiter" in page
    assert "Hidden draft" not in page


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"difficulty": "hard"}, "Hard one", "Easy one"),
        ({"level": "staff"}, "Hard one", "Easy one"),
        ({"q": "ledger"}, "Hard one", "Easy one"),
    ],
)
def test_question_filters(client, params, shown, hidden):
    QuestionFactory(
        title="Hard one", difficulty="hard", target_levels=["staff"], prompt="A payments ledger."
    )
    QuestionFactory(
        title="Easy one", difficulty="easy", target_levels=["mid"], prompt="Short links."
    )
    page = client.get(reverse("content:question_list"), params).content.decode()
    assert shown in page
    assert hidden not in page


def test_question_filter_by_tag(client, small_content):
    QuestionFactory(title="Untagged question")
    page = client.get(reverse("content:question_list"), {"tag": "web"}).content.decode()
    assert "Design a URL shortener" in page
    assert "Untagged question" not in page


def test_htmx_filter_returns_only_the_results_partial(client):
    QuestionFactory(title="Design a chat system")
    response = client.get(reverse("content:question_list"), {"q": "chat"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Design a chat system" in body
    assert "<html" not in body
    assert "<form" not in body


def test_question_list_paginates(client):
    for i in range(15):
        QuestionFactory(title=f"Question {i:02d}")
    first = client.get(reverse("content:question_list")).content.decode()
    second = client.get(reverse("content:question_list"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert "Question 14" not in first
    assert "Question 14" in second


def test_question_detail_never_shows_the_reference_outline(client, small_content):
    response = client.get(reverse("content:question_detail", args=["url-shortener"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Users shorten links" in body
    assert "SECRET-OUTLINE" not in body
    assert "How do you avoid collisions?" not in body  # follow-ups are interviewer-only
    assert "Traffic grows 10x" not in body  # curveballs too


def test_unpublished_question_is_404(client):
    QuestionFactory(slug="draft", published=False)
    assert client.get(reverse("content:question_detail", args=["draft"])).status_code == 404


def test_concept_pages(client):
    ConceptFactory(
        slug="consistent-hashing", title="Consistent hashing", trade_offs=["More moving parts"]
    )
    assert "Consistent hashing" in client.get(reverse("content:concept_list")).content.decode()
    detail = client.get(
        reverse("content:concept_detail", args=["consistent-hashing"])
    ).content.decode()
    assert "More moving parts" in detail
    assert client.get(reverse("content:concept_detail", args=["nope"])).status_code == 404


def test_framework_page_lists_phases_and_minutes(client, small_content):
    body = client.get(reverse("content:framework_detail", args=["mini"])).content.decode()
    assert "Deep dive" in body
    assert "15 min" in body
    assert "20 minutes in all" in body


def test_nfr_checklists_page(client, small_content):
    body = client.get(reverse("content:nfr_list")).content.decode()
    assert "No single instance on the request path." in body


def test_signup_logs_the_user_in(client, django_user_model):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "password1": "a-long-pass-9876", "password2": "a-long-pass-9876"},
    )
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="newbie").exists()
    assert "newbie" in client.get(reverse("home")).content.decode()


def test_login_and_logout(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": "ada", "password": "pw-ada-123456"}
    )
    assert response.status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "Log in" in client.get(reverse("home")).content.decode()


def test_pages_use_local_static_assets_only(client, small_content):
    body = client.get(reverse("home")).content.decode()
    assert "htmx" in body
    assert "https://" not in body
    assert "http://" not in body.replace('xmlns="http://', "")


def test_library_index_leads_to_every_part_of_the_library(client, core_content):
    response = client.get("/library/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("content:question_list", "content:concept_list", "content:nfr_list"):
        assert f'href="{reverse(name)}"' in page
    from content.models import Concept, InterviewFramework, NFRCategory, Question

    published = Question.objects.published().count()
    assert f"{published} questions to practise" in page
    for framework in InterviewFramework.objects.all():
        assert f'href="{framework.get_absolute_url()}"' in page
    for category in NFRCategory.objects.all():
        assert f'href="{reverse("content:nfr_list")}#{category.slug}"' in page
    first = Concept.objects.first()
    assert f'href="{first.get_absolute_url()}"' in page
    assert f"{Concept.objects.count()} knowledge cards" in page


def test_library_index_counts_published_questions_only(client):
    QuestionFactory(title="Shown", difficulty="hard")
    QuestionFactory(title="Draft", published=False, difficulty="easy")
    page = client.get(reverse("content:library")).content.decode()
    assert "1 question to practise: 1 hard." in page
    assert "No framework loaded." in page
