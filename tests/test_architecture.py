"""The import graph of `kerjasama/`, read from the code (issue 7, "A structure that will carry
what comes next"): every app imports only the apps below it, no module imports itself back
through others, and docs/ARCHITECTURE.md draws the graph the code has.

Imports are read with `ast` from every module, at module level and inside functions (an
import inside a function is a dependency too, only a hidden one); `scripts/import_graph.py`
does the reading, and `make sync-docs` redraws the documentation's graph with it.
"""

from __future__ import annotations

from pathlib import Path

from scripts.import_graph import (
    APP_ORDER,
    app_edges,
    cycles,
    drawing,
    drawn_in,
    module_edges,
    order_violations,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_reader_sees_imports_at_module_level_and_inside_functions(tmp_path):
    """The graph is only as good as its reading: a function-level import and a relative import
    of the code base are both edges."""
    edges = module_edges()
    # A module-level import.
    assert "kerjasama.core.models" in edges["kerjasama.core.audit"]
    # An import inside a function (NotificationsConfig.ready imports the receivers).
    assert "kerjasama.notifications.receivers" in edges["kerjasama.notifications.apps"]
    # `from kerjasama.agreements import selectors, signals` names the submodules.
    assert "kerjasama.agreements.selectors" in edges["kerjasama.agreements.services"]


def test_every_app_imports_only_the_apps_below_it():
    """The order (docs/ARCHITECTURE.md, "Who may import whom"): core ← reference ← accounts ←
    partners ← agreements ← (deadlines) ← (meetings, monitoring, imports) ← notifications ←
    demo ← (reports, api, portal). An app module imports no module of the project itself
    (settings, urls) either."""
    assert APP_ORDER[:5] == ["core", "reference", "accounts", "partners", "agreements"]
    assert APP_ORDER.index("deadlines") < APP_ORDER.index("notifications")
    assert set(app_edges()) <= set(APP_ORDER), "a new app needs its place in APP_ORDER"
    assert order_violations(app_edges()) == []


def test_core_imports_no_data_app():
    assert app_edges()["core"] == set()


def test_no_module_imports_itself_back_through_others():
    found = {frozenset(cycle) for cycle in cycles(module_edges())}
    assert found == set(), "\n".join(" ↔ ".join(sorted(cycle)) for cycle in found)


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_in_the_documentation_is_the_codes():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert drawn_in(text) == drawing(), "run `make sync-docs` to redraw it"
