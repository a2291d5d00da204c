"""The registry of the law's rules: every ✅ rule of the domain reference
(docs/domain/KERJASAMA_DAERAH.md) that the software enforces or computes, with where the code
enforces it — or, while it does not yet, the issue that will build it.

Each app lists its own rules in a `rules.py` module (`kerjasama/agreements/rules.py`, later
meetings and monitoring) that calls `register(...)` when imported; `all_rules()` imports every
installed app's `rules` module (Django's `autodiscover_modules`), so `core` imports no data app.
A rule names its code location as a dotted path to the function, `Check` or constant that
enforces it; tests declare the rules they prove with `@pytest.mark.rule("<id>")`.
`tests/test_rule_table.py` checks every location imports, that every enforced rule has a test and
that every marker names a known rule, and writes the table `docs/RULES.md` (`make rules-table`).

Rule texts are for developers and auditors (the generated docs), not for users: they are plain
English, not translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.module_loading import autodiscover_modules


class Status(StrEnum):
    ENFORCED = "enforced"  # the code enforces it and a test proves it
    OPEN = "open"  # not (or only partly) enforced yet; `issue` says where it will be built


ID_PATTERN = re.compile(r"^\d+(\.\d+)?-[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    """One rule of the reference.

    `id` is stable (tests name it): the § it comes from, then a few words, e.g.
    `5.3-pks-four-clauses`. `section` is where the reference states it ("§5.3", "§9 item 3"),
    `pasal` the article of law, `text` one sentence of what the software does. `location` is the
    dotted path of what enforces it (for an open rule: what enforces the part that exists, if
    any). An open rule names the `issue` that will build it (None: not planned yet) and says in
    `note` what is missing."""

    id: str
    section: str
    pasal: str
    text: str
    location: str = ""
    status: Status = Status.ENFORCED
    issue: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not ID_PATTERN.match(self.id):
            raise ValueError(f"rule id {self.id!r} is not '<§>-<words-with-dashes>'")
        if self.status == Status.ENFORCED and not self.location:
            raise ValueError(f"enforced rule {self.id!r} names no code location")


def enforced(rule_id: str, section: str, pasal: str, text: str, location: str) -> Rule:
    return Rule(rule_id, section, pasal, text, location)


def open_rule(
    rule_id: str,
    section: str,
    pasal: str,
    text: str,
    *,
    issue: int | None,
    note: str,
    location: str = "",
) -> Rule:
    return Rule(rule_id, section, pasal, text, location, Status.OPEN, issue, note)


_REGISTRY: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    """Add rules to the registry; an id registered twice is a programming error."""
    for rule in rules:
        if rule.id in _REGISTRY and _REGISTRY[rule.id] != rule:
            raise ValueError(f"rule {rule.id!r} is registered twice")
        _REGISTRY[rule.id] = rule


def _section_key(rule: Rule) -> tuple[tuple[int, ...], str]:
    number = rule.id.split("-", 1)[0]
    return tuple(int(part) for part in number.split(".")), rule.id


def all_rules() -> list[Rule]:
    """Every registered rule of every installed app, ordered by § and id."""
    autodiscover_modules("rules")
    return sorted(_REGISTRY.values(), key=_section_key)


def get(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
