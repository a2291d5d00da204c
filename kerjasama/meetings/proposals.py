"""Sources of agenda proposals kept by apps above `meetings` (issue 9 item 2; issue 10).

`meetings` may not import the apps built on it (`scripts/import_graph.py`, APP_ORDER), yet a
TKKSD agenda should propose what they hold — e.g. monitoring's evaluations to discuss. Such an
app registers a source here from its `AppConfig.ready`; `selectors.agenda_proposals` appends the
proposals of every registered source to its own. A proposal may carry `on_take`, which
`services.agenda_proposal_take` calls with the new agenda item inside its transaction (so the
source can record that it is on an agenda and stop proposing it).
"""

from __future__ import annotations

from typing import Any, Protocol


class ProposalSource(Protocol):
    def proposals(self, meeting: Any, taken: list[Any]) -> list[Any]:
        """What this source proposes for `meeting`'s agenda (`taken`: its items so far): a
        list of `meetings.selectors.Proposal` (typed loosely: this module is imported by the
        selectors, and imports nothing back)."""
        ...


_SOURCES: dict[str, ProposalSource] = {}


def register(source: ProposalSource) -> None:
    """Register a source (once per class: registering again replaces it)."""
    _SOURCES[type(source).__qualname__] = source


def registered() -> list[ProposalSource]:
    return list(_SOURCES.values())
