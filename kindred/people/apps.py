from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kindred.people"
    label = "people"
