from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kerjasama.agreements"
    label = "agreements"
    verbose_name = _("Cooperation registry")

    def ready(self) -> None:
        # Inside `ready`: these modules import models, which do not exist before the apps load.
        from django.db.models.signals import post_delete, post_save

        from kerjasama.agreements.access import deadline_written_receiver
        from kerjasama.agreements.access import partner_changed_receiver as options_receiver
        from kerjasama.agreements.deadlines import CooperationDeadlines
        from kerjasama.agreements.partner_page import cooperations_section
        from kerjasama.agreements.search import partner_changed_receiver
        from kerjasama.deadlines.models import Deadline
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
        # … and the registry's cached partner options of every region (their version).
        partner_changed.connect(options_receiver, dispatch_uid="agreements.access")

        # The deadline dates on the access rows the dashboard counts from (issue 8).
        for signal in (post_save, post_delete):
            signal.connect(
                deadline_written_receiver, sender=Deadline, dispatch_uid="agreements.access"
            )
