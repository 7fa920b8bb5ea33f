from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "kindred.casework"
    label = "casework"
