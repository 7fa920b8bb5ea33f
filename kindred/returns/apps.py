from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "kindred.returns"
    label = "returns"
    verbose_name = "Statutory returns"
