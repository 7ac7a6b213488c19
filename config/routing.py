"""Websocket routes of every app, gathered in one place."""

from django.urls import path, re_path

from interviews.live.consumers import SessionConsumer
from interviews.live.no_route import NoSuchSessionConsumer

websocket_urlpatterns: list = [
    path("ws/sessions/<uuid:session_id>/", SessionConsumer.as_asgi()),
    # Any other path (a malformed session id, a typo) closes 4404, never an HTTP 500.
    re_path(r"", NoSuchSessionConsumer.as_asgi()),
]
