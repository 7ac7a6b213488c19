"""Rubrics move from scoring to content: the models change apps, the tables and rows stay.

Only Django's picture of the models moves (SeparateDatabaseAndState with no database
operations; the tables keep their scoring_* names, see ``Rubric.Meta``). scoring's 0003
then points scorecards at these models and forgets its own. The content types are moved
too, so the permissions that hang off them (the Curators group's, any user's) and the
admin history keep their rows and now read ``content.*_rubric``.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["rubric", "rubriccriterion"]


def _merge_content_type(apps, db, *, keep, drop):
    """Fold ``drop`` into ``keep``: grants on its permissions and every row pointing at it.

    Only needed when the new code touched a rubric before this migration ran (which creates
    ``content.rubric`` on the fly); nothing may be lost either way.
    """
    Permission = apps.get_model("auth", "Permission")
    for perm in Permission.objects.using(db).filter(content_type=drop):
        twin = Permission.objects.using(db).filter(content_type=keep, codename=perm.codename).first()
        if twin is None:
            perm.content_type = keep
            perm.save(update_fields=["content_type"])
            continue
        twin.group_set.add(*perm.group_set.all())
        twin.user_set.add(*perm.user_set.all())
        perm.delete()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model is Permission:
            continue
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.many_to_one and target._meta.label_lower == "contenttypes.contenttype":
                model._base_manager.using(db).filter(**{field.attname: drop.pk}).update(
                    **{field.attname: keep.pk}
                )
    drop.delete()


def _move_content_types(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.using(db).filter(app_label=target, model=model).first()
        if new is not None:
            _merge_content_type(apps, db, keep=old, drop=new)
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_to_content(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="scoring", target="content")


def content_types_to_scoring(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="content", target="scoring")


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0002_curators_group"),
        # The tables this state adopts were created there.
        ("scoring", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Rubric",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                        ("level", models.CharField(choices=[("mid", "Mid-level"), ("senior", "Senior"), ("staff", "Staff")], max_length=10)),
                        ("title", models.CharField(max_length=160)),
                        ("description", models.TextField(blank=True)),
                        ("framework", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rubrics", to="content.interviewframework")),
                    ],
                    options={
                        "db_table": "scoring_rubric",
                        "ordering": ["framework", "level"],
                        "constraints": [
                            models.UniqueConstraint(fields=("framework", "level"), name="one_rubric_per_level"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RubricCriterion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(max_length=80)),
                        ("order", models.PositiveSmallIntegerField()),
                        ("title", models.CharField(max_length=160)),
                        ("assesses", models.TextField(help_text="What is assessed.")),
                        ("weight", models.PositiveSmallIntegerField(default=1)),
                        ("anchor_1", models.TextField(help_text="1 = well below the level")),
                        ("anchor_2", models.TextField(help_text="2 = below the level")),
                        ("anchor_3", models.TextField(help_text="3 = at the level")),
                        ("anchor_4", models.TextField(help_text="4 = clearly above the level")),
                        ("phase", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="criteria", to="content.phase")),
                        ("rubric", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="criteria", to="content.rubric")),
                    ],
                    options={
                        "db_table": "scoring_rubriccriterion",
                        "ordering": ["rubric", "order"],
                        "constraints": [
                            models.UniqueConstraint(fields=("rubric", "slug"), name="unique_criterion_slug"),
                            models.UniqueConstraint(fields=("rubric", "order"), name="unique_criterion_order"),
                            models.CheckConstraint(condition=models.Q(("weight__gte", 1), ("weight__lte", 5)), name="criterion_weight_range"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_content, content_types_to_scoring),
    ]
