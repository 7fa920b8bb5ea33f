"""The casework pages: a child's episode and each statutory step on it."""

from django.urls import path

from kindred.casework import views

app_name = "casework"

urlpatterns = [
    path("episodes/<uuid:episode_uuid>/", views.episode_detail, name="episode"),
    path("episodes/<uuid:episode_uuid>/allocate/", views.allocate, name="allocate"),
    path("episodes/<uuid:episode_uuid>/transfer/", views.transfer_request, name="transfer"),
    path("transfers/<uuid:transfer_uuid>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("transfers/<uuid:transfer_uuid>/decline/", views.transfer_decline, name="transfer_decline"),
    path("episodes/<uuid:episode_uuid>/assessment/start/", views.assessment_start, name="assessment_start"),
    path("assessments/<uuid:assessment_uuid>/", views.assessment_page, name="assessment"),
    path(
        "assessments/<uuid:assessment_uuid>/authorise/",
        views.assessment_authorise,
        name="assessment_authorise",
    ),
    path(
        "episodes/<uuid:episode_uuid>/strategy-discussion/",
        views.strategy_discussion,
        name="strategy_discussion",
    ),
    path("section-47/<uuid:section47_uuid>/outcome/", views.section47_outcome, name="section47_outcome"),
    path("section-47/<uuid:section47_uuid>/conference/", views.initial_conference, name="initial_conference"),
    path("cp-plans/<uuid:plan_uuid>/core-group/", views.core_group, name="core_group"),
    path("cp-plans/<uuid:plan_uuid>/review/", views.review_conference, name="review_conference"),
    path("cp-plans/<uuid:plan_uuid>/end/", views.cp_plan_end, name="cp_plan_end"),
    path("cp-plans/<uuid:plan_uuid>/update/", views.cp_plan_update, name="cp_plan_update"),
    path("cin-plans/<uuid:cin_plan_uuid>/update/", views.cin_plan_update, name="cin_plan_update"),
    path("episodes/<uuid:episode_uuid>/cin-plan/", views.cin_plan_start, name="cin_plan_start"),
    path("cin-plans/<uuid:cin_plan_uuid>/review/", views.cin_review, name="cin_review"),
    path("cin-plans/<uuid:cin_plan_uuid>/end/", views.cin_plan_end, name="cin_plan_end"),
    path("episodes/<uuid:episode_uuid>/visit/", views.visit, name="visit"),
    path("episodes/<uuid:episode_uuid>/close/", views.close, name="close"),
]
