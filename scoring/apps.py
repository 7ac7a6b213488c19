from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"

    def ready(self) -> None:
        from interviews.hooks import session_changed_hook_register, session_ended_hook_register

        from .services import feedback_request
        from .services.insight import insight_request

        # Every ended session gets its feedback report; interviews only knows the hook.
        session_ended_hook_register(feedback_request)
        # A running session is analysed again after it changes (debounced, off the op path).
        session_changed_hook_register(insight_request)
