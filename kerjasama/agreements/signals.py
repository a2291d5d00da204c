"""Domain events of the registry that other apps may act on.

`notifications` imports `agreements`, never the reverse (docs/ARCHITECTURE.md): a service that
wants someone told sends a signal here and `notifications.receivers` does the telling. Signals
carry only decoupled extras (who is told); the service's own work never depends on a receiver.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `services.cooperation_create`, inside its transaction, when an OPD officer (not the
# secretariat) registers a proposal at the first stage of its pathway. Arguments:
# `cooperation`, `actor`. Receivers that send messages do so on commit.
proposal_registered = Signal()

# A request to withdraw a party region changed: sent with `request` (a PartyChangeRequest) and
# `event` ("requested", "accepted" or "refused") — issue 6/15.
party_change = Signal()

# A kerja sama wajib was taken over (§6.6): sent by the lifecycle's transition, inside its
# transaction, with `transition` (its data names the party that failed) and `cooperation`.
cooperation_taken_over = Signal()
