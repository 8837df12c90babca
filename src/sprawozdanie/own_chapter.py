"""A chapter of the office's own, declared in its ``structure.yml`` without code: a title, an
office text and, optionally, a table read from a CSV of the year's folder whose columns the
office declares (name, Polish header, type: text, count or money; the columns that sum to a
total row). Its CSV is validated like every input; its numbers enter the ledger (and so the
annex), its totals the consistency checks; the build runs it as a generated notebook, so it is
numbered, captioned and rendered like the tool's chapters.

In ``structure.yml``::

    - own: karta_duzej_rodziny
      title: Karta Dużej Rodziny
      text: karta_duzej_rodziny        # teksty/<text>.md (default: the id)
      table:
        file: karta_duzej_rodziny.csv
        caption: Karty wydane w roku
        columns:
          - {name: dzialanie, header: Działanie, type: text}
          - {name: uczestnicy, header: Uczestnicy, type: count, total: true}
          - {name: koszt, header: Koszt, type: money, total: true}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError, Problem
from .measures import MONEY

# The declaration (what structure.yml says) is own_spec.py's, which the structure reads
# without what this module needs to build the chapter.
from .own_spec import FOLDER, RESERVED, TYPES, Column, Spec, parse  # noqa: F401


def specs(root: Path) -> dict[str, Spec]:
    """The own chapters of the workspace's structure, by id."""
    from . import structure

    return {e.own.id: e.own for e in structure.read(root, _tool_of(root)) or () if e.own is not None}


def _tool_of(root: Path) -> Path:
    from .project import Project

    return Project.at(root).tool


