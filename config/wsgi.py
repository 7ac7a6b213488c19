import os

from django.core.wsgi import get_wsgi_application

# Servers get production settings unless told otherwise; they refuse to start without
# their secret and services. `make run` and the tests name the settings they want.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
