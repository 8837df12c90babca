"""Chapter 1: the family-assistance team and the family assistants (Tables 1–4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..durations import BANDS, DEFINITION_PL, MONTH_PARTS, bands_of, month_parts
from ..ledger import Ledger
from ..load import load_inputs
from ..measures import MONEY
from ..schema import registry
from .common import input_file, record_aggregates, rows_of

TABLES = [
    "family_assistance_cases",
    "family_assistance_monitoring",
    "family_assistance_contacts",
    "family_assistance_aggregates",
    "za_zyciem_payments",
]

PREFIX = "family_assistance"
OPTIONS = ("end_reason_groups",)  # params fields the chapter follows (see chapters.build)
# The chapter's figures in the report's summary ("Najważniejsze liczby").
HEADLINES = (
    "families",
    "children",
    "court_ordered",
    "ended",
    "open",
    "duration_mean_months",
    "contacts_total",
    "za_zyciem_amount",
)


@dataclass(frozen=True)
class Chapter:
    """What the chapter's notebook displays: the ledger and the frames behind charts."""

    year: int
    ledger: Ledger
    durations: pd.DataFrame  # one row per family: family_id, months (Fraction), band, month_parts
    contacts: pd.DataFrame  # institution, contacts, ledger id
    end_rows: tuple[EndRow, ...] = ()  # the reasons for ending work, as the table and text give them
    # the years before the report year in which monitored families' work ended: the text names
    # the year when there is one ("w 2024 r."), else says "przed 2025 r."
    monitored_prior_years: tuple[int, ...] = ()
    # the register is a reconstruction (data/<year>/reconstructed.yml), not the office's records:
    # the text states no fact of it beyond the figures it gives
    register_reconstructed: bool = False


@dataclass(frozen=True)
class EndRow:
    """A row of the table of ended work and a clause of its sentence: one reason, or reasons
    the office gives as one (params ``end_reason_groups``)."""

    id: str  # ledger key of the row's count
    label: str  # the table's row
    phrase: str  # the text's words after "w 3 przypadkach"
    codes: tuple[str, ...]  # the end_reason codes it counts
    parts: tuple[tuple[str, str, str], ...] = ()  # a group's further reasons: (ledger key, words, label)
    # the group's clause is its first reason's words with the others joined by "albo", their
    # counts in brackets ("… albo zmiany … (ta ostatnia przyczyna – w 7 przypadkach)"); False:
    # the office's own words, the others' counts after them ("w tym …")
    joined: bool = False


def end_rows(groups=()) -> list[EndRow]:
    """The rows in the code list's order, a group where its first reason stands; the words
    are the schema's (``phrase_pl``, ``label_pl``) unless the office's group gives its own.

    >>> [r.id for r in end_rows()][:2]
    ['ended_goals_achieved', 'ended_refusal']
    >>> class G:  # params.EndReasonGroup
    ...     codes, label, phrase = ["refusal", "moved_away"], "odmowa, przeprowadzka", ""
    >>> rows = end_rows([G()])
    >>> [r.id for r in rows]
    ['ended_goals_achieved', 'ended_refusal_or_moved_away', 'ended_no_effects', 'ended_other']
    >>> rows[1].phrase == end_rows()[1].phrase, rows[1].parts[0][:2], rows[1].joined
    (True, ('ended_moved_away', 'zmiany miejsca zamieszkania rodziny poza gminę'), True)
    """
    codes = registry().codes["end_reason"]
    group_of = {c: g for g in groups for c in g.codes}
    rows, done = [], set()
    for code, spec in codes.items():
        group = group_of.get(code)
        if group is None:
            rows.append(EndRow(f"ended_{code}", spec.label_pl, spec.phrase_pl, (code,)))
        elif id(group) not in done:
            done.add(id(group))
            first, *rest = group.codes
            head = codes[first].phrase_pl
            # "z powodu A albo – w 7 z nich – B": the reasons after the first share its "z powodu"
            shared = "z powodu " if head.startswith("z powodu ") and not group.phrase else ""
            rows.append(
                EndRow(
                    "ended_" + "_or_".join(group.codes),
                    group.label,
                    group.phrase or head,
                    tuple(group.codes),
                    tuple((f"ended_{c}", codes[c].phrase_pl.removeprefix(shared), codes[c].label_pl) for c in rest),
                    joined=not group.phrase,
                )
            )
    return rows


