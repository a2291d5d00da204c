from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kerjasama.reference.loading import register_loader


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation (monev, KERJASAMA_DAERAH.md §12): the library of common
    indicators, the computation of an indicator's achievement (`achievement`), indicators bound
    to a PKS with their targets, realisations, verification and reconciliation, and their
    reporting windows as deadlines (`deadlines.IndicatorDeadlines`)."""

    name = "kerjasama.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        # `load_reference` (in `reference`, below this app) loads the indicator library too.
        from kerjasama.monitoring.library import indicators_load

        register_loader("indicators", indicators_load)

        from kerjasama.deadlines.registry import register as deadlines_register
        from kerjasama.monitoring.deadlines import IndicatorDeadlines

        deadlines_register(IndicatorDeadlines())

        # "Evaluations to discuss" on a TKKSD meeting's agenda (issue 9 item 2).
        from kerjasama.meetings.proposals import register as proposals_register
        from kerjasama.monitoring.evaluation import EvaluationProposals

        proposals_register(EvaluationProposals())
