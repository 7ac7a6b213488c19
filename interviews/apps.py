from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from content.permissions import outline_reader_rule_register

        from .live import live_install
        from .selectors.sessions import question_ids_interviewed_by

        live_install()
        # A session's interviewer reads its question's outline through the content API.
        outline_reader_rule_register(question_ids_interviewed_by)
