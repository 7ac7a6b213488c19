"""The Celery app; tasks are discovered in each Django app's tasks.py."""

import os

from celery import Celery

# Workers get production settings unless told otherwise; they refuse to start without
# their secret and services. `make worker` and the tests name the settings they want.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("designroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
