"""Websocket routes of every app, gathered in one place."""

from django.urls import path

from interviews.live.consumers import SessionConsumer

websocket_urlpatterns: list = [
    path("ws/sessions/<uuid:session_id>/", SessionConsumer.as_asgi()),
]
