"""Domain events that other apps react to without `agreements` importing them.

`notifications` imports `agreements`, not the reverse (docs/ARCHITECTURE.md): a service sends
one of these inside its transaction and `notifications` (its `AppConfig.ready`) connects the
receiver that writes the in-app notifications.
"""

from __future__ import annotations

from django.dispatch import Signal

# A request to withdraw a party region changed: sent with `request` (a PartyChangeRequest) and
# `event` ("requested", "accepted" or "refused") — issue 6/15.
party_change = Signal()
