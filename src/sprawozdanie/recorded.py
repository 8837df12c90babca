"""The values the executed notebooks recorded (``Ledger.record``): read back from the
notebooks, written for people (``values.csv``, money in złoty) and programs (``values.json``,
exact grosze), and checked by the consistency rules (``checks.csv``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .paths import write_whole


def collect_ledger(executed: dict[str, Path]) -> list[dict[str, str]]:
    """The values each executed notebook recorded (``Ledger.record``), in report order."""
    import nbformat

    return ledger_records({chapter: nbformat.read(path, as_version=4) for chapter, path in executed.items()})


def ledger_payloads(notebooks: dict) -> list[tuple[str, dict]]:
    """Every ledger the notebooks recorded (``Ledger.record``: its prefix and values), with
    the chapter that recorded it, in report order (nbformat's nodes, by chapter)."""
    from .ledger import LEDGER_MIME

    return [
        (chapter, out["data"][LEDGER_MIME])
        for chapter, nb in notebooks.items()
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("data", {}).get(LEDGER_MIME)
    ]


def ledger_records(notebooks: dict) -> list[dict[str, str]]:
    """``collect_ledger`` on notebooks already read (nbformat's nodes, by chapter)."""
    records: list[dict[str, str]] = []
    for chapter, payload in ledger_payloads(notebooks):
        records += [{**r, "source": chapter} for r in payload["values"]]
    ids = [r["id"] for r in records]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ReportError(f"te same identyfikatory liczb w kilku miejscach: {', '.join(duplicated)}")
    return records


def write_chapter_ledgers(executed: dict[str, Path], path: Path) -> None:
    """The ledgers the chapters' notebooks recorded, for the summary (``summary.recorded_ledgers``):
    each a prefix and its values. Written only when they changed, so that the summary's cache
    sees the file as it was."""
    import nbformat

    payloads = [p for _, p in ledger_payloads({c: nbformat.read(f, as_version=4) for c, f in executed.items()})]
    text = json.dumps(payloads, ensure_ascii=False, indent=1) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, text)


def in_zloty(row: dict[str, str]) -> dict[str, str]:
    """A ledger row as a person reads it in a spreadsheet: money in złoty (exact, two decimal
    places) with the unit "zł", not integer grosze; other rows as they are.

    >>> in_zloty({"value": "93051887", "unit": "gr"}), in_zloty({"value": "-5", "unit": "Δ gr"})
    ({'value': '930518.87', 'unit': 'zł'}, {'value': '-0.05', 'unit': 'Δ zł'})
    >>> in_zloty({"value": "46", "unit": "rodziny"})
    {'value': '46', 'unit': 'rodziny'}
    """
    from decimal import Decimal

    from .measures import MONEY, is_money

    if not is_money(row.get("unit", "")):
        return row
    return {
        **row,
        "value": str((Decimal(row["value"]) / 100).quantize(Decimal("0.01"))),
        "unit": row["unit"].replace(MONEY, "zł"),
    }


