"""Admin smoke: every content model's pages render; publish action; candidate preview."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content.models import Question
from tests.content.packs import write_pack

pytestmark = pytest.mark.django_db

MODELS = [
    ("content", "interviewframework"),
    ("content", "question"),
    ("content", "concept"),
    ("content", "nfrcategory"),
    ("content", "tag"),
    ("content", "rubric"),
]


@pytest.fixture
def loaded(tmp_path):
    from django.core.management import call_command

    call_command("loadcontent", str(write_pack(tmp_path / "pack")), verbosity=0)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_add_and_change_pages_render(admin_client, loaded, app, model):
    assert (
        admin_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "a"}).status_code == 200
    )
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    from django.apps import apps

    obj = apps.get_model(app, model).objects.first()
    assert (
        admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200
    )


def test_publish_action(admin_client, loaded):
    q = Question.objects.get()
    q.published = False
    q.save()
    admin_client.post(
        reverse("admin:content_question_changelist"),
        {"action": "publish", "_selected_action": [q.pk]},
    )
    q.refresh_from_db()
    assert q.published


def test_preview_shows_the_candidate_view(admin_client, loaded):
    q = Question.objects.get()
    body = admin_client.get(reverse("admin:content_question_preview", args=[q.pk])).content.decode()
    assert "Users shorten links" in body
    assert "SECRET-OUTLINE" not in body


def test_curators_group_can_edit_content_only(django_user_model, client, loaded):
    curator = django_user_model.objects.create_user("cur", password="pw-cur-123456", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    assert client.get(reverse("admin:content_question_changelist")).status_code == 200
    assert client.get(reverse("admin:content_rubric_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator.has_perm("content.change_question")
    assert curator.has_perm("content.change_rubric")
    assert curator.has_perm("content.change_rubriccriterion")
    assert not curator.has_perm("auth.change_user")
