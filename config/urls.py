from django.contrib import admin
from django.urls import include, path
from django.views import defaults

from api.errors import api_bad_request
from config import health
from content import views as content_views

urlpatterns = [
    path("", content_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("accounts.urls")),
    path("library/", include("content.urls")),
    path("sessions/", include("interviews.urls")),
    path("", include("calls.urls")),
    path("practice/", include("practice.urls")),
    path("", include("scoring.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(("config.api.urls", "api"))),
]


def bad_request(request, exception=None):
    """Django's own 400s (a body over the size limit, a bad Host): the API's JSON error shape
    under /api/, the HTML page everywhere else."""
    if request.path.startswith("/api/"):
        return api_bad_request(request, exception)
    return defaults.bad_request(request, exception)


handler400 = bad_request
