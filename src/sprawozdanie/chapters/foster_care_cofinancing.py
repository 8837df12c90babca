"""Chapter 10: the municipality's co-financing of children's stays in foster care (Tabela nr 9).

The register ``foster_care_placements`` has one row per placement: a child moved from a
foster family to a care institution during the year has two rows. Children are therefore
counted as distinct ``foster_care_child_id``: once among all children, once in each type of
care they were in. The difference between the sum by type and the number of children is the
number of children who were in both types in the year; the table says so in a footnote.

The register's own consistency (dates, reasons, one story per child) is checked here by
``check_register``, which raises ``InputError`` naming file, row and column like the loader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from .common import input_file, rows_of

TABLES = ["foster_care_placements"]
PREFIX = "foster_care_cofinancing"
HEADLINES = ("children_cofinanced", "cost_total")

# Statutory share of the municipality in the costs of a child's stay in foster care, by
# year of stay (art. 191 ust. 9 for family care and ust. 10 for institutions of the act on
# family support and foster care), in per cent.
# The key 3 stands for the third and every later year.
STATUTORY_SHARE = {1: 10, 2: 30, 3: 50}
YEAR_OF_STAY_KEYS = {1: "year1", 2: "year2", 3: "year3plus"}
TYPES = ("foster_family", "institution")
# The ledger's words for each year of stay: the share's label, the children's label.
YEAR_OF_STAY_WORDS = {
    1: ("pierwszym roku", "w pierwszym roku"),
    2: ("drugim roku", "w drugim roku"),
    3: ("trzecim roku i następnych latach", "w trzecim lub następnym roku"),  # art. 191 ust. 9 pkt 3
}
TYPE_WORDS = {"foster_family": "w rodzinach zastępczych", "institution": "w placówkach opiekuńczo-wychowawczych"}


@dataclass(frozen=True)
class Chapter:
    """What the chapter's notebook displays: the ledger and whether prior-year figures exist."""

    year: int
    ledger: Ledger
    has_prior: bool


def _blank(value) -> bool:
    """True for an empty cell (None, or NaN/NaT as pandas may store it)."""
    return value is None or bool(pd.isna(value))


def check_register(placements: pd.DataFrame) -> None:
    """Raise ``InputError`` listing every row that breaks the register's rules.

    Rules: a placement ends on or after it starts and starts on or after the child's stay;
    an end reason is given iff an end date is; a child has one stay start and one family;
    a family has one kind of support; a child's placements follow one another without
    overlap, at most one is open, "transferred" ends every placement but the child's last
    and no other reason does.

    >>> df = pd.DataFrame({"foster_care_child_id": ["A"], "foster_care_family_id": ["F"],
    ...     "foster_care_type": ["foster_family"], "foster_care_stay_start": [dt.date(2025, 5, 1)],
    ...     "foster_care_placement_start": [dt.date(2025, 4, 1)], "foster_care_placement_end": [None],
    ...     "foster_care_end_reason": [None], "foster_care_family_support": ["none"]})
    >>> try: check_register(df)
    ... except InputError as e: print(e.problems[0].row, e.problems[0].column)
    2 foster_care_stay_start, foster_care_placement_start
    """
    file = input_file("foster_care_placements")
    problems: list[Problem] = []

    def bad(i: int, columns: str, found, expected: str) -> None:
        # an empty cell is said as empty, never as pandas' "nan"
        problems.append(Problem(file, i + 2, columns, None if _blank(found) else str(found), expected))

    df = placements.reset_index(drop=True)
    for i, r in df.iterrows():
        start, end, stay = r["foster_care_placement_start"], r["foster_care_placement_end"], r["foster_care_stay_start"]
        if start < stay:
            bad(
                i,
                "foster_care_stay_start, foster_care_placement_start",
                start,
                "początek pobytu w danej formie nie wcześniejszy niż pierwsze umieszczenie dziecka w pieczy",
            )
        if not _blank(end) and end < start:
            bad(
                i,
                "foster_care_placement_start, foster_care_placement_end",
                end,
                "data zakończenia nie wcześniejsza niż data rozpoczęcia",
            )
        if _blank(end) != _blank(r["foster_care_end_reason"]):
            bad(
                i,
                "foster_care_placement_end, foster_care_end_reason",
                r["foster_care_end_reason"],
                "przyczyna zakończenia podana wtedy i tylko wtedy, gdy podano datę zakończenia",
            )
    for column, key, what in [
        ("foster_care_stay_start", "foster_care_child_id", "dziecka"),
        ("foster_care_family_id", "foster_care_child_id", "dziecka"),
        ("foster_care_family_support", "foster_care_family_id", "rodziny"),
    ]:
        varying = df.groupby(key)[column].transform("nunique") > 1
        for i in df.index[varying]:
            bad(i, f"{key}, {column}", df.at[i, column], f"ta sama wartość we wszystkich wierszach tego samego {what}")
    for _child, rows in df.groupby("foster_care_child_id"):
        rows = rows.sort_values("foster_care_placement_start")
        idx = list(rows.index)
        for k, i in enumerate(idx):
            last = k == len(idx) - 1
            end, reason = df.at[i, "foster_care_placement_end"], df.at[i, "foster_care_end_reason"]
            if not last:
                nxt = df.at[idx[k + 1], "foster_care_placement_start"]
                if _blank(end) or nxt <= end:
                    bad(
                        idx[k + 1],
                        "foster_care_child_id, foster_care_placement_start",
                        nxt,
                        "kolejny pobyt dziecka zaczyna się po zakończeniu poprzedniego",
                    )
                if not _blank(reason) and reason != "transferred":
                    bad(
                        i,
                        "foster_care_child_id, foster_care_end_reason",
                        reason,
                        "pobyt, po którym dziecko ma kolejny pobyt, kończy się przeniesieniem (transferred)",
                    )
            elif reason == "transferred":
                bad(
                    i,
                    "foster_care_child_id, foster_care_end_reason",
                    reason,
                    "po przeniesieniu (transferred) wiersz kolejnego pobytu tego samego dziecka",
                )
    if problems:
        raise InputError(problems)


