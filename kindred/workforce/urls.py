from django.urls import path

from kindred.workforce import views

app_name = "workforce"
urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("team/", views.team_board, name="team_board"),
]
