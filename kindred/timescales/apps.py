from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "kindred.timescales"
    label = "timescales"
