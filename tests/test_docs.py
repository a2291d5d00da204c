"""The documentation a newcomer follows: the domain reference and the design sketch ship in
`docs/`, stay in step with the team's shared copies, and every § the code cites exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# (copy in this repository, the team's shared original)
COPIES = [
    (ROOT / "docs/domain/KERJASAMA_DAERAH.md", SHARED / "domain/KERJASAMA_DAERAH.md"),
    (ROOT / "docs/DESIGN.md", SHARED / "DESIGN.md"),
]
SECTION_SIGN = re.compile(r"§\s?(\d+(?:\.\d+)*)")
HEADING = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)


@pytest.mark.parametrize(("copy", "original"), COPIES, ids=lambda p: p.name)
def test_shipped_reference_is_in_step_with_the_shared_original(copy: Path, original: Path):
    assert copy.is_file(), f"{copy.relative_to(ROOT)} is missing"
    if not original.is_file():
        pytest.skip(f"no shared original beside the checkout ({original})")
    assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8"), (
        f"{copy.relative_to(ROOT)} differs from {original}: run `make sync-docs` and commit"
    )


def _sections() -> set[str]:
    text = (ROOT / "docs/domain/KERJASAMA_DAERAH.md").read_text(encoding="utf-8")
    return set(HEADING.findall(text))


def _cited() -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    files = [
        *ROOT.joinpath("kerjasama").rglob("*.py"),
        *ROOT.joinpath("kerjasama").rglob("*.html"),
        ROOT / "README.md",
        ROOT / "docs/ARCHITECTURE.md",
        ROOT / "docs/GLOSSARY.md",
    ]
    for path in files:
        if "migrations" in path.parts:
            continue
        for number in SECTION_SIGN.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(number, []).append(str(path.relative_to(ROOT)))
    return cited


def test_every_cited_section_exists_in_the_domain_reference():
    sections = _sections()
    assert {"5.2", "7", "9", "12"} <= sections  # the parser reads the headings
    missing = {n: sorted(set(paths)) for n, paths in _cited().items() if n not in sections}
    assert missing == {}, f"§ cited but not a heading of docs/domain/KERJASAMA_DAERAH.md: {missing}"


def test_readme_points_newcomers_at_the_shipped_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/domain/KERJASAMA_DAERAH.md" in readme
    assert "docs/DESIGN.md" in readme
