from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.practice_home, name="home"),
    path("offers/<uuid:offer_id>/withdraw/", views.offer_withdraw_view, name="offer_withdraw"),
    path("matches/<uuid:match_id>/", views.match_detail, name="match_detail"),
    path("matches/<uuid:match_id>/practice.ics", views.match_ics, name="match_ics"),
    path("matches/<uuid:match_id>/cancel/", views.match_cancel_view, name="match_cancel"),
    path("matches/<uuid:match_id>/move/", views.match_reschedule_view, name="match_reschedule"),
    path("matches/<uuid:match_id>/no-show/", views.no_show_view, name="no_show"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<int:user_id>/<str:token>.ics", views.feed, name="feed"),
    path("sessions/<uuid:session_id>/rate/", views.interviewer_rate, name="rate"),
    path("people/<str:username>/", views.profile, name="profile"),
    path("people/<str:username>/block/", views.person_block, name="block"),
    path("people/<str:username>/report/", views.person_report, name="report"),
]
