from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kerjasama.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from kerjasama.core import checks  # noqa: F401  (registers the deploy checks)
        from kerjasama.core.text import on_pre_save

        # Every text of every model is neutralised and bounded before it is stored (core.text).
        pre_save.connect(on_pre_save, dispatch_uid="kerjasama.core.text")
