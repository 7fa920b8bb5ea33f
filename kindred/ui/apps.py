from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "kindred.ui"
    label = "ui"

    def ready(self) -> None:
        from kindred import checks  # noqa: F401  (registers Kindred's system checks)
        from kindred.access import middleware  # noqa: F401  (connects the login signal)
