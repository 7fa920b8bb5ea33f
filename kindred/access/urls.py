from django.urls import path

from kindred.access import views

app_name = "access"
urlpatterns = [
    path("break-glass/", views.break_glass, name="break_glass"),
    path("people/<uuid:person_uuid>/restriction/", views.restriction, name="restriction"),
    path("people/<uuid:person_uuid>/restriction/name/", views.name_on_record, name="name_on_record"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:alert_uuid>/read/", views.alert_read, name="alert_read"),
]
