"""Receivers of the registry's domain events (`agreements.signals`), connected in
`NotificationsConfig.ready`: the registry says what happened, this app tells the people."""

from __future__ import annotations

from django.dispatch import receiver

from kerjasama.agreements.signals import proposal_registered
from kerjasama.notifications import services


@receiver(proposal_registered, dispatch_uid="notifications.proposal_registered")
def _proposal_registered(sender, *, cooperation, actor, **kwargs) -> None:
    services.proposal_notify(cooperation=cooperation, actor=actor)
