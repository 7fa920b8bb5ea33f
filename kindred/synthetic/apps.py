from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "kindred.synthetic"
    label = "synthetic"
