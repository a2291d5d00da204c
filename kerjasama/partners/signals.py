"""Events about partners that apps above `partners` act on (`partners` imports none of them).

`partner_changed` is sent by `services.partner_update`, inside its transaction, with `partner`:
`agreements` connects a receiver in `AgreementsConfig.ready` that rewrites the search document
of every cooperation the partner is a party to (its name, NIB and NPWP are searched; issue 8).
"""

from __future__ import annotations

from django.dispatch import Signal

partner_changed = Signal()
