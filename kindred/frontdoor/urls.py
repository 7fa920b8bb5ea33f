from django.urls import path

from kindred.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("front-door/late/", views.late, name="late"),
    path("front-door/contacts/new/", views.contact_new, name="contact_new"),
    path("front-door/contacts/new/candidates/", views.child_candidates, name="candidates"),
    path("front-door/contacts/<uuid:contact_uuid>/", views.contact_detail, name="contact"),
    path("front-door/contacts/<uuid:contact_uuid>/take/", views.contact_take, name="take"),
    path("front-door/contacts/<uuid:contact_uuid>/urgency/", views.contact_urgency, name="urgency"),
    path(
        "front-door/contacts/<uuid:contact_uuid>/children/<uuid:child_uuid>/",
        views.child_find,
        name="child_find",
    ),
    path("front-door/contacts/<uuid:contact_uuid>/checks/new/", views.mash_new, name="mash_new"),
    path(
        "front-door/contacts/<uuid:contact_uuid>/checks/<uuid:enquiry_uuid>/answer/",
        views.mash_answer,
        name="mash_answer",
    ),
    path("front-door/contacts/<uuid:contact_uuid>/decision/", views.contact_decide, name="decide"),
    path(
        "front-door/contacts/<uuid:contact_uuid>/decision/sign-off/", views.contact_sign_off, name="sign_off"
    ),
]
