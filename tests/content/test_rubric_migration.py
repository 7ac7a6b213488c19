"""Rubrics moved from scoring to content without losing a row, a key or a permission.

Each test migrates the test database back to the last migrations before the move, writes
rows the way that schema knew them (historical models: scoring's Rubric, a scorecard on
it), migrates forward and reads them back through today's models. Runs on SQLite and, with
DATABASE_URL set, on PostgreSQL.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.deletion import ProtectedError

from content.models import Rubric, RubricCriterion
from scoring.models import CriterionScore, Scorecard

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("content", "0002_curators_group"), ("scoring", "0002_scorecards_and_reports")]
RUBRIC_PERMS = [
    f"{action}_{model}"
    for model in ("rubric", "rubriccriterion")
    for action in ("add", "change", "delete", "view")
]


def _migrate(targets):
    """Migrate to ``targets``; the historical apps of everything then applied (admin too)."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _today():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_apps():
    """The models as they were before the move; the database ends at today's schema again."""
    apps = _migrate(BEFORE_THE_MOVE)
    # A flush by an earlier test may have removed the Curators group; grant it as the
    # migration that creates it does, against the old schema (rubrics under scoring).
    importlib.import_module("content.migrations.0002_curators_group").create_curators(apps, None)
    try:
        yield apps
    finally:
        _migrate(_today())


def _rows_before_the_move(apps) -> SimpleNamespace:
    get = apps.get_model
    user = get("auth", "User").objects.create(username="cur", is_staff=True)
    user.groups.add(get("auth", "Group").objects.get(name="Curators"))
    framework = get("content", "InterviewFramework").objects.create(slug="fw", name="FW")
    phase = get("content", "Phase").objects.create(
        framework=framework,
        slug="requirements",
        name="Requirements",
        order=1,
        planned_minutes=5,
        goal="g",
        candidate_guidance="c",
        interviewer_guidance="i",
    )
    question = get("content", "Question").objects.create(
        slug="q", title="Q", prompt="p", difficulty="easy", reference_outline="o"
    )
    rubric = get("scoring", "Rubric").objects.create(
        slug="fw-senior", framework=framework, level="senior", title="Senior rubric"
    )
    criterion = get("scoring", "RubricCriterion").objects.create(
        rubric=rubric,
        slug="scoping",
        order=1,
        phase=phase,
        title="Scoping",
        assesses="a",
        weight=2,
        anchor_1="1",
        anchor_2="2",
        anchor_3="3",
        anchor_4="4",
    )
    session = get("interviews", "InterviewSession").objects.create(
        question=question, framework=framework, level="senior", mode="peer", created_by=user
    )
    card = get("scoring", "Scorecard").objects.create(
        session=session, kind="interviewer", author=user, rubric=rubric, summary="kept"
    )
    score = get("scoring", "CriterionScore").objects.create(
        scorecard=card, criterion=criterion, score=3, comment="evidence"
    )
    old_type = get("contenttypes", "ContentType").objects.get(app_label="scoring", model="rubric")
    get("admin", "LogEntry").objects.create(
        user=user,
        content_type=old_type,
        object_id=str(rubric.pk),
        object_repr="Senior rubric",
        action_flag=CHANGE,
    )
    return SimpleNamespace(
        user_pk=user.pk,
        rubric_pk=rubric.pk,
        criterion_pk=criterion.pk,
        phase_pk=phase.pk,
        card_pk=card.pk,
        score_pk=score.pk,
        rubric_type_pk=old_type.pk,
    )


