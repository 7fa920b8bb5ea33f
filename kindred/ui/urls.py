from django.urls import path

from kindred.ui import views

app_name = "ui"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("health/", views.health, name="health"),
]
