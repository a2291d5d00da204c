"""What a precondition of the pathway reads, as a type (issue 7, "Static types").

`pathways.Context` is the one implementation; the modules the pathway builds its `Check`s from
(`foreign`, `takeover`, `wajib`) cannot import `pathways` back (no import cycle, see
docs/ARCHITECTURE.md), so their tests take this protocol instead.
"""

from __future__ import annotations

from typing import Any, Protocol

from kerjasama.agreements.models import Cooperation


class CheckContext(Protocol):
    @property
    def cooperation(self) -> Cooperation: ...

    # The step's facts as its form cleaned them (dates, booleans, model instances, text):
    # each check reads the ones it knows.
    @property
    def facts(self) -> dict[str, Any]: ...
