from django.urls import path

from kindred.people import merge_views, search_views, views

app_name = "people"
urlpatterns = [
    path("people/", search_views.search, name="search"),
    path("people/new/", views.person_create, name="create"),
    path("people/<uuid:person_uuid>/", views.person_detail, name="detail"),
    path("people/<uuid:person_uuid>/edit/", views.person_edit, name="edit"),
    path("people/<uuid:person_uuid>/merge/", merge_views.merge, name="merge"),
    path("people/<uuid:person_uuid>/unmerge/", merge_views.unmerge, name="unmerge"),
    path("people/<uuid:person_uuid>/names/add/", views.name_add, name="name_add"),
    path("people/<uuid:person_uuid>/identifiers/add/", views.identifier_add, name="identifier_add"),
    path(
        "people/<uuid:person_uuid>/contact-details/add/", views.contact_detail_add, name="contact_detail_add"
    ),
    path("people/<uuid:person_uuid>/addresses/add/", views.address_add, name="address_add"),
    path("people/<uuid:person_uuid>/disabilities/add/", views.disability_add, name="disability_add"),
    path("people/<uuid:person_uuid>/warnings/add/", views.warning_add, name="warning_add"),
    path("people/<uuid:person_uuid>/warnings/end/", views.warning_end, name="warning_end"),
    path("people/<uuid:person_uuid>/network/add/", views.relationship_add, name="relationship_add"),
    path(
        "people/<uuid:person_uuid>/network/add/new/", views.relationship_add_new, name="relationship_add_new"
    ),
    path(
        "people/<uuid:person_uuid>/network/<uuid:relationship_uuid>/change/",
        views.relationship_change,
        name="relationship_change",
    ),
    path(
        "people/<uuid:person_uuid>/network/<uuid:relationship_uuid>/end/",
        views.relationship_end,
        name="relationship_end",
    ),
]
