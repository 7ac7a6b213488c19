from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from content.permissions import material_reader_rule_register

        from .live import live_install
        from .selectors.sessions import (
            framework_ids_interviewed_by,
            question_ids_interviewed_by,
            rubric_ids_interviewed_by,
        )
        from .services.live_access import live_access_receivers_connect

        live_install()
        live_access_receivers_connect()
        # The interviewer of a session with a real candidate reads that session's
        # interviewer-only content (outline, guidance, anchors) on every path.
        material_reader_rule_register("question", question_ids_interviewed_by)
        material_reader_rule_register("framework", framework_ids_interviewed_by)
        material_reader_rule_register("rubric", rubric_ids_interviewed_by)
