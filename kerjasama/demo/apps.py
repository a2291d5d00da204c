from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and the `demo` / `load_demo` commands. Owns no models."""

    name = "kerjasama.demo"
    label = "demo"
    verbose_name = _("Demo")