def _foreign_keys(table: str) -> set[tuple[str, tuple[str, str]]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {(c["columns"][0], c["foreign_key"]) for c in constraints.values() if c["foreign_key"]}


def test_rows_and_foreign_keys_survive_the_move(old_apps):
    before = _rows_before_the_move(old_apps)

    _migrate(_today())

    rubric = Rubric.objects.get(pk=before.rubric_pk)
    assert (rubric.slug, rubric.level, rubric.framework.slug) == ("fw-senior", "senior", "fw")
    criterion = RubricCriterion.objects.get(pk=before.criterion_pk)
    # The criteria moved onto version 1 of their rubric, which is the current version.
    assert (criterion.version.number, criterion.version_id) == (1, rubric.current_version_id)
    assert (criterion.version.rubric_id, criterion.phase_id, criterion.weight) == (
        before.rubric_pk,
        before.phase_pk,
        2,
    )
    card = Scorecard.objects.get(pk=before.card_pk)
    assert (card.rubric, card.summary) == (rubric, "kept")
    score = CriterionScore.objects.get(pk=before.score_pk)
    assert (score.criterion, score.score, score.comment) == (criterion, 3, "evidence")
    # The database constraints still join the same tables, and the ORM protects them.
    assert ("rubric_id", ("scoring_rubric", "id")) in _foreign_keys("scoring_scorecard")
    assert ("criterion_id", ("scoring_rubriccriterion", "id")) in _foreign_keys(
        "scoring_criterionscore"
    )
    assert ("version_id", ("content_rubricversion", "id")) in _foreign_keys(
        "scoring_rubriccriterion"
    )
    # The session scored before versions existed pins version 1.
    assert card.session.rubric_version_id == rubric.current_version_id
    with pytest.raises(ProtectedError):
        rubric.delete()


def test_curators_keep_their_rubric_permissions_under_content(old_apps):
    before = _rows_before_the_move(old_apps)

    _migrate(_today())

    curator = User.objects.get(pk=before.user_pk)
    assert all(curator.has_perm(f"content.{perm}") for perm in RUBRIC_PERMS)
    granted = Group.objects.get(name="Curators").permissions
    assert set(
        granted.filter(content_type__app_label="content").values_list("codename", flat=True)
    ) >= set(RUBRIC_PERMS)
    assert not ContentType.objects.filter(app_label="scoring", model__startswith="rubric").exists()
    # The content type row itself moved (same id), so the admin history still finds the rubric.
    assert ContentType.objects.get_for_model(Rubric).pk == before.rubric_type_pk
    assert LogEntry.objects.get().get_edited_object() == Rubric.objects.get(pk=before.rubric_pk)


def test_a_content_type_made_early_by_new_code_is_merged_not_duplicated(old_apps):
    """New code that touched rubrics before migrating (``get_for_model`` creates the row)."""
    before = _rows_before_the_move(old_apps)
    ContentType_ = old_apps.get_model("contenttypes", "ContentType")
    Permission_ = old_apps.get_model("auth", "Permission")
    early = ContentType_.objects.create(app_label="content", model="rubric")
    early_change = Permission_.objects.create(
        content_type=early, codename="change_rubric", name="Can change rubric"
    )
    early_only = Permission_.objects.create(
        content_type=early, codename="publish_rubric", name="Can publish rubric"
    )
    editor = old_apps.get_model("auth", "User").objects.create(username="early")
    editor.user_permissions.add(early_change, early_only)

    _migrate(_today())

    assert list(ContentType.objects.filter(model="rubric").values_list("pk", "app_label")) == [
        (before.rubric_type_pk, "content")
    ]
    editor = User.objects.get(username="early")
    assert editor.has_perm("content.change_rubric")
    assert editor.has_perm("content.publish_rubric")
    assert User.objects.get(pk=before.user_pk).has_perm("content.change_rubric")


def test_the_move_migrates_back(old_apps):
    before = _rows_before_the_move(old_apps)
    _migrate(_today())

    apps = _migrate(BEFORE_THE_MOVE)

    card = apps.get_model("scoring", "Scorecard").objects.get(pk=before.card_pk)
    assert card.rubric.slug == "fw-senior"
    old_type = apps.get_model("contenttypes", "ContentType").objects.get(pk=before.rubric_type_pk)
    assert old_type.app_label == "scoring"
    curators = apps.get_model("auth", "Group").objects.get(name="Curators")
    assert curators.permissions.filter(content_type=old_type, codename="change_rubric").exists()
