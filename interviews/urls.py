from django.urls import path

from . import views

app_name = "interviews"
urlpatterns = [
    path("invite/<str:token>/", views.invite_detail, name="invite_detail"),
    path("invite/<str:token>/accept/", views.invite_accept, name="invite_accept"),
]

# The pages of a session (interviews/pages.py): dashboard, new session, lobby, room, replay.
from . import pages  # noqa: E402

urlpatterns += [
    path("", pages.dashboard, name="dashboard"),
    path("new/", pages.session_new, name="session_new"),
    path("next/", pages.session_next, name="session_next"),
    path("import/", pages.board_import, name="board_import"),
    path("<uuid:session_id>/", pages.session_detail, name="session_detail"),
    path("<uuid:session_id>/lobby/", pages.lobby, name="lobby"),
    path("<uuid:session_id>/invites/<str:role>/", pages.invite_new, name="invite_new"),
    path("<uuid:session_id>/start/", pages.start, name="start"),
    path("<uuid:session_id>/cancel/", pages.session_cancel, name="session_cancel"),
    path("<uuid:session_id>/room/", pages.room, name="room"),
    path("<uuid:session_id>/coach/", pages.coach, name="coach"),
    path("<uuid:session_id>/summary/", pages.summary, name="summary"),
    path("<uuid:session_id>/replay/", pages.replay, name="replay"),
    path("<uuid:session_id>/replay/events/", pages.replay_events, name="replay_events"),
]
