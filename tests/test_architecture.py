"""The import graph of `kerjasama/`, read from the code (issue 7, "A structure that will carry
what comes next"): every app imports only the apps below it, no module imports itself back
through others, and docs/ARCHITECTURE.md draws the graph the code has.

Imports are read with `ast` from every module, at module level and inside functions (an
import inside a function is a dependency too, only a hidden one); `scripts/import_graph.py`
does the reading, and `make sync-docs` redraws the documentation's graph with it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from scripts.import_graph import (
    APP_ORDER,
    app_edges,
    cycles,
    drawing,
    drawn_in,
    module_edges,
    modules,
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
    deadlines ← partners ← agreements ← (meetings, monitoring, imports) ← notifications ←
    demo ← (reports, api, portal). An app module imports no module of the project itself
    (settings, urls) either."""
    assert APP_ORDER[:6] == ["core", "reference", "accounts", "deadlines", "partners", "agreements"]
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


# --- Imports at the top (issue 7) ------------------------------------------------------------

# The imports of `kerjasama.*` and `django.*` that stay inside a function, by (module, function),
# each with its reason; every other one is at the top of its module, where the import graph and
# the reader see it. "*" stands for every function of the module.
FUNCTION_IMPORTS_ALLOWED = {
    ("kerjasama.agreements.apps", "ready"): "AppConfig.ready: the partner page's section "
    "imports models, which exist only once the apps are loaded",
    ("kerjasama.core.apps", "ready"): "AppConfig.ready: the deploy checks register themselves "
    "when imported, once the apps are loaded",
    ("kerjasama.notifications.apps", "ready"): "AppConfig.ready: the receivers import models "
    "and connect themselves when imported",
    ("kerjasama.monitoring.apps", "ready"): "AppConfig.ready: the indicator library's loader "
    "imports models, which exist only once the apps are loaded",
    ("kerjasama.meetings.apps", "ready"): "AppConfig.ready: the action items' deadline "
    "provider imports models, which exist only once the apps are loaded",
    ("kerjasama.imports.apps", "ready"): "AppConfig.ready: the audit trail's action labels "
    "live beside its models, which exist only once the apps are loaded",
}


def function_imports(source: str) -> list[tuple[str, str, int]]:
    """(function, imported module, line) of every import of `kerjasama.*` or `django.*` (or a
    relative one) made inside a function of `source`."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom) and function is not None:
                if isinstance(child, ast.ImportFrom):
                    names = ["." * child.level + (child.module or "")]
                else:
                    names = [alias.name for alias in child.names]
                for name in names:
                    if name.startswith(("kerjasama", "django", ".")):
                        found.append((function, name, child.lineno))
            else:
                visit(child, function)

    visit(ast.parse(source), None)
    return found


def test_the_import_finder_sees_imports_inside_functions_only():
    source = (
        "from django.db import models\n"
        "import json\n"
        "def f():\n"
        "    from kerjasama.core import audit\n"
        "    import json\n"
        "    def inner():\n"
        "        from . import texts\n"
        "class C:\n"
        "    def m(self):\n"
        "        import django.utils.timezone\n"
    )
    assert function_imports(source) == [
        ("f", "kerjasama.core", 4),
        ("f", ".", 7),
        ("m", "django.utils.timezone", 10),
    ]


def test_imports_are_at_the_top_unless_allowed_with_a_reason():
    """Issue 7: a function-level import hides a dependency (and held an import cycle together);
    the few that stay are listed above with their reason."""
    unexpected = []
    for name, path in modules().items():
        if ".migrations." in name:
            continue  # migrations are history, written once and not changed afterwards
        for function, imported, line in function_imports(path.read_text(encoding="utf-8")):
            if (name, function) in FUNCTION_IMPORTS_ALLOWED or (
                name,
                "*",
            ) in FUNCTION_IMPORTS_ALLOWED:
                continue
            unexpected.append(f"{path.relative_to(ROOT)}:{line} {function}() imports {imported}")
    assert unexpected == [], "move these to the top of the module:\n" + "\n".join(unexpected)
    assert all(reason.strip() for reason in FUNCTION_IMPORTS_ALLOWED.values())
