"""The package's import structure: no module imports itself back, directly or through
others, counting imports inside functions too (a function-level import hides a circle; it
does not remove it). grimp (import-linter's graph) reads the imports from the source."""

from __future__ import annotations

import textwrap
from graphlib import CycleError, TopologicalSorter

import grimp
import pytest


def import_circle(package: str) -> list[str]:
    """One circle of imports among the package's modules (a list that starts and ends with
    the same module), or [] when there is none."""
    graph = grimp.build_graph(package, cache_dir=None)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        tuple(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        return list(reversed(exc.args[1]))
    return []


def test_the_package_has_no_import_circle():
    circle = import_circle("sprawozdanie")
    details = ""
    if circle:
        graph = grimp.build_graph("sprawozdanie", cache_dir=None)
        details = "\n".join(
            f"  {a} -> {b}: line {[d['line_number'] for d in graph.get_import_details(importer=a, imported=b)]}"
            for a, b in zip(circle, circle[1:])
        )
    assert not circle, "import circle:\n" + details


def test_a_circle_through_a_function_level_import_is_found(tmp_path, monkeypatch):
    """The check above can fail: a circle closed only inside a function is seen."""
    pkg = tmp_path / "kolko"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text(
        textwrap.dedent("""\
        def later():
            from . import a
            return a
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert set(import_circle("kolko")) == {"kolko.a", "kolko.b"}


@pytest.mark.parametrize(
    "lower, upper",
    [
        ("sprawozdanie.ledger", "sprawozdanie.present.markup"),
        ("sprawozdanie.structure", "sprawozdanie.own_chapter"),
        ("sprawozdanie.present.text", "sprawozdanie.build"),
    ],
)
def test_the_stages_below_do_not_reach_the_ones_above(lower, upper):
    """The ledger knows nothing of markup, the structure nothing of building an own chapter,
    the words nothing of the build (the circles this package once had)."""
    graph = grimp.build_graph("sprawozdanie", cache_dir=None)
    assert graph.find_shortest_chain(importer=lower, imported=upper) is None
