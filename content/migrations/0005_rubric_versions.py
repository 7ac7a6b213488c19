"""Rubric criteria move onto versions: every rubric gets version 1 holding its criteria."""

import django.db.models.deletion
from django.db import migrations, models


def criteria_to_version_1(apps, schema_editor):
    Rubric = apps.get_model("content", "Rubric")
    RubricVersion = apps.get_model("content", "RubricVersion")
    RubricCriterion = apps.get_model("content", "RubricCriterion")
    for rubric in Rubric.objects.all():
        version = RubricVersion.objects.create(
            rubric=rubric, number=1, title=rubric.title, description=rubric.description
        )
        RubricCriterion.objects.filter(rubric=rubric).update(version=version)
        Rubric.objects.filter(pk=rubric.pk).update(current_version=version)


def criteria_back_to_rubrics(apps, schema_editor):
    """Backwards: only the current version's criteria can go back (older ones are dropped)."""
    Rubric = apps.get_model("content", "Rubric")
    RubricCriterion = apps.get_model("content", "RubricCriterion")
    for rubric in Rubric.objects.all():
        RubricCriterion.objects.filter(version__rubric=rubric).exclude(
            version_id=rubric.current_version_id
        ).delete()
        RubricCriterion.objects.filter(version_id=rubric.current_version_id).update(rubric=rubric)


def curators_read_versions(apps, schema_editor):
    """Curators see a rubric's versions in the admin (and correct an unused one)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("content"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Curators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="content",
                codename__in=["view_rubricversion", "change_rubricversion"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_tracks_variants_strong_answer"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="RubricVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=160)),
                ("description", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "rubric",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="content.rubric",
                    ),
                ),
            ],
            options={
                "ordering": ["rubric", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("rubric", "number"), name="unique_rubric_version"),
                    models.CheckConstraint(condition=models.Q(("number__gte", 1)), name="rubric_version_from_1"),
                ],
            },
        ),
        migrations.AddField(
            model_name="rubric",
            name="current_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="content.rubricversion",
            ),
        ),
        migrations.AddField(
            model_name="rubriccriterion",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="content.rubricversion",
            ),
        ),
        migrations.AlterField(
            model_name="rubriccriterion",
            name="rubric",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="content.rubric",
            ),
        ),
        migrations.RunPython(criteria_to_version_1, criteria_back_to_rubrics),
        migrations.RemoveConstraint(model_name="rubriccriterion", name="unique_criterion_slug"),
        migrations.RemoveConstraint(model_name="rubriccriterion", name="unique_criterion_order"),
        migrations.AlterModelOptions(name="rubriccriterion", options={"ordering": ["version", "order"]}),
        migrations.RemoveField(model_name="rubriccriterion", name="rubric"),
        migrations.AlterField(
            model_name="rubriccriterion",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="content.rubricversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="rubriccriterion",
            constraint=models.UniqueConstraint(fields=("version", "slug"), name="unique_criterion_slug"),
        ),
        migrations.AddConstraint(
            model_name="rubriccriterion",
            constraint=models.UniqueConstraint(fields=("version", "order"), name="unique_criterion_order"),
        ),
        migrations.RunPython(curators_read_versions, migrations.RunPython.noop),
    ]
