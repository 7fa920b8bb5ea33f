from django.urls import path

from kindred.frontdoor import partner_views

app_name = "referrals"

urlpatterns: list = []
