from django.urls import path

from kindred.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.events, name="events"),
    path("people/<uuid:person_uuid>/access/", views.record_access, name="record_access"),
]
