from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("", views.library, name="library"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/<slug:slug>/", views.question_detail, name="question_detail"),
    path("concepts/", views.concept_list, name="concept_list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept_detail"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("nfrs/", views.nfr_list, name="nfr_list"),
]
