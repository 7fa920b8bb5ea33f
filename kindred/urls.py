from django.urls import include, path

urlpatterns = [
    path("", include("kindred.ui.urls")),
    path("", include("kindred.people.urls")),
    path("", include("kindred.audit.urls")),
    path("", include("kindred.access.urls")),
    path("", include("kindred.organisation.urls")),
    path("", include("kindred.frontdoor.urls")),
    path("", include("kindred.frontdoor.partner_urls")),
    path("", include("kindred.casework.note_urls")),
    path("", include("kindred.casework.urls")),
    path("", include("kindred.workforce.urls")),
    path("", include("kindred.timescales.urls")),
    path("api/v1/", include("kindred.api.urls")),
]

handler403 = "kindred.ui.views.error_403"
handler404 = "kindred.ui.views.error_404"
handler500 = "kindred.ui.views.error_500"
