"""Rubrics now live in content (content 0003): scorecards point there, scoring forgets them.

State only: the foreign keys keep their columns and constraints on the same tables.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("scoring", "0002_scorecards_and_reports"),
        ("content", "0003_rubrics_from_scoring"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="scorecard",
                    name="rubric",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="scorecards", to="content.rubric"),
                ),
                migrations.AlterField(
                    model_name="criterionscore",
                    name="criterion",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="content.rubriccriterion"),
                ),
                migrations.DeleteModel(name="RubricCriterion"),
                migrations.DeleteModel(name="Rubric"),
            ],
        ),
    ]
