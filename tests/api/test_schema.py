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


NEW_PATHS = {
    "/api/v1/me/": ["get"],
    "/api/v1/me/progress/": ["get"],
    "/api/v1/sessions/": ["get", "post"],
    "/api/v1/sessions/{session_id}/": ["get"],
    "/api/v1/sessions/{session_id}/events/": ["get"],
    "/api/v1/sessions/{session_id}/export/": ["get"],
    "/api/v1/sessions/{session_id}/diagram/": ["get"],
    "/api/v1/sessions/{session_id}/diagram.svg": ["get"],
    "/api/v1/sessions/{session_id}/scorecards/interviewer/": ["get", "put", "patch"],
    "/api/v1/sessions/{session_id}/scorecards/interviewer/release/": ["post"],
    "/api/v1/sessions/{session_id}/scorecards/self/": ["get", "put", "patch"],
    "/api/v1/sessions/{session_id}/scorecards/self/submit/": ["post"],
    "/api/v1/sessions/{session_id}/report/": ["get"],
    "/api/v1/sessions/{session_id}/report/regenerate/": ["post"],
    "/api/v1/exports/scorecards.csv": ["get"],
    "/api/v1/exports/reports.csv": ["get"],
}


def test_session_and_scoring_endpoints_are_documented_with_their_errors(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    error = {"$ref": "#/components/schemas/Error"}
    for path, methods in NEW_PATHS.items():
        assert sorted(schema["paths"][path]) == sorted(methods), path
        for method in methods:
            responses = schema["paths"][path][method]["responses"]
            assert responses["401"]["content"]["application/json"]["schema"] == error
            if "{session_id}" in path:
                assert "404" in responses, f"{method} {path}"
    csv = schema["paths"]["/api/v1/exports/scorecards.csv"]["get"]["responses"]["200"]
    assert list(csv["content"]) == ["text/csv"]
    svg = schema["paths"]["/api/v1/sessions/{session_id}/diagram.svg"]["get"]["responses"]
    assert list(svg["200"]["content"]) == ["image/svg+xml"]


def test_every_operation_documents_the_error_shape(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    error = {"$ref": "#/components/schemas/Error"}
    operations = [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert any(path.startswith("/api/v1/concepts/") for _, path, _ in operations)
    for method, path, operation in operations:
        for status in ("401", "429"):
            content = operation["responses"][status]["content"]
            assert content["application/json"]["schema"] == error, f"{method} {path} {status}"
