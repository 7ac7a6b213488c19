"""Sessions pin the rubric version that scores them; existing sessions pin version 1."""

import django.db.models.deletion
from django.db import migrations, models


def pin_version_1(apps, schema_editor):
    InterviewSession = apps.get_model("interviews", "InterviewSession")
    RubricVersion = apps.get_model("content", "RubricVersion")
    for session in InterviewSession.objects.select_related("framework").iterator():
        # A variant of a framework is scored with its base's rubrics.
        framework_id = session.framework.variant_of_id or session.framework_id
        version = RubricVersion.objects.filter(
            rubric__framework_id=framework_id, rubric__level=session.level, number=1
        ).first()
        if version is not None:
            InterviewSession.objects.filter(pk=session.pk).update(rubric_version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_rubric_versions"),
        ("interviews", "0003_call_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="interviewsession",
            name="rubric_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sessions",
                to="content.rubricversion",
            ),
        ),
        migrations.RunPython(pin_version_1, migrations.RunPython.noop),
    ]
