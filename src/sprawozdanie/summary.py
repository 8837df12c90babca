"""The headline figures ("Najważniejsze liczby") and their change on the prior year."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from .chapters import MODULES
from .ledger import Ledger, Value
from .measures import change_of
from .present.markup import Narrator, shown


def report_modules(params_file: Path | str) -> tuple:
    """The chapter modules of this report, in its order: the workspace's structure.yml (the
    workspace holds ``params/<year>.yml``), else the tool's order. A chapter left out of the
    report gives no headline: the summary names only what the report details."""
    from .cache import note_read
    from .project import Project
    from .structure import FILE

    root = Path(params_file).resolve().parent.parent
    note_read(root / FILE)  # a changed structure re-runs the summary
    by_id = {m.PREFIX: m for m in MODULES}
    ids = [Path(c).stem for c in Project.at(root).chapters() if c.endswith(".ipynb")]
    return tuple(by_id[i] for i in ids if i in by_id)


def chapter_ledgers(data_dir: Path | str, year: int, modules=MODULES, params=None) -> list[Ledger]:
    """The ledgers of ``modules``, each computed as its notebook does (with the params' options)."""
    from .chapters import build

    return [build(module, data_dir, year, params).ledger for module in modules]


def recorded_ledgers(values_file: Path | str, modules=MODULES) -> list[Ledger]:
    """The ledgers of ``modules`` as their notebooks recorded them in this build: the build
    writes them to ``values_file`` before the summary runs, so each chapter is computed once."""
    import json

    from .cache import note_read

    note_read(values_file)  # other values re-run the summary; reworded chapters do not
    recorded = {p["prefix"]: p["values"] for p in json.loads(Path(values_file).read_text(encoding="utf-8"))}
    return [Ledger.from_records(module.PREFIX, recorded.get(module.PREFIX, [])) for module in modules]


def prior_ledgers(data_dir: Path | str, year: int, modules=MODULES, params=None) -> list[Ledger] | None:
    """The prior year's ledgers of the chapters whose input files are all present there
    (validated like any year's); None when there is no such chapter."""
    from .cache import note_read
    from .chapters import build
    from .schema import registry

    if not data_dir:  # no prior year to compare with
        return None
    folder = Path(data_dir)
    tables = registry().tables
    available = []
    for module in modules:
        files = [folder / tables[t].file for t in module.TABLES]
        for f in files:
            note_read(f)  # so that adding the prior year's files later re-runs the summary
        # an input whose absence means only "not given" (an office's own totals) is not required
        given_only = {folder / tables[t].file for t in module.TABLES if tables[t].given_only}
        if all(f.is_file() for f in files if f not in given_only):
            available.append(module)
    ledgers = [build(module, folder, year, params).ledger for module in available]
    return ledgers or None


def earlier_years(data_root: Path | str, year: int, teryt: str) -> list[int]:
    """Years before ``year - 1`` that have a folder of the municipality ``teryt`` in
    ``data_root`` (the prior year is compared in the table; these only add to the chart)."""
    from .cache import note_read

    root = Path(data_root)
    note_read(root)  # a year folder added later re-runs the summary
    if not root.is_dir():
        return []
    from . import owner

    # only this municipality's years (each folder says whose data it holds)
    return sorted(
        int(d.name)
        for d in root.iterdir()
        if d.is_dir() and d.name.isdigit() and int(d.name) < year - 1 and owner.same_municipality(d, teryt)
    )


# A panel needs a trend: two years are the two numbers already in the table beside the chart.
TREND_YEARS = 3


def history(current: list[Ledger], changes: Ledger, data_dir: Path | str, year: int) -> list[dict]:
    """Each headline across every year with data (year folders beside ``data_dir``).

    Values of years before the prior one are recorded in ``changes`` (``sum.y<year>.<id>``),
    so the chart, like the table, shows only ledger values. Returns one panel per headline
    with at least ``TREND_YEARS`` years: title, unit and a list of (year, ledger id).
    """
    from . import owner

    data_root = Path(data_dir).parent
    own = owner.read(data_dir)
    years = earlier_years(data_root, year, own.teryt) if own is not None else []
    earlier = {y: prior_ledgers(data_root / str(y), y) or [] for y in years}
    panels = []
    for vid in headline_ids(current):
        cur = _find(current, vid)
        points = []
        for y, ledgers in earlier.items():
            try:
                before = _find(ledgers, vid)
            except KeyError:
                continue
            v = changes.add(
                f"y{y}.{vid}",
                before.value,
                before.unit,
                f"{cur.label_pl} – {y}",
                before.formula_pl,
                f"dane za {y}: {before.inputs}",
                *of_year(before, y),
            )
            points.append((y, v.id))
        if f"sum.prior.{vid}" in changes:
            points.append((year - 1, f"sum.prior.{vid}"))
        points.append((year, vid))
        if len(points) >= TREND_YEARS:
            panels.append({"title": cur.label_pl, "unit": cur.unit, "points": points})
    return panels


def headline_ids(current: list[Ledger] | None = None) -> list[str]:
    """The headlines of the chapters ``current`` holds (default: every chapter), in its order."""
    by_prefix = {m.PREFIX: m for m in MODULES}
    prefixes = [led.prefix for led in current] if current is not None else list(by_prefix)
    return [f"{p}.{key}" for p in prefixes if p in by_prefix for key in by_prefix[p].HEADLINES]


def of_year(value: Value, year: int) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """A value's rows and their numbers (``rows``, ``rows_total``) as another year's: each file
    named "<file> (dane za <year>)", as the annex prints them beside this year's.

    >>> from sprawozdanie.ledger import Ledger
    >>> v = Ledger("a").add("x", 1, "dzieci", "", "", "", {"p.csv": ["PZ-1"]})
    >>> of_year(v, 2024)
    ({'p.csv (dane za 2024)': ('PZ-1',)}, {})
    """
    return (
        {f"{file} (dane za {year})": keys for file, keys in value.rows},
        {f"{file} (dane za {year})": total for file, total in value.rows_total},
    )


def _find(ledgers: list[Ledger], vid: str) -> Value:
    for led in ledgers:
        if vid in led:
            return led[vid]
    raise KeyError(vid)


def compare(current: list[Ledger], prior: list[Ledger] | None, prior_year: int) -> tuple[Ledger, list[dict]]:
    """For each headline: current value, prior value, change and change in per cent.

    The prior-year values and the changes are recorded in a ledger of their own
    (prefix ``sum``), so every number of the summary can be traced like any other.
    Rows carry ledger ids, or None where there is nothing to compare.
    """
    led = Ledger("sum")
    rows = []
    for vid in headline_ids(current):
        cur = _find(current, vid)
        row = {"id": vid, "label_pl": cur.label_pl, "prior": None, "change": None, "change_pct": None}
        before = None
        if prior is not None:
            try:
                before = _find(prior, vid)
            except KeyError:  # that chapter has no inputs for the prior year
                before = None
        if before is not None:
            src = f"dane za {prior_year}: {before.inputs}"
            prior_rows, prior_totals = of_year(before, prior_year)
            p = led.add(
                f"prior.{vid}",
                before.value,
                before.unit,
                f"{cur.label_pl} – {prior_year}",
                before.formula_pl,
                src,
                prior_rows,
                prior_totals,
            )
            row["prior"] = p.id
            diff = cur.value - before.value
            row["change"] = led.add(
                f"change.{vid}",
                diff,
                change_of(cur.unit),
                f"{cur.label_pl} – zmiana",
                f"wartość za rok sprawozdania minus wartość za {prior_year} r.",
                f"{cur.inputs}; {src}",
                {**dict(cur.rows), **prior_rows},
                {**dict(cur.rows_total), **prior_totals},
            ).id
            if before.value:
                row["change_pct"] = led.add(
                    f"change_pct.{vid}",
                    Fraction(diff) / Fraction(before.value),
                    "%",
                    f"{cur.label_pl} – zmiana w %",
                    f"zmiana podzielona przez wartość za {prior_year} r., wyrażona w procentach z jednym miejscem po przecinku, z zaokrągleniem połówek w górę",
                    f"{cur.inputs}; {src}",
                    {**dict(cur.rows), **prior_rows},
                    {**dict(cur.rows_total), **prior_totals},
                ).id
        rows.append(row)
    return led, rows


def split_rows(rows: list[dict], t: Narrator) -> tuple[list[dict], list[dict]]:
    """The rows compared with the prior year (they have its value) and the rows without a prior
    value, each without the rows that would show only zeros: two tables, so that no column is
    filled with "brak danych" for the headlines the prior year's data do not hold."""
    compared = [r for r in rows if r["prior"] and (t.n(r["id"]) or t.n(r["prior"]))]
    alone = [r for r in rows if not r["prior"] and t.n(r["id"])]
    return compared, alone


def years_chart(t: Narrator, panels: list[dict]):
    """Small multiples: one panel per headline, a bar per year, each bar labelled as in the text."""
    from .present.charts import small_multiples

    return small_multiples(
        [(p["title"], [(str(y), t.value(i).value, shown(t.value(i))) for y, i in p["points"]]) for p in panels]
    )
