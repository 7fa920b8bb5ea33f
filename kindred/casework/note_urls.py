from django.urls import path

from kindred.casework import chronology_views, note_views

app_name = "casework_notes"

urlpatterns = [
    path("people/<uuid:person_uuid>/notes/", note_views.note_list, name="list"),
    path("people/<uuid:person_uuid>/notes/new/", note_views.note_new, name="new"),
    path("people/<uuid:person_uuid>/notes/new/autosave/", note_views.autosave_new, name="autosave_new"),
    path("notes/<uuid:note_uuid>/", note_views.note_detail, name="detail"),
    path("notes/<uuid:note_uuid>/edit/", note_views.note_edit, name="edit"),
    path("notes/<uuid:draft_uuid>/autosave/", note_views.autosave, name="autosave"),
    path("people/<uuid:person_uuid>/chronology/", chronology_views.chronology_page, name="chronology"),
    path("people/<uuid:person_uuid>/chronology.csv", chronology_views.chronology_csv, name="chronology_csv"),
]
