from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from content.permissions import material_reader_rule_register
        from content.services.rubric_versions import rubric_version_usage_register

        from .live import live_install
        from .selectors.sessions import (
            framework_ids_interviewed_by,
            question_ids_interviewed_by,
            rubric_ids_interviewed_by,
            rubric_ids_observed_by,
            rubric_version_ids_pinned,
        )
        from .services.live_access import live_access_receivers_connect

        live_install()
        live_access_receivers_connect()
        # The interviewer of a session with a real candidate reads that session's
        # interviewer-only content (outline, guidance, anchors) on every path.
        material_reader_rule_register("question", question_ids_interviewed_by)
        material_reader_rule_register("framework", framework_ids_interviewed_by)
        material_reader_rule_register("rubric", rubric_ids_interviewed_by)
        # An observer shadow-scores the session, so reads the anchors it is scored against.
        material_reader_rule_register("rubric", rubric_ids_observed_by)
        # A rubric version that a session pins is frozen: a change becomes a new version.
        rubric_version_usage_register(rubric_version_ids_pinned)
