from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "kindred.frontdoor"
    label = "frontdoor"
