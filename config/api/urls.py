"""Routes of the REST API under /api/v1/, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from content.apis import KIND_VIEWS, ContentPackExportApi, ContentPackImportApi

v1 = [
    path("content/packs/import/", ContentPackImportApi.as_view(), name="content-pack-import"),
    path("content/packs/export/", ContentPackExportApi.as_view(), name="content-pack-export"),
]
for _name, (_list, _detail) in KIND_VIEWS.items():
    v1 += [
        path(f"{_name}/", _list, name=f"{_name}-list"),
        path(f"{_name}/<slug:slug>/", _detail, name=f"{_name}-detail"),
    ]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