def write_ledger(records: list[dict[str, str]], folder: Path) -> None:
    """``values.csv`` for people (money in złoty) and ``values.json`` for programs (exact
    integer grosze, as the ledger holds them)."""
    import csv

    from .ledger import COLUMNS as LEDGER_COLUMNS
    from .present.escape import csv_row

    with open(folder / "values.csv", "w", newline="", encoding="utf-8") as f:
        # the rows' keys (``rows``) only in values.json and the annex: a cell of a spreadsheet
        # is no place for a list of thousands of keys
        w = csv.DictWriter(f, fieldnames=LEDGER_COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        # Opened in a spreadsheet, no text cell may become a formula (values.json stays exact).
        w.writerows(csv_row(in_zloty(r), numeric=("value", "shown")) for r in records)
    (folder / "values.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def check_values(
    records: list[dict[str, str]],
    folder: Path | None = None,
    data_dir: Path | None = None,
    year: int | None = None,
    tables: dict[str, str] | None = None,
    extra_rules=(),
    titles: dict[str, str] | None = None,
) -> list:
    """Run the consistency rules; write checks.csv into ``folder``; errors stop the build.
    ``tables``: the report's table numbers by label, for the rules' references to them;
    ``extra_rules``: the rules of the office's own chapters (their totals); ``titles``: the
    office's own chapter titles by id, for the checks that name a chapter."""
    from fractions import Fraction

    from . import checks
    from .render.quarto_md import plain_refs

    values = {r["id"]: Fraction(r["value"]) for r in records}
    units = {r["id"]: r["unit"] for r in records}
    labels = {r["id"]: r["label_pl"] for r in records}
    results = checks.evaluate(values, checks.rules(data_dir) + tuple(extra_rules), units, labels)
    if data_dir is not None and year is not None:  # the programme's indicators, tied by its data
        results += checks.programme_results(data_dir, year, values, units, labels, titles)
    results = checks.with_references(results, lambda text: plain_refs(text, tables or {}))
    if folder is not None:
        checks.write_csv(results, folder / "checks.csv")
    failed = checks.errors(results)
    if failed:
        lines = "\n".join(f"  - {r.rule.id}: {r.explanation_pl}" for r in failed)
        raise ReportError(f"Kontrola obliczeń wykryła błędy ({len(failed)}):\n{lines}")
    return results


@dataclass(frozen=True)
class Checked:
    """The values a build's notebooks recorded, and what the consistency rules and the
    recorded disagreements say of them."""

    records: list[dict[str, str]]
    results: list
    known: list
    book: list[str]  # the report's files in order, without the chapters of tasks without numbers
    named: list  # the tasks the passage on the other tasks names (``structure.in_passage``)
    unnamed: list  # the other chapters without numbers: left out, named nowhere in the report
    tables: dict[str, str]  # the report's table numbers by label


def record_and_check(project, year: int, data_dir: Path, executed: dict[str, Path], notebooks, texts, folder: Path):
    """The build's fourth step: the ledger collected from the executed notebooks and written
    (``values.csv``/``.json``) into ``folder``, the tasks without numbers left out of the
    book, the rules run (``checks.csv``) and the recorded disagreements verified; an error
    stops the build here."""
    from fractions import Fraction

    from . import disagreements, own_chapter, structure
    from .render.quarto_md import table_numbers

    records = collect_ledger(executed)
    write_ledger(records, folder)
    # Tasks without numbers (every number 0, no office text): no chapter, one passage.
    named, book, unnamed = book_and_passage(project, notebooks, records, texts)
    tables = table_numbers([executed[c] for c in book if c in executed], project.quarto)
    results = check_values(
        records,
        folder,
        data_dir,
        year,
        tables,
        own_chapter.rules(project.root),
        structure.titles_by_id(project.structure()),
    )
    values = {r["id"]: Fraction(r["value"]) for r in records}
    known = disagreements.applicable(disagreements.load(data_dir), values)
    disagreements.verify(known, values)
    return Checked(records, results, known, book, named, unnamed, tables)


def book_and_passage(
    project, notebooks: list[str], records: list[dict[str, str]], texts
) -> tuple[list, list[str], list]:
    """The tasks the passage on the other tasks names (``structure.in_passage``), the report's
    files in order (without the chapters of tasks that have no numbers, with that passage
    before the needs, or where the structure places it, when it names any), and the chapters
    without numbers the passage does not name (a programme under another act)."""
    from . import structure

    omitted = not_carried_out(project, notebooks, records, texts)
    named = structure.in_passage(omitted, {t.path.stem for t in texts})
    needs = structure.registry(project.tool).get("needs")
    book = structure.without(
        project.chapters(),
        [c.notebook for c in omitted],
        project.structure(),
        needs.notebook if needs else "",
        passage=bool(named),
    )
    return named, book, [c for c in omitted if c not in named]


def not_carried_out(project, notebooks: list[str], records: list[dict[str, str]], texts) -> list:
    """The chapters of the report whose task the office did not carry out (``structure``)."""
    from fractions import Fraction

    from . import structure

    chapters = {c.notebook: c for c in structure.registry(project.tool).values()}
    # values read off the year's input files; a statutory rate (the act's, foster_care_cofinancing) says nothing of the year
    values = {r["id"]: Fraction(r["value"]) for r in records if ".csv" in r["inputs"]}
    kept = {e.chapter.id for e in project.structure() or () if e.keep}
    return structure.not_carried_out(
        [chapters[c] for c in notebooks if c in chapters], values, {t.path.stem for t in texts}, kept
    )
