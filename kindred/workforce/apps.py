from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "kindred.workforce"
    label = "workforce"
    verbose_name = "Workloads"
