from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from kerjasama.core.text import on_pre_save


class CoreConfig(AppConfig):
    name = "kerjasama.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Inside `ready`: imported for its effect, registering the deploy checks once apps load.
        from kerjasama.core import checks  # noqa: F401

        # Every text of every model is neutralised and bounded before it is stored (core.text).
        pre_save.connect(on_pre_save, dispatch_uid="kerjasama.core.text")
