from django.apps import AppConfig


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"

    def ready(self) -> None:
        from interviews.hooks import session_abandoned_hook_register

        from .services.matches import match_session_abandoned

        # A matched session cancelled from the dashboard cancels its match, and the partner
        # hears of it; interviews only knows the hook.
        session_abandoned_hook_register(match_session_abandoned)
