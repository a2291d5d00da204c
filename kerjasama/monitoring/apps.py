from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kerjasama.reference.loading import register_loader


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation (monev, KERJASAMA_DAERAH.md §12): the library of common
    indicators and the computation of an indicator's achievement (`achievement`). Indicators
    bound to a PKS, realisations and evaluations come in the next increment of issue 10."""

    name = "kerjasama.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        # `load_reference` (in `reference`, below this app) loads the indicator library too.
        from kerjasama.monitoring.library import indicators_load

        register_loader("indicators", indicators_load)
