"""docs/layout.md's tree of the package cannot drift: every module and folder of
src/sprawozdanie is named in it, and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "sprawozdanie"


def tree_text() -> str:
    text = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    return "\n".join(re.findall(r"```\n(.*?)```", text, flags=re.S))


def chapter_modules() -> set[str]:
    """The chapters' own modules: the tree names them as "one module per section"."""
    registry = yaml.safe_load((PACKAGE / "report" / "chapters.yml").read_text(encoding="utf-8"))
    return {f"{c['id']}.py" for c in registry["chapters"]}


def package_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
        and "__pycache__" not in p.parts
        and "report" not in p.relative_to(PACKAGE).parts
        and not (p.parent.name == "chapters" and p.name in chapter_modules())
    )


def test_every_module_and_folder_is_in_the_tree():
    tree = tree_text()
    missing = [str(p.relative_to(PACKAGE)) for p in package_files() if not re.search(rf"\b{re.escape(p.name)}\b", tree)]
    folders = [d.name + "/" for d in PACKAGE.iterdir() if d.is_dir() and d.name != "__pycache__"]
    missing += [f for f in folders if f not in tree]
    assert not missing, f"docs/layout.md does not name: {missing}"


def test_every_module_the_tree_names_exists():
    tree = tree_text()
    names = set(re.findall(r"\b([a-z_]+\.py)\b", tree))
    existing = {p.name for p in (ROOT / "src").rglob("*.py")} | {p.name for p in (ROOT / "benchmarks").glob("*.py")}
    existing |= {p.name for p in (ROOT / "data").rglob("*.py")}
    assert names <= existing, f"docs/layout.md names modules that do not exist: {sorted(names - existing)}"
