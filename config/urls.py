from django.contrib import admin
from django.urls import include, path

from config import health
from content import views as content_views

urlpatterns = [
    path("", content_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("accounts.urls")),
    path("library/", include("content.urls")),
    path("sessions/", include("interviews.urls")),
    path("", include("scoring.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(("config.api.urls", "api"))),
]
