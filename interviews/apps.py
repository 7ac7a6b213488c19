from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from config.logging_filters import channel_layer_drops_surface
        from content.permissions import outline_reader_rule_register

        from .selectors.sessions import question_ids_interviewed_by

        # Live sessions depend on every broadcast arriving; a drop must reach the logs at
        # WARNING whatever LOGGING says (settings only lift channels_redis to INFO).
        channel_layer_drops_surface()
        # A session's interviewer reads its question's outline through the content API.
        outline_reader_rule_register(question_ids_interviewed_by)
