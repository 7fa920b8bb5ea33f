from django.urls import path

from kindred.timescales import views

app_name = "timescales"
urlpatterns = [
    path("timescales/", views.catalogue, name="catalogue"),
    path("timescales/<slug:rule_key>/", views.local_value, name="local_value"),
]
