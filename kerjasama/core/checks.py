from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register(deploy=True)
def secret_key_is_set(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """`check --deploy` fails when no SECRET_KEY was given (commands may run on a throwaway
    key; serving may not — see kerjasama/wsgi.py)."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [
            Error(
                "SECRET_KEY is not set.",
                hint="Set SECRET_KEY or SECRET_KEY_FILE in the environment.",
                id="kerjasama.E001",
            )
        ]
    return []
