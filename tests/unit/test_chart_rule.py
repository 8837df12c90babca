"""A chart of a few numbers is not drawn: three daily centres, three projects and three kinds of
institution are read from the table or list beside them; four are charted
(docs/adding-a-chapter.md, "Charts")."""

from __future__ import annotations

import csv
import re

import pytest

from sprawozdanie.build import build

from .test_small_years import text_of


def _keep(path, keep) -> list[str]:
    """Keep the rows of a CSV for which ``keep(index, row)`` holds; the first column of those."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, [r for i, r in enumerate(reader) if keep(i, r)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return [r[fields[0]] for r in rows]


@pytest.mark.parametrize(
    ("rows", "charts"),
    [
        (3, []),
        (4, ["fig-kontakty", "fig-grupy-wsparcia", "fig-placowki-wsparcia-dziennego"]),
    ],
)
@pytest.mark.slow
def test_a_few_centres_projects_and_institutions_are_not_charted(project, rows, charts):
    data = project.root / "data" / "2025"
    first = lambda i, _row: i < rows  # noqa: E731
    centres = _keep(data / "daily_centres.csv", first)
    _keep(data / "daily_centres_figures.csv", lambda _i, r: r["daily_centre_id"] in centres)
    projects = _keep(data / "support_groups_projects.csv", first)
    _keep(data / "support_groups_figures.csv", lambda _i, r: r["support_group_project_id"] in projects)
    institutions = _keep(data / "family_assistance_contacts.csv", first)
    assert len(centres) == len(projects) == len(institutions) == rows
    (data / "known_disagreements.yml").unlink()
    from tests.conftest import use_chapters

    use_chapters(
        project.root,
        ["index.qmd"] + [f"notebooks/{n}.ipynb" for n in ("family_assistance", "support_groups", "daily_centres")],
    )

    html = build(2025, project, say=lambda _: None, formats=("html",))["html"].read_text(encoding="utf-8")
    text = text_of(html)
    assert re.findall(r'<figure id="(fig-[\w-]+)"', html) == charts
    assert ("Wykres" in text) == bool(charts)  # the text refers to a chart exactly when one is drawn
    assert "Tabela nr" in text and "liczbę dzieci w każdej z nich" in text  # the numbers stay in the tables
