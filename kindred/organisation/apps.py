from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "kindred.organisation"
    label = "organisation"
