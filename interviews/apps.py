from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from config.logging_filters import channel_layer_drops_surface

        # Live sessions depend on every broadcast arriving; a drop must reach the logs at
        # WARNING whatever LOGGING says (settings only lift channels_redis to INFO).
        channel_layer_drops_surface()