def notebook(spec: Spec) -> str:
    """The generated notebook of an own chapter (the JSON text): its heading, the parameters
    cell papermill fills, the text, the table and the ledger's record."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from .present.escape import md_escape

    params = new_code_cell('year: int = 0\ndata_dir: str = ""\nprior_data_dir: str = ""\nparams_file: str = ""')
    params.metadata["tags"] = ["parameters"]
    cells = [
        new_markdown_cell(f"# {md_escape(spec.title)} {{#{spec.section}}}"),
        params,
        new_code_cell(
            "#| include: false\nfrom sprawozdanie.own_chapter import build\n"
            "from sprawozdanie.present.text import chapter_text\n\n"
            f"ch = build(data_dir, year, params_file, {spec.id!r})\n"
            'text = chapter_text("wlasny_rozdzial", ch.ledger, params_file=params_file, year=year, '
            "data_dir=data_dir, data=ch)"
        ),
        new_code_cell('#| output: asis\ntext.show("tekst")'),
    ]
    if spec.file:
        caption = json.dumps(md_escape(spec.caption), ensure_ascii=False)
        cells.append(new_code_cell(f'#| label: {spec.label}\n#| tbl-cap: {caption}\ntext.table("tabela")'))
    cells.append(new_code_cell("#| include: false\nch.ledger.record()"))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"  # stable: the same declaration writes the same file
    return nbformat.writes(nb) + "\n"


def write_notebooks(root: Path, folder: Path) -> dict[str, Path]:
    """Write the generated notebooks of the workspace's own chapters into ``folder`` (only
    when changed, so that the cache keeps them); return them by book name."""
    out = {}
    for spec in specs(root).values():
        path = folder / f"{spec.id}.ipynb"
        text = notebook(spec)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        out[spec.notebook] = path
    return out


@dataclass
class Chapter:
    """What the own chapter's template prints: its text's name, the table's columns and rows
    (each cell a text or the ledger key of a number) and the keys of the totals."""

    ledger: object
    text: str
    label: object
    columns: tuple[Column, ...] = ()
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (kind, text or ledger key)
    totals: dict[str, str] = field(default_factory=dict)  # column name → ledger key

    def table(self, v) -> object:
        """The table as Markdown, its numbers printed by ``v`` (the template's, so that each is
        a tagged ledger value), a total row when a column sums; money headed "(zł)"."""
        from .present.escape import Md, md_escape
        from .present.markup import pipe_table

        header = [md_escape(c.header) + (" (zł)" if c.type == "money" else "") for c in self.columns]
        rows = [[md_escape(cell) if kind == "text" else v(cell, unit=False) for kind, cell in row] for row in self.rows]
        if self.totals:
            rows.append(
                [
                    f"**{v(self.totals[c.name], unit=False)}**"
                    if c.name in self.totals
                    else ("**Razem**" if i == 0 else "")
                    for i, c in enumerate(self.columns)
                ]
            )
        align = ["left" if c.type == "text" else "right" for c in self.columns]
        return Md(pipe_table(header, rows, align))


def read_rows(path: Path, spec: Spec) -> list[dict[str, object]]:
    """The table's rows, typed: text as written, counts as int, money in grosze; every problem
    listed with its file, row and column (``InputError``)."""
    from .dialect import normalise_value
    from .load import _read_raw
    from .schema import Table

    table = Table(spec.id, spec.file, spec.title, spec.caption, (), tuple(c.name for c in spec.columns))
    raw, problems = _read_raw(path, table)
    if raw is None:  # (a column missing or extra: declared in structure.yml, not in the data dictionary)
        declared = f"kolumny zadeklarowane dla tej tabeli w structure.yml: {', '.join(table.columns)}"
        raise InputError(
            [
                p
                if "kolumn" not in p.expected
                else Problem(
                    p.file,
                    p.row,
                    p.column,
                    p.found,
                    ("kolumna obecna w nagłówku – " if p.found is None else "tylko ") + declared,
                )
                for p in problems
            ]
        )
    from .load import is_total_label

    rows, problems = [], []
    for index, record in raw.iterrows():
        row: dict[str, object] = {"_row": int(index) + 2}  # its spreadsheet row, as the office sees it
        if any(is_total_label((record[c.name] or "").strip()) for c in spec.columns if c.type == "text"):
            problems.append(
                Problem(
                    spec.file,
                    int(index) + 2,
                    None,
                    None,
                    "wiersze danych bez wiersza sumy (wiersz „Razem” sprawozdanie dodaje samo)",
                )
            )
            continue
        for c in spec.columns:
            found = (record[c.name] or "").strip()
            at = (spec.file, int(index) + 2, c.name, found[:60] or None)
            if c.type == "text":
                if not found:
                    problems.append(Problem(*at, "tekst (komórka nie może być pusta)"))
                row[c.name] = found
                continue
            value = normalise_value(found, c.type)
            if c.type == "count":
                if not re.fullmatch(r"\d{1,12}", value):
                    problems.append(Problem(*at, TYPES["count"]))
                    continue
                row[c.name] = int(value)
            else:
                try:
                    amount = Decimal(value)
                except InvalidOperation:
                    amount = None
                if amount is None or not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", value):
                    problems.append(Problem(*at, TYPES["money"]))
                    continue
                row[c.name] = int(amount * 100)
        rows.append(row)
    if problems:
        raise InputError(problems)
    return rows


def check_tables(root: Path, data_dir: Path) -> None:
    """Every own chapter's table read and checked (``validate`` and step 1 of the build), its
    problems listed together with file, row and column."""
    from .errors import InputError as _InputError
    from .present.office import FOLDER as TEXTS

    problems = []
    for spec in specs(root).values():
        text = Path(data_dir) / TEXTS / f"{spec.text}.md"
        if not spec.file and not text.is_file():  # else the chapter would be a bare heading
            problems.append(
                Problem(
                    f"{TEXTS}/{spec.text}.md",
                    None,
                    None,
                    None,
                    f"tekst rozdziału własnego „{spec.title}” (structure.yml: own {spec.id}), "
                    "bo rozdział nie ma tabeli",
                )
            )
        if spec.file:
            try:
                read_rows(Path(data_dir) / spec.file, spec)
            except _InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)


def build(data_dir: str | Path, year: int, params_file: str | Path, own_id: str) -> Chapter:
    """Read and check the own chapter's table (if it declares one) and record its numbers."""
    from .cache import note_read
    from .ledger import Ledger
    from .present.escape import Md
    from .structure import FILE

    root = Path(params_file).resolve().parent.parent
    note_read(root / FILE)
    spec = specs(root)[own_id]
    led = Ledger(own_id)
    chapter = Chapter(led, spec.text, Md(spec.label), spec.columns)
    if not spec.file:
        return chapter
    rows = read_rows(Path(data_dir) / spec.file, spec)
    units = {"count": "liczba", "money": MONEY}
    for i, row in enumerate(rows, start=1):
        cells = []
        for c in spec.columns:
            if c.type == "text":
                cells.append(("text", row[c.name]))
                continue
            v = led.add(
                f"{c.name}.{i:02d}",
                row[c.name],
                units[c.type],
                f"{spec.title}: {c.header}, wiersz {row['_row']} pliku",
                "wartość podana przez ośrodek",
                f"{spec.file}: wiersz {row['_row']}, kolumna {c.name}",
            )
            cells.append(("value", v.id))
        chapter.rows.append(cells)
    for c in spec.columns:
        if c.total:
            total = led.add(
                f"{c.name}_total",
                sum(r[c.name] for r in rows),
                units[c.type],
                f"{spec.title}: {c.header} – razem",
                f"suma kolumny {c.name}",
                f"{spec.file}: wszystkie wiersze",
            )
            chapter.totals[c.name] = total.id
    return chapter


def rules(root: Path) -> list:
    """The consistency rules of the own chapters: each total is the sum of its column's rows."""
    from .checks import Rule

    out = []
    for spec in specs(root).values():
        for c in spec.columns:
            if c.total:
                out.append(
                    Rule(
                        id=f"{spec.id}.{c.name}_total",
                        kind="sum_equals",
                        left=(f"{spec.id}.{c.name}.*",),
                        right=(f"{spec.id}.{c.name}_total",),
                        severity="error",
                        description_pl=f"Wiersz „Razem” tabeli „{spec.caption}” to suma kolumny „{c.header}”.",
                        failure_pl="Suma wierszy różni się od wiersza „Razem”.",
                    )
                )
    return out