def year_of_stay(stay_start: dt.date, year: int, left=None) -> int:
    """The child's year of stay in foster care: 1, 2, or 3 for the third and later.

    A year of stay (art. 191 ust. 9 and 10) runs from the day of the first placement, so it is counted
    on one day: 31 December of the report year, or the day the child left care if earlier. As
    the civil code counts a period from an event (art. 111 § 2, art. 112), the first year ends
    with the anniversary of the placement; a year from 29 February ends with 28 February.

    >>> [year_of_stay(dt.date(y, 6, 1), 2025) for y in (2025, 2024, 2023, 2010)]
    [1, 2, 3, 3]
    >>> year_of_stay(dt.date(2024, 11, 4), 2025, dt.date(2025, 8, 29))  # left within its first year
    1
    >>> [year_of_stay(dt.date(2024, 12, 31), 2025), year_of_stay(dt.date(2024, 2, 29), 2025, dt.date(2025, 2, 28)),
    ...  year_of_stay(dt.date(2024, 2, 29), 2025, dt.date(2025, 3, 1))]
    [1, 1, 2]
    """
    if pd.isna(stay_start):  # None and NaT alike
        raise ValueError("year_of_stay: no date of the first placement")  # the schema requires one
    on = dt.date(year, 12, 31)
    if not pd.isna(left):
        on = min(on, pd.Timestamp(left).date())
    start = pd.Timestamp(stay_start).date()
    completed = on.year - start.year - ((on.month, on.day) <= (start.month, start.day))
    return min(max(completed + 1, 1), 3)


