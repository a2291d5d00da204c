"""The rule table: every ✅ rule of the domain reference, where the code enforces it and which
test proves it, generated from the code's own registry (`kerjasama.core.rules`, each app's
`rules.py`) into `docs/RULES.md`.

Tests declare the rules they prove with `@pytest.mark.rule("<id>", ...)`. The test files are
read with `ast`, not run. This module fails when the committed table differs from the registry
(regenerate with `make rules-table`), when an enforced rule has no test, when a marker names an
unknown rule, when a code location does not import, and when a § of the reference that has ✅
statements is neither a rule's § nor accounted for in the completeness notes of a `rules.py`.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from kerjasama.core.rules import Rule, Status, all_rules

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs/RULES.md"
REFERENCE = ROOT / "docs/domain/KERJASAMA_DAERAH.md"
WRITE = os.environ.get("KERJASAMA_WRITE_RULES") == "1"
HEADING = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)
SECTION_SIGN = re.compile(r"§\s?(\d+(?:\.\d+)*)")


# --- Reading the tests -------------------------------------------------------------------


def _rule_ids(decorator: ast.expr) -> list[str] | None:
    """The ids of a `pytest.mark.rule(...)` call, or None if it is something else."""
    if not isinstance(decorator, ast.Call):
        return None
    func = decorator.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "rule"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "mark"
    ):
        return None
    ids = []
    for arg in decorator.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise AssertionError(f"pytest.mark.rule takes literal ids, found {ast.dump(arg)}")
        ids.append(arg.value)
    return ids


def _visit(
    nodes: list[ast.stmt], where: str, inherited: list[str], found: dict[str, list[str]]
) -> None:
    for node in nodes:
        own = [i for d in getattr(node, "decorator_list", []) for i in _rule_ids(d) or []]
        if isinstance(node, ast.ClassDef):
            _visit(node.body, f"{where}{node.name}::", inherited + own, found)
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            for rule_id in inherited + own:
                found.setdefault(rule_id, []).append(f"{where}{node.name}")


def marked_tests() -> dict[str, list[str]]:
    """Rule id -> the tests (`tests/file.py::name`) marked with it."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _visit(tree.body, f"{path.relative_to(ROOT).as_posix()}::", [], found)
    return found


def every_marker_id() -> Counter[str]:
    """Every id named by a `pytest.mark.rule(...)` anywhere in the tests (decorators, params)."""
    ids: Counter[str] = Counter()
    for path in (ROOT / "tests").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = _rule_ids(node) if isinstance(node, ast.expr) else None
            if found is not None:
                ids.update(found or ["<a marker without ids>"])
    return ids


# --- Code locations ------------------------------------------------------------------------


def resolve(location: str) -> object:
    """Import a dotted path to a module attribute (`pkg.module.Class.attr`)."""
    parts = location.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ModuleNotFoundError(location)


# --- The table -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _status(rule: Rule) -> str:
    if rule.status == Status.ENFORCED:
        return "enforced"
    where = f"issue {rule.issue}" if rule.issue else "no issue yet"
    return f"**open** ({where}): {rule.note}"


def checkmarks_per_section() -> dict[str, int]:
    """How many ✅ the reference has under each numbered heading (a rough count: one line may
    carry several, and one ✅ may cover a list)."""
    counts: dict[str, int] = {}
    current = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line + " ")
        if heading:
            current = heading.group(1)
        if current is not None and "✅" in line:
            counts[current] = counts.get(current, 0) + line.count("✅")
    return counts


