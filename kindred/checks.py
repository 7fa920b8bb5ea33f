"""System checks Kindred adds to Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def secret_key_is_not_the_default(app_configs: Any, **kwargs: Any) -> list[Error]:
    return secret_key_errors()


@register()
def production_refuses_default_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEBUG:
        return []
    return secret_key_errors()


def secret_key_errors() -> list[Error]:
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        return [
            Error(
                "Kindred is running in production with the public default secret key.",
                hint="Set KINDRED_SECRET_KEY to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))').",
                id="kindred.E001",
            )
        ]
    return []
