from django.urls import path

from kindred.people import search_views, views

app_name = "people"
urlpatterns = [
    path("people/", search_views.search, name="search"),
    path("people/new/", views.person_create, name="create"),
    path("people/<uuid:person_uuid>/", views.person_detail, name="detail"),
    path("people/<uuid:person_uuid>/edit/", views.person_edit, name="edit"),
]
