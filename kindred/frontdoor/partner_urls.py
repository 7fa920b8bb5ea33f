from django.urls import path

from kindred.frontdoor import partner_views

app_name = "referrals"

urlpatterns = [
    path("referrals/", partner_views.referral_list, name="list"),
    path("referrals/new/", partner_views.referral_new, name="new"),
    path("referrals/<uuid:referral_uuid>/", partner_views.referral_detail, name="detail"),
]
