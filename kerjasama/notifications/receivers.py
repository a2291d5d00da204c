"""Receivers of the registry's domain events (`agreements.signals`), connected in
`NotificationsConfig.ready`: the registry says what happened, this app tells the people."""

from __future__ import annotations

from django.dispatch import receiver

from kerjasama.agreements.signals import (
    cooperation_taken_over,
    party_change,
    proposal_registered,
)
from kerjasama.notifications import services


@receiver(proposal_registered, dispatch_uid="notifications.proposal_registered")
def _proposal_registered(sender, *, cooperation, actor, **kwargs) -> None:
    services.proposal_notify(cooperation=cooperation, actor=actor)


@receiver(party_change, dispatch_uid="notifications.party_change")
def _party_change(sender, *, request, event: str, **kwargs) -> None:
    # A region asked to leave a cooperation, or its answer (issue 6/15).
    services._party_change_notify(sender, request=request, event=event)


@receiver(cooperation_taken_over, dispatch_uid="notifications.cooperation_taken_over")
def _cooperation_taken_over(sender, *, transition, **kwargs) -> None:
    # A kerja sama wajib was taken over (§6.6): every party region's secretariat is told.
    services._take_over_notify(transition)
