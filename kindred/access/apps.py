from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "kindred.access"
    label = "access"
