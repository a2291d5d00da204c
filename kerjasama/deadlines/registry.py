"""The registry of deadline rule providers.

An app whose records carry statutory or agreed dates (a case's DPRD decision, end of term and
reports in `agreements`; a TKKSD action item in `meetings`; a reporting window of an indicator
in `monitoring`) contributes one `DeadlineProvider` per subject model, registered in its
`AppConfig.ready`. The provider says which kinds of deadline it makes, computes the deadlines a
subject should have today (`wanted`), renders their texts from the stored facts in the
reader's language — every number from the settings, never from a sentence — and decides what
may be recorded as meeting one of them. The engine (`deadlines.services`) stores them; this app
imports no app above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass
class Wanted:
    """One deadline as a rule produces it: `key` is stable per subject (e.g. "expiry:doc:12"),
    so that recomputing updates the same row. `case_id` is the case it concerns (none for a
    deadline of no case); `document_id` the agreement or report it is about."""

    key: str
    kind: str
    due_on: dt.date
    title: str
    rule: str
    case_id: int | None = None
    status: str = "open"
    document_id: int | None = None
    opd_id: int | None = None
    # The facts its text is rendered from when shown (`DeadlineProvider.label`).
    params: dict[str, Any] = field(default_factory=dict)
    # What met it, and when (§12: a report meets its own period's deadline).
    met_by_id: int | None = None
    met_on: dt.date | None = None


class DeadlineProvider:
    """What an app contributes for one subject model. Subclasses set `subject_type` (the
    model's label, e.g. "agreements.cooperation"), `kinds` (code → name) and `markable` (the
    kinds a person may record as met by a document), and implement the methods below."""

    subject_type: str = ""
    kinds: Mapping[str, str | Promise] = {}
    markable: frozenset[str] = frozenset()

    def load(self, subject_id: Any) -> models.Model:
        """The subject with what `wanted` reads, locked for update (one refresh at a time per
        subject: a clerk's save and the daily job cannot both insert the same key)."""
        raise NotImplementedError

    def wanted(self, subject: Any, today: dt.date) -> list[Wanted]:
        """The deadlines `subject` should have on `today`."""
        raise NotImplementedError

    def subjects_to_refresh(self) -> Iterable[Any]:
        """The ids of the subjects the daily job recomputes (besides those with open rows)."""
        return ()

    def label(self, kind: str, params: dict[str, Any]) -> str:
        """What is due, from the stored facts; KeyError when a fact is missing."""
        raise KeyError(kind)

    def rule(self, kind: str, params: dict[str, Any]) -> str:
        """The rule it comes from, with its legal source; "" when unknown."""
        return ""

    def url(self, kind: str, params: dict[str, Any], subject_id: str) -> str:
        """The page where the deadline is dealt with, when it is not its case's ("" then)."""
        return ""

    def check_record(self, actor: Any, deadline: Any) -> None:
        """Raise `NotPermitted` unless `actor` may record what met `deadline` or undo that."""
        raise NotImplementedError

    def check_met(self, deadline: Any, document: Any) -> dict[str, list[str]]:
        """The errors (by form field) if `document` cannot meet `deadline`; {} when it can."""
        return {"document": ["—"]}

    def deadlines_changed(self, subject_id: Any) -> None:
        """Called in the write's transaction after a row of the subject's deadlines was added,
        changed or closed: a provider keeps here what it derives from them."""


_PROVIDERS: dict[str, DeadlineProvider] = {}
_BY_KIND: dict[str, DeadlineProvider] = {}


def register(provider: DeadlineProvider) -> None:
    """Add a provider; a subject type or kind registered twice is a programming error."""
    known = _PROVIDERS.get(provider.subject_type)
    if known is not None and type(known) is not type(provider):
        raise ValueError(f"deadline subject {provider.subject_type!r} is registered twice")
    for kind in provider.kinds:
        other = _BY_KIND.get(kind)
        if other is not None and type(other) is not type(provider):
            raise ValueError(f"deadline kind {kind!r} is registered twice")
        _BY_KIND[kind] = provider
    _PROVIDERS[provider.subject_type] = provider


def providers() -> list[DeadlineProvider]:
    return list(_PROVIDERS.values())


def provider_for(subject_type: str) -> DeadlineProvider:
    try:
        return _PROVIDERS[subject_type]
    except KeyError:
        raise LookupError(f"no deadline provider for {subject_type!r}") from None


def kind_choices() -> list[tuple[str, str | Promise]]:
    """Every registered kind with its name, in registration order (e.g. the agenda's filter)."""
    return [(kind, p.kinds[kind]) for kind, p in _BY_KIND.items()]


def kind_name(kind: str) -> str:
    provider = _BY_KIND.get(kind)
    return str(provider.kinds[kind]) if provider is not None else kind


def label(kind: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """What is due, in the active language: the one way to get a deadline's text (the stored
    `title`, written in the site's language, is the fallback for rows missing their facts)."""
    provider = _BY_KIND.get(kind)
    if provider is None:
        return fallback
    try:
        return provider.label(kind, params or {}) or fallback
    except (KeyError, TypeError, ValueError):
        return fallback


def url(kind: str, params: dict[str, Any] | None, subject_id: str) -> str:
    """The page of a deadline's own subject (e.g. a TKKSD action item), "" when it has none."""
    provider = _BY_KIND.get(kind)
    if provider is None:
        return ""
    try:
        return provider.url(kind, params or {}, subject_id)
    except (KeyError, TypeError, ValueError):
        return ""


def rule(kind: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """The rule a deadline comes from, in the active language."""
    provider = _BY_KIND.get(kind)
    if provider is None:
        return fallback
    try:
        return provider.rule(kind, params or {}) or fallback
    except (KeyError, TypeError, ValueError):
        return fallback