def family_durations(cases: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each family's duration of work in months: the sum of its cases' lengths.

    A case still open is counted to 31 December of the report year (see
    ``sprawozdanie.durations`` for how a length in months is counted).

    >>> cases = pd.DataFrame({"family_id": ["A", "B", "B"],
    ...     "start_date": [dt.date(2025, 1, 1), dt.date(2024, 7, 1), dt.date(2025, 11, 1)],
    ...     "end_date": [dt.date(2025, 3, 31), dt.date(2025, 6, 30), None]})
    >>> family_durations(cases, 2025)[["family_id", "months", "band"]].values.tolist()
    [['A', Fraction(3, 1), 'up_to_3'], ['B', Fraction(14, 1), 'over_12']]
    """
    year_end = dt.date(year, 12, 31)
    ends = cases["end_date"].where(cases["end_date"].notna(), year_end)
    # Exact integer parts of a month per case, summed per family; one Fraction per distinct total.
    parts = pd.Series(month_parts(list(cases["start_date"]), list(ends)), index=cases.index)
    per_family = parts.groupby(cases["family_id"], sort=True).sum()
    months = per_family.map({p: Fraction(int(p), MONTH_PARTS) for p in per_family.unique()})
    out = months.astype(object).rename("months").reset_index()
    out["band"] = bands_of(per_family.to_numpy())
    out["month_parts"] = per_family.to_numpy()  # the months in exact integer parts, for sums and means
    return out


def latest_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Each family's latest case (by start date), the one its children are counted from."""
    return cases.sort_values("start_date", kind="stable").drop_duplicates("family_id", keep="last")


def family_children(cases: pd.DataFrame) -> pd.Series:
    """Minor children per family, from the family's latest case (children are counted once)."""
    return latest_cases(cases).set_index("family_id")["minor_children"]


def record_register(
    led: Ledger, cases: pd.DataFrame, year: int, end_reason_groups=()
) -> tuple[pd.DataFrame, list[EndRow]]:
    """Record every number counted from the register of cases (families, children, cases
    ended and open, reasons, durations); return the families' durations and the rows of the
    table of ended work. The mutation run covers this (docs/tests.md, "Mutation run")."""
    reg_file = input_file("family_assistance_cases")

    def rows_in(frame: pd.DataFrame) -> dict[str, list[str]]:
        return rows_of(frame, "family_assistance_cases")

    is_open = cases["end_date"].isna()
    ended = cases[~is_open]
    still_open = cases[is_open]
    led.add(
        "assistants",
        int(cases["assistant_id"].nunique()),
        "osoby",
        "Asystenci rodziny prowadzący rodziny w roku",
        "liczba różnych identyfikatorów asystentów w rejestrze",
        f"{reg_file}: assistant_id",
        rows_in(cases),
    )
    by_family = cases.groupby("family_id", sort=False)  # only counted: no need to sort a million ids
    led.add(
        "cases",
        len(cases),
        "sprawy",
        "Sprawy (okresy pracy asystenta z rodziną) trwające w roku",
        "liczba wierszy rejestru",
        f"{reg_file}: wszystkie wiersze",
        rows_in(cases),
    )
    led.add(
        "families",
        int(cases["family_id"].nunique()),
        "rodziny",
        "Rodziny objęte wsparciem asystenta rodziny w ciągu roku",
        "liczba różnych family_id",
        f"{reg_file}: family_id",
        rows_in(cases),
    )
    # A family with both an ended case and a case still open: some, but not all, end dates given.
    ended_per_family = by_family["end_date"].count()
    restarted = (ended_per_family > 0) & (ended_per_family < by_family.size())
    led.add(
        "families_restarted",
        int(restarted.sum()),
        "rodziny",
        "Rodziny ujęte zarówno wśród rodzin, z którymi zakończono pracę, jak i wśród rodzin objętych wsparciem na 31 grudnia",
        "rodziny mające w roku sprawę zakończoną i sprawę trwającą na 31 grudnia",
        f"{reg_file}: family_id z end_date pustym i niepustym",
        rows_in(cases[cases["family_id"].isin(restarted[restarted].index)]),
    )
    led.add(
        "children",
        int(family_children(cases).sum()),
        "dzieci",
        "Małoletnie dzieci w rodzinach objętych wsparciem asystenta rodziny",
        "suma minor_children po rodzinach (z ostatniej sprawy rodziny)",
        f"{reg_file}: family_id, minor_children",
        rows_in(latest_cases(cases)),
    )
    led.add(
        "foster_care_families",
        int(by_family["children_in_foster_care"].any().sum()),
        "rodziny",
        "Rodziny, których dzieci przebywają w pieczy zastępczej",
        "liczba rodzin z children_in_foster_care = true w którejkolwiek sprawie",
        f"{reg_file}: children_in_foster_care = true",
        rows_in(cases[cases["children_in_foster_care"]]),
    )
    led.add(
        "court_ordered",
        int(by_family["court_ordered"].any().sum()),
        "rodziny",
        "Rodziny zobowiązane przez sąd do pracy z asystentem rodziny",
        "liczba rodzin z court_ordered = true w którejkolwiek sprawie",
        f"{reg_file}: court_ordered = true",
        rows_in(cases[cases["court_ordered"]]),
    )
    led.add(
        "za_zyciem_families",
        int(by_family["za_zyciem"].any().sum()),
        "rodziny",
        "Rodziny objęte wsparciem asystenta na podstawie ustawy „Za życiem”",
        "liczba rodzin z za_zyciem = true",
        f"{reg_file}: za_zyciem = true",
        rows_in(cases[cases["za_zyciem"]]),
    )
    led.add(
        "ended",
        len(ended),
        "rodziny",
        "Rodziny, z którymi asystent rodziny zakończył pracę w ciągu roku",
        "liczba spraw z datą zakończenia (każda sprawa dotyczy jednej rodziny)",
        f"{reg_file}: end_date niepuste",
        rows_in(ended),
    )
    reasons = ended["end_reason"].value_counts()
    for code in registry().codes["end_reason"]:
        led.add(
            f"ended_{code}",
            int(reasons.get(code, 0)),
            "rodziny",
            f"Zakończenie pracy: {registry().codes['end_reason'][code].label_pl}",
            f"liczba wierszy z end_reason = {code}",
            f"{reg_file}: end_reason = {code}",
            rows_in(ended[ended["end_reason"] == code]),
        )
    rows = end_rows(end_reason_groups)
    for row in rows:
        if len(row.codes) > 1:  # a group the office gives as one row: the sum of its reasons
            led.add(
                row.id,
                sum(led[f"ended_{c}"].value for c in row.codes),
                "rodziny",
                f"Zakończenie pracy: {row.label}",
                " + ".join(f"ended_{c}" for c in row.codes),
                f"{reg_file}: end_reason w ({', '.join(row.codes)})",
                rows_in(ended[ended["end_reason"].isin(row.codes)]),
            )
    led.add(
        "open",
        len(still_open),
        "rodziny",
        f"Rodziny objęte wsparciem asystenta rodziny na dzień 31 grudnia {year} r.",
        "liczba spraw bez daty zakończenia (każda sprawa dotyczy jednej rodziny)",
        f"{reg_file}: end_date puste",
        rows_in(still_open),
    )
    led.add(
        "open_court",
        int(still_open["court_ordered"].sum()),
        "rodziny",
        f"Rodziny zobowiązane przez sąd, objęte wsparciem asystenta rodziny na dzień 31 grudnia {year} r.",
        "wiersze bez daty zakończenia z court_ordered = true",
        f"{reg_file}: end_date puste, court_ordered = true",
        rows_in(still_open[still_open["court_ordered"]]),
    )
    led.add(
        "open_voluntary",
        int((~still_open["court_ordered"]).sum()),
        "rodziny",
        f"Rodziny współpracujące dobrowolnie na dzień 31 grudnia {year} r.",
        "wiersze bez daty zakończenia z court_ordered = false",
        f"{reg_file}: end_date puste, court_ordered = false",
        rows_in(still_open[~still_open["court_ordered"]]),
    )
    led.add(
        "open_children",
        int(still_open["minor_children"].sum()),
        "dzieci",
        f"Małoletnie dzieci w rodzinach objętych wsparciem asystenta rodziny na dzień 31 grudnia {year} r.",
        "suma minor_children w wierszach bez daty zakończenia",
        f"{reg_file}: end_date puste",
        rows_in(still_open),
    )

    durations = family_durations(cases, year)
    bands = durations["band"].value_counts()
    for code, label, _low, _high in BANDS:
        led.add(
            f"duration_{code}",
            int(bands.get(code, 0)),
            "rodziny",
            f"Czas pracy z rodziną: {label}",
            f"liczba rodzin w przedziale czasu pracy ({DEFINITION_PL})",
            f"{reg_file}: start_date, end_date (otwarte do 31.12.{year})",
            rows_in(cases[cases["family_id"].isin(durations.loc[durations["band"] == code, "family_id"])]),
        )
    total = Fraction(int(durations["month_parts"].sum()), MONTH_PARTS)  # exact, summed in integers
    mean = total / len(durations) if len(durations) else Fraction(0)
    led.add(
        "duration_mean_months",
        mean,
        "miesiące",
        "Średni czas pracy asystenta z rodziną (w miesiącach)",
        "średnia arytmetyczna czasu pracy rodzin, zaokrąglona do pełnych miesięcy, z zaokrągleniem połówek w górę",
        f"{reg_file}: start_date, end_date (otwarte do 31.12.{year})",
        rows_in(cases),
    )
    return durations, rows


def compute(frames: dict[str, pd.DataFrame], year: int, end_reason_groups=()) -> Chapter:  # pragma: no mutate block
    """Every number of chapter 1, from the validated input frames. (The mutation run leaves
    out what is not counted from the register: aggregates the office gives, read as typed.)"""
    # --- load -----------------------------------------------------------------------
    cases = frames["family_assistance_cases"]
    monitoring = frames["family_assistance_monitoring"]
    contacts = frames["family_assistance_contacts"]
    payments = frames["za_zyciem_payments"]
    led = Ledger(PREFIX)

    # --- compute and record: the register -------------------------------------------
    durations, rows = record_register(led, cases, year, end_reason_groups)

    # --- compute and record: monitoring after the end of work --------------------------
    mon_file = input_file("family_assistance_monitoring")
    ended_in_year = monitoring["work_end_date"].map(lambda d: d.year == year)
    led.add(
        "monitored",
        len(monitoring),
        "rodziny",
        "Rodziny monitorowane po zakończeniu pracy asystenta",
        "liczba wierszy pliku monitorowania",
        f"{mon_file}: wszystkie wiersze",
        rows_of(monitoring, "family_assistance_monitoring"),
    )
    led.add(
        "monitored_ended_prior_year",
        int((~ended_in_year).sum()),
        "rodziny",
        "Monitorowane rodziny, z którymi zakończono pracę przed rokiem sprawozdawczym",
        "wiersze z work_end_date przed 1 stycznia",
        f"{mon_file}: work_end_date < {year}-01-01",
        rows_of(monitoring[~ended_in_year], "family_assistance_monitoring"),
    )
    led.add(
        "monitored_ended_this_year",
        int(ended_in_year.sum()),
        "rodziny",
        "Monitorowane rodziny, z którymi zakończono pracę w roku sprawozdawczym",
        "wiersze z work_end_date w roku",
        f"{mon_file}: work_end_date w {year}",
        rows_of(monitoring[ended_in_year], "family_assistance_monitoring"),
    )
    led.add(
        "monitored_goals_achieved",
        int((monitoring["end_reason"] == "goals_achieved").sum()),
        "rodziny",
        "Monitorowane rodziny, z którymi zakończono pracę po osiągnięciu celów",
        "wiersze z end_reason = goals_achieved",
        f"{mon_file}: end_reason = goals_achieved",
        rows_of(monitoring[monitoring["end_reason"] == "goals_achieved"], "family_assistance_monitoring"),
    )

    # --- compute and record: aggregates reported by the office --------------------------
    record_aggregates(
        led, frames["family_assistance_aggregates"], "family_assistance_aggregates", "indicator", "value", "liczba"
    )

    con_file = input_file("family_assistance_contacts")
    contact_ids = []
    for i, row in enumerate(contacts.itertuples(index=False), start=1):
        v = led.add(
            f"contacts.{i:02d}",
            int(row.contacts),
            "kontakty",
            f"Kontakty z instytucją: {row.institution}",
            "wartość podana przez ośrodek",
            f"{con_file}: wiersz {i + 1}",
            rows_of(contacts.iloc[[i - 1]], "family_assistance_contacts"),
        )
        contact_ids.append(v.id)
    led.add(
        "contacts_total",
        int(contacts["contacts"].sum()),
        "kontakty",
        "Kontakty z instytucjami w ramach asysty rodzinnej – łącznie",
        "suma kolumny contacts (suma wierszy tabeli współpracy z instytucjami)",
        f"{con_file}: wszystkie wiersze",
        rows_of(contacts, "family_assistance_contacts"),
    )

    pay_file = input_file("za_zyciem_payments")
    led.add(
        "za_zyciem_amount",
        int(payments["amount_gr"].sum()),
        MONEY,
        "Łączna kwota wypłaconych jednorazowych świadczeń „Za życiem”",
        "suma kolumny amount_zl",
        f"{pay_file}: wszystkie wiersze",
        rows_of(payments, "za_zyciem_payments"),
    )
    led.add(
        "za_zyciem_paid_families",
        int(payments["family_id"].nunique()),
        "rodziny",
        "Rodziny, którym wypłacono świadczenie „Za życiem”",
        "liczba różnych family_id",
        f"{pay_file}: family_id",
        rows_of(payments, "za_zyciem_payments"),
    )
    amounts = payments["amount_gr"].unique()
    if len(amounts) == 1:
        led.add(
            "za_zyciem_single_amount",
            int(amounts[0]),
            MONEY,
            "Kwota jednego świadczenia „Za życiem”",
            "wspólna kwota wszystkich wypłat",
            f"{pay_file}: amount_zl",
            rows_of(payments, "za_zyciem_payments"),
        )

    contacts_out = contacts.assign(ledger_id=contact_ids)
    prior_years = tuple(sorted({d.year for d in monitoring["work_end_date"] if d.year < year}))
    return Chapter(year, led, durations, contacts_out, tuple(rows), prior_years)


def build(data_dir: str | Path, year: int, end_reason_groups=()) -> Chapter:
    """Load and validate this chapter's inputs, then compute it; ``end_reason_groups`` are the
    params' (``Params.end_reason_groups``)."""
    from dataclasses import replace

    from .. import reconstructed

    ch = compute(load_inputs(data_dir, year, TABLES), year, end_reason_groups)
    made = reconstructed.declared(Path(data_dir))
    return replace(ch, register_reconstructed=input_file("family_assistance_cases") in made)