def children(placements: pd.DataFrame) -> pd.DataFrame:
    """One row per child: family, stay start, its last placement's end reason, types of care.

    >>> df = pd.DataFrame({"foster_care_child_id": ["A", "A"], "foster_care_family_id": ["F", "F"],
    ...     "foster_care_type": ["foster_family", "institution"],
    ...     "foster_care_stay_start": [dt.date(2020, 1, 1)] * 2,
    ...     "foster_care_placement_start": [dt.date(2020, 1, 1), dt.date(2025, 3, 2)],
    ...     "foster_care_placement_end": [dt.date(2025, 3, 1), None],
    ...     "foster_care_end_reason": ["transferred", None], "foster_care_family_support": ["none"] * 2})
    >>> children(df)[["child", "types", "end_reason", "in_care_at_year_end"]].values.tolist()
    [['A', 'foster_family>institution', None, True]]
    """
    cols = ["child", "family", "stay_start", "end_reason", "support", "types", "in_care_at_year_end", "left"]
    if placements.empty:
        return pd.DataFrame(columns=cols)
    out = []
    for child, rows in placements.sort_values("foster_care_placement_start").groupby("foster_care_child_id", sort=True):
        last = rows.iloc[-1]
        left = None if _blank(last["foster_care_placement_end"]) else last["foster_care_placement_end"]
        out.append(
            {
                "child": child,
                "family": last["foster_care_family_id"],
                "stay_start": last["foster_care_stay_start"],
                "end_reason": None if _blank(last["foster_care_end_reason"]) else last["foster_care_end_reason"],
                "support": last["foster_care_family_support"],
                "types": ">".join(rows["foster_care_type"]),
                "in_care_at_year_end": left is None,
                "left": left,
            }
        )
    return pd.DataFrame(out, columns=cols)


def placements_of(placements: pd.DataFrame, child_ids) -> pd.DataFrame:
    """Every placement of these children: the rows a count of children is counted from."""
    return placements[placements["foster_care_child_id"].isin(child_ids)]


def _moved(types: str, a: str, b: str) -> bool:
    seq = types.split(">")
    return any(x == a and y == b for x, y in zip(seq, seq[1:]))


def _table_figures(
    led: Ledger,
    placements: pd.DataFrame,
    key_prefix: str = "",
    label_suffix: str = "",
    source_prefix: str = "",
) -> None:
    """The figures of Tabela nr 9 for one year, recorded under ``key_prefix``."""
    file = source_prefix + input_file("foster_care_placements")
    per_child = children(placements)
    by_type = {t: placements[placements["foster_care_type"] == t] for t in TYPES}

    def add(key, value, unit, label, formula, inputs, rows: pd.DataFrame):
        ((name, keys),) = rows_of(rows, "foster_care_placements").items()
        if source_prefix:  # the prior year's file: "foster_care_placements.csv (dane za 2024)"
            name = f"{name} ({source_prefix.removesuffix(': ')})"
        led.add(key_prefix + key, value, unit, label + label_suffix, formula, inputs, {name: keys})

    add(
        "children_cofinanced",
        int(placements["foster_care_child_id"].nunique()),
        "dzieci",
        "Dzieci, których pobyt w pieczy zastępczej gmina współfinansowała",
        "liczba różnych identyfikatorów dzieci",
        f"{file}: foster_care_child_id",
        placements,
    )
    add(
        "children_foster_family",
        int(by_type["foster_family"]["foster_care_child_id"].nunique()),
        "dzieci",
        "Dzieci w rodzinach zastępczych, których pobyt gmina współfinansowała",
        "liczba różnych dzieci z co najmniej jednym pobytem w rodzinie zastępczej",
        f"{file}: foster_care_type = foster_family",
        by_type["foster_family"],
    )
    add(
        "children_institution",
        int(by_type["institution"]["foster_care_child_id"].nunique()),
        "dzieci",
        "Dzieci w placówkach opiekuńczo-wychowawczych, których pobyt gmina współfinansowała",
        "liczba różnych dzieci z co najmniej jednym pobytem w placówce",
        f"{file}: foster_care_type = institution",
        by_type["institution"],
    )
    both = per_child["types"].map(lambda s: len(set(s.split(">"))) > 1)
    add(
        "children_in_both_types",
        int(both.sum()),
        "dzieci",
        "Dzieci, które w roku przebywały w obu rodzajach pieczy (liczone w obu wierszach tabeli)",
        "liczba dzieci z pobytami w rodzinie zastępczej i w placówce",
        f"{file}: foster_care_child_id, foster_care_type",
        placements_of(placements, per_child.loc[both, "child"]),
    )
    for key, a, b, what in [
        (
            "children_moved_to_institution",
            "foster_family",
            "institution",
            "z rodziny zastępczej do placówki opiekuńczo-wychowawczej",
        ),
        (
            "children_moved_to_foster_family",
            "institution",
            "foster_family",
            "z placówki opiekuńczo-wychowawczej do rodziny zastępczej",
        ),
    ]:
        moved = per_child["types"].map(lambda s, a=a, b=b: _moved(s, a, b)).astype(bool)
        n = int(moved.sum())
        add(
            key,
            n,
            "dzieci",
            f"Dzieci przeniesione w roku {what}",
            "liczba dzieci, których pobyt w jednej formie zakończono przeniesieniem i po nim nastąpił pobyt w drugiej",
            f"{file}: foster_care_end_reason = transferred, foster_care_type",
            placements_of(placements, per_child.loc[moved, "child"]),
        )
    for t, label in TYPE_WORDS.items():
        add(
            f"cost_{t}",
            int(by_type[t]["foster_care_cofinancing_gr"].sum()),
            MONEY,
            f"Wydatki gminy na współfinansowanie pobytu dzieci {label}",
            "suma kolumny foster_care_cofinancing_zl w wierszach tego rodzaju pieczy",
            f"{file}: foster_care_type = {t}",
            by_type[t],
        )
    add(
        "cost_total",
        int(placements["foster_care_cofinancing_gr"].sum()),
        MONEY,
        "Wydatki gminy na współfinansowanie pobytu dzieci w pieczy zastępczej – łącznie",
        "suma kolumny foster_care_cofinancing_zl",
        f"{file}: wszystkie wiersze",
        placements,
    )


