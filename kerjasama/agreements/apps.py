from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kerjasama.agreements"
    label = "agreements"
    verbose_name = _("Cooperation registry")

    def ready(self) -> None:
        # Inside `ready`: these modules import models, which do not exist before the apps load.
        from kerjasama.agreements.access import partner_changed_receiver as options_receiver
        from kerjasama.agreements.deadlines import CooperationDeadlines
        from kerjasama.agreements.partner_page import cooperations_section
        from kerjasama.agreements.search import partner_changed_receiver
        from kerjasama.deadlines.registry import register as deadlines_register
        from kerjasama.partners.sections import partner_section_register
        from kerjasama.partners.signals import partner_changed

        # The cooperations with a partner, on the partner's page (`partners` imports no app
        # above it).
        partner_section_register(cooperations_section)

        # The deadlines of a cooperation and its PKS (`deadlines` imports no app above it).
        deadlines_register(CooperationDeadlines())

        # A renamed partner: the search documents of its cases (issue 8), in the same transaction.
        partner_changed.connect(partner_changed_receiver, dispatch_uid="agreements.search")
        # … and the registry's cached partner options of every region (after the commit).
        partner_changed.connect(options_receiver, dispatch_uid="agreements.access")
