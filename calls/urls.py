from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path(
        "sessions/<uuid:session_id>/recordings/<int:recording_id>/segments/<int:segment_id>.webm",
        views.segment_audio,
        name="segment-audio",
    ),
]
