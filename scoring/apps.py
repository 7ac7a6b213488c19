from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"

    def ready(self) -> None:
        from interviews.hooks import session_ended_hook_register

        from .services import feedback_request

        # Every ended session gets its feedback report; interviews only knows the hook.
        session_ended_hook_register(feedback_request)
