"""The OpenAPI schema is valid and complete; the docs UI is served from local assets."""

import pytest
import yaml
from django.core.management import call_command


def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert "/api/v1/questions/{slug}/" in schema["paths"]
    assert "apiToken" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_docs_ui_uses_local_assets(client, user):
    client.force_login(user)
    body = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in body
    assert "cdn." not in body
    assert "unpkg" not in body
