from django.urls import path

from . import analytics_views, calibration_views, drill_views, views

app_name = "scoring"
urlpatterns = [
    path("sessions/<uuid:session_id>/report/", views.report, name="report"),
    path("sessions/<uuid:session_id>/report/status/", views.report_status, name="report_status"),
    path("sessions/<uuid:session_id>/report.json", views.report_json, name="report_json"),
    path(
        "sessions/<uuid:session_id>/scorecard/interviewer/quick.json",
        views.quick_score,
        name="quick_score",
    ),
    path(
        "sessions/<uuid:session_id>/report/regenerate/",
        views.report_regenerate,
        name="report_regenerate",
    ),
    path(
        "sessions/<uuid:session_id>/scorecard/<str:kind>/", views.scorecard_edit, name="scorecard"
    ),
    path(
        "sessions/<uuid:session_id>/scorecard/<str:kind>/criteria/<int:criterion_id>/",
        views.scorecard_criterion_save,
        name="scorecard_criterion",
    ),
    path(
        "sessions/<uuid:session_id>/scorecard/<str:kind>/overall/",
        views.scorecard_overall_save,
        name="scorecard_overall",
    ),
    path(
        "sessions/<uuid:session_id>/scorecard/<str:kind>/release/",
        views.scorecard_release,
        name="scorecard_release",
    ),
    path(
        "sessions/<uuid:session_id>/scorecard/<str:kind>/submit/",
        views.scorecard_submit,
        name="scorecard_submit",
    ),
    path("sessions/<uuid:session_id>/agreement/", calibration_views.agreement, name="agreement"),
    path(
        "sessions/<uuid:session_id>/scorecard/shadow/<int:scorecard_id>/count/",
        calibration_views.shadow_count,
        name="shadow_count",
    ),
    path("me/progress/", views.progress, name="progress"),
    path("curation/analytics/", analytics_views.analytics, name="analytics"),
    path("drills/", drill_views.drill_list, name="drills"),
    path("drills/<slug:slug>/start/", drill_views.drill_start, name="drill_start"),
    path("drills/attempts/<int:attempt_id>/", drill_views.drill_detail, name="drill"),
    path("drills/attempts/<int:attempt_id>/submit/", drill_views.drill_submit, name="drill_submit"),
]
