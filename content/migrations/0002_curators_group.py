"""Create the Curators group with exactly the permissions to edit content."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "content": ["interviewframework", "phase", "question", "questionnfrfocus", "hint", "followup", "curveball",
                "concept", "tag", "nfrcategory", "checklistitem"],
    "scoring": ["rubric", "rubriccriterion"],
}


def create_curators(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_label in CONTENT_MODELS:
        create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    perms = Permission.objects.filter(
        content_type__app_label__in=list(CONTENT_MODELS),
        content_type__model__in=[m for models in CONTENT_MODELS.values() for m in models],
        codename__regex=r"^(add|change|delete|view)_",
    )
    group.permissions.set(perms)


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("scoring", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_curators, remove_curators)]