def compute(frames: dict[str, pd.DataFrame], year: int, prior_frames: dict[str, pd.DataFrame] | None = None) -> Chapter:
    """Every number of chapter 10; the prior year's Tabela nr 9 figures when its register is given."""
    placements = frames["foster_care_placements"]
    check_register(placements)
    led = Ledger(PREFIX)
    file = input_file("foster_care_placements")

    for n, key in YEAR_OF_STAY_KEYS.items():
        when = YEAR_OF_STAY_WORDS[n][0]
        led.add(
            f"share_{key}",
            STATUTORY_SHARE[n],
            "proc.",
            f"Udział gminy w wydatkach w {when} pobytu dziecka w pieczy",
            "stawka ustawowa (art. 191 ust. 9 i 10 ustawy o wspieraniu rodziny i systemie pieczy zastępczej)",
            "ustawa o wspieraniu rodziny i systemie pieczy zastępczej",
        )
    per_child = children(placements)
    years = pd.Series(
        [year_of_stay(c.stay_start, year, c.left) for c in per_child.itertuples(index=False)], dtype="int64"
    )
    for n, key in YEAR_OF_STAY_KEYS.items():
        what = YEAR_OF_STAY_WORDS[n][1]
        rule = {1: "nie minął rok", 2: "minął rok, lecz nie dwa lata", 3: "minęły co najmniej dwa lata"}[n]
        led.add(
            f"children_{key}",
            int((years == n).sum()),
            "dzieci",
            f"Dzieci {what} pobytu w pieczy zastępczej",
            f"liczba dzieci, u których od pierwszego umieszczenia w pieczy do 31 grudnia {year} r. (albo do dnia"
            f" opuszczenia pieczy, jeżeli był wcześniejszy) {rule}",
            f"{file}: foster_care_stay_start, foster_care_placement_end",
            rows_of(placements_of(placements, per_child.loc[years == n, "child"]), "foster_care_placements"),
        )
    _table_figures(led, placements)

    has_prior = prior_frames is not None
    if has_prior:
        prior = prior_frames["foster_care_placements"]
        check_register(prior)
        _table_figures(led, prior, "prior.", f" (rok {year - 1})", f"dane za {year - 1}: ")
    return Chapter(year, led, has_prior)


def build(data_dir: str | Path, year: int, prior_data_dir: str | Path | None = None) -> Chapter:
    """Load and validate this chapter's inputs, then compute it.

    ``prior_data_dir`` is the prior year's data folder; its register is read (and validated
    for that year) when the folder holds the register's file, else the prior-year columns of
    Tabela nr 9 are left without data.
    """
    frames = load_inputs(data_dir, year, TABLES)
    prior_frames = None
    if prior_data_dir and (Path(prior_data_dir) / input_file("foster_care_placements")).is_file():
        prior_frames = load_inputs(prior_data_dir, year - 1, TABLES)
    return compute(frames, year, prior_frames)
