from django.urls import path

from kindred.organisation import views

app_name = "organisation"
urlpatterns = [
    path("organisation/", views.overview, name="overview"),
]
