from django.urls import path

from kindred.frontdoor import views

app_name = "frontdoor"

urlpatterns: list = []