def render(rules: list[Rule], tests: dict[str, list[str]]) -> str:
    enforced_count = sum(r.status == Status.ENFORCED for r in rules)
    open_rules = [r for r in rules if r.status == Status.OPEN]
    by_issue = Counter(r.issue for r in open_rules)
    issues = ", ".join(
        f"{n} in issue {i}" if i else f"{n} not planned yet"
        for i, n in sorted(by_issue.items(), key=lambda item: item[0] or 10**6)
    )
    lines = [
        "# The law's rules and where the code enforces them",
        "",
        "Generated by `tests/test_rule_table.py` from the rule registry (`kerjasama/core/rules.py`",
        "and each app's `rules.py`). Do not edit by hand: run `make rules-table`. How to add a rule:",
        'docs/ARCHITECTURE.md, "The rule registry".',
        "",
        "Every ✅ rule of the domain reference (`docs/domain/KERJASAMA_DAERAH.md`) that the software",
        "enforces or computes, with the code that enforces it and the tests that prove it (marked",
        '`@pytest.mark.rule("<id>")`). An enforced rule without a test fails the build; an open rule',
        "is listed with the issue that will build it and what is missing today. The ✅ statements",
        "that are not software rules (definitions, informational facts) are listed, per §, in the",
        "docstring of `kerjasama/agreements/rules.py`.",
        "",
        f"{len(rules)} rules: {enforced_count} enforced, {len(open_rules)} open"
        + (f" ({issues})." if issues else "."),
        "",
        "| id | § | Pasal | rule | status | code location | tests |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in rules:
        proven = "<br>".join(f"`{t}`" for t in tests.get(rule.id, [])) or "—"
        location = f"`{rule.location}`" if rule.location else "—"
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{rule.id}`",
                    _cell(rule.section),
                    _cell(rule.pasal),
                    _cell(rule.text),
                    _cell(_status(rule)),
                    location,
                    proven,
                ]
            )
            + " |"
        )
    lines += [
        "",
        "## ✅ marks per § of the reference and rules registered",
        "",
        "A reader auditing completeness compares the two counts (one ✅ may carry several rules,",
        "and many carry none: definitions and facts, listed in `kerjasama/agreements/rules.py`).",
        "",
        "| § | ✅ marks | rules naming it |",
        "|---|---|---|",
    ]
    named: Counter[str] = Counter()
    for rule in rules:
        for number in set(SECTION_SIGN.findall(rule.section)):
            named[number] += 1
    marks = checkmarks_per_section()
    for number in sorted(marks, key=lambda n: tuple(int(p) for p in n.split("."))):
        lines.append(f"| §{number} | {marks[number]} | {named.get(number, 0)} |")
    return "\n".join(lines) + "\n"


# --- Tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return all_rules()


@pytest.fixture(scope="module")
def tests() -> dict[str, list[str]]:
    return marked_tests()


def test_the_registry_holds_the_rules_of_every_app(rules):
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    # Each app's `rules.py` is found without `core` importing it.
    assert {"5.3-pks-four-clauses", "9.8-no-political-party", "10-thirty-two-bidang-urusan"} <= set(
        ids
    )


def test_every_code_location_imports(rules):
    broken = {}
    for rule in rules:
        if not rule.location:
            continue
        try:
            resolve(rule.location)
        except (ImportError, AttributeError) as error:
            broken[rule.id] = f"{rule.location}: {error}"
    assert broken == {}, f"code locations that no longer exist (update the rules.py): {broken}"


def test_every_enforced_rule_has_a_test(rules, tests):
    untested = [r.id for r in rules if r.status == Status.ENFORCED and not tests.get(r.id)]
    assert untested == [], (
        "enforced rules without a test: mark the test that proves each with "
        f'@pytest.mark.rule("<id>"), or write one: {untested}'
    )


def test_every_marker_names_a_known_rule(rules):
    known = {r.id for r in rules}
    unknown = sorted(set(every_marker_id()) - known)
    assert unknown == [], f"pytest.mark.rule names rules that are not registered: {unknown}"


def test_every_open_rule_says_what_is_missing(rules):
    assert [r.id for r in rules if r.status == Status.OPEN and not r.note.strip()] == []


def test_every_section_with_checkmarks_is_accounted_for(rules):
    """Each § that has ✅ statements is the § of a rule or is named in the completeness notes
    of a `rules.py` (which say why its ✅ statements are not software rules)."""
    notes = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "kerjasama").glob("*/rules.py")
    )
    mentioned = set(SECTION_SIGN.findall(notes))
    for rule in rules:
        mentioned.update(SECTION_SIGN.findall(rule.section))
    missing = sorted(set(checkmarks_per_section()) - mentioned)
    assert missing == [], f"§ with ✅ statements that no rule or note accounts for: {missing}"


def test_the_committed_rule_table_is_generated_from_the_registry(rules, tests):
    wanted = render(rules, tests)
    if WRITE:
        TABLE.write_text(wanted, encoding="utf-8")
    current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
    assert current == wanted, (
        "docs/RULES.md is not the table the registry and the test markers give: run "
        "`make rules-table` and commit docs/RULES.md"
    )


@pytest.mark.parametrize(
    ("location", "found"),
    [
        ("kerjasama.core.rules.all_rules", all_rules),
        ("kerjasama.core.rules.Rule.__post_init__", Rule.__post_init__),
    ],
)
def test_resolve_follows_modules_and_attributes(location, found):
    assert resolve(location) is found


@pytest.mark.parametrize(
    "location", ["kerjasama.core.rules.no_such_thing", "kerjasama.no_such_module.f"]
)
def test_resolve_fails_on_a_missing_location(location):
    with pytest.raises((ImportError, AttributeError)):
        resolve(location)
