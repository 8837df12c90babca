"""Chapter 18 computations (daily support centres, Tabela nr 10) on small inline frames."""

import pandas as pd
import pytest

from sprawozdanie.chapters.daily_centres import compute

CENTRE_COLS = [
    "daily_centre_id",
    "daily_centre_type",
    "daily_centre_name",
    "daily_centre_address",
    "daily_centre_operator",
    "daily_centre_children",
    "daily_centre_description",
]


def centre(cid, kind, children):
    return (cid, kind, f"Placówka {cid}", "ul. Prosta 1", "Stowarzyszenie", children, "opis")


def frames(centres, figures=(), spending=(("razem", 52010000, "urząd"),), totals=()):
    return {
        "daily_centres_totals": pd.DataFrame(
            list(totals), columns=["daily_centres_total_measure", "daily_centres_total_value"]
        ),
        "daily_centres": pd.DataFrame(list(centres), columns=CENTRE_COLS),
        "daily_centres_figures": pd.DataFrame(
            list(figures), columns=["daily_centre_id", "daily_centre_measure", "daily_centre_value"]
        ),
        "daily_centres_spending": pd.DataFrame(
            list(spending),
            columns=["daily_centres_spending_item", "daily_centres_spending_gr", "daily_centres_spending_source"],
        ),
    }


PUBLISHED_2025 = [
    centre("A", "care", 28),
    centre("B", "care", 25),
    centre("C", "care", 10),
    centre("D", "care_and_specialist", 59),
]


def v(ch, key):
    return ch.ledger[key].value


def test_the_office_s_own_totals_are_kept_as_given_beside_the_list_s_sums():
    """The totals an office keeps apart from its list are recorded as given, never derived
    from the list (which centre they leave out, if any, is not for the tool to guess)."""
    ch = compute(frames(PUBLISHED_2025, totals=[("centres", 3), ("children", 112)]), 2025)
    assert v(ch, "stated_centres") == 3 and v(ch, "stated_children") == 112  # the office's totals
    assert v(ch, "centres") == 4 and v(ch, "children") == 122  # the list
    assert [v(ch, c.children) for c in ch.centres] == [28, 25, 10, 59]
    assert not any("_not_" in x.id for x in ch.ledger)


def test_totals_not_given_are_not_recorded_and_their_comparison_does_not_apply():
    from sprawozdanie.checks import _package_rules, evaluate

    rules = tuple(r for r in _package_rules() if r.id.startswith("daily_centres."))
    none = compute(frames(PUBLISHED_2025), 2025)
    assert "stated_centres" not in none.ledger and "stated_children" not in none.ledger
    values = {x.id: x.value for x in none.ledger}
    ids = {r.rule.id for r in evaluate(values, rules)}
    assert "daily_centres.stated_centres_vs_list" not in ids and "daily_centres.children_add_up" in ids
    given = compute(frames(PUBLISHED_2025, totals=[("children", 112)]), 2025)
    values = {x.id: x.value for x in given.ledger}
    verdicts = {r.rule.id: r.verdict for r in evaluate(values, rules)}
    assert verdicts["daily_centres.stated_children_vs_list"] == "warning"
    assert "daily_centres.stated_centres_vs_list" not in verdicts


def test_table_rows_group_centres_by_form_with_count_on_first_row():
    ch = compute(frames(PUBLISHED_2025), 2025)
    assert v(ch, "centres_type_care") == 3 and v(ch, "centres_type_care_and_specialist") == 1
    assert v(ch, "centres_type_specialist") == 0
    rows = ch.table_rows()
    assert [(label != "", count) for label, count, _c in rows] == [
        (True, "centres_type_care"),
        (False, None),
        (False, None),
        (True, "centres_type_care_and_specialist"),
    ]
    assert [g.code for g in ch.types] == ["care", "care_and_specialist"]  # forms without centres left out


def test_spending_in_grosze_and_sources():
    ch = compute(frames(PUBLISHED_2025), 2025)
    assert v(ch, "spending") == 52010000 and ch.ledger["spending"].unit == "gr"
    assert ch.sources == ("urząd",)


def test_optional_figures():
    ch = compute(frames(PUBLISHED_2025, [("B", "places", 25), ("C", "age_from", 6), ("C", "age_to", 18)]), 2025)
    assert ch.centres[1].figures == {"places": "places.centre_02"}
    assert v(ch, "age_to.centre_03") == 18
    assert ch.centres[0].figures == {}


def test_totals_equal_to_the_list_s_sums_agree():
    from sprawozdanie.checks import _package_rules, evaluate

    rules = tuple(r for r in _package_rules() if r.id.startswith("daily_centres.stated"))
    ch = compute(frames([centre("A", "care", 1)], totals=[("centres", 1), ("children", 1)]), 2025)
    values = {x.id: x.value for x in ch.ledger}
    assert [r.verdict for r in evaluate(values, rules)] == ["ok", "ok"]


def test_no_centres():
    ch = compute(frames([], spending=()), 2025)
    assert v(ch, "centres") == 0 and v(ch, "children") == 0 and v(ch, "spending") == 0
    assert ch.table_rows() == []


def test_figures_of_unknown_centre_are_refused():
    with pytest.raises(ValueError, match="X"):
        compute(frames(PUBLISHED_2025, [("X", "places", 5)]), 2025)


def test_an_older_year_s_flag_column_is_read_without_it(tmp_path):
    """A list of centres written before the office's totals had their own file still carries
    daily_centre_in_text_total: it loads, and the flag is not read."""
    import csv
    import io
    from pathlib import Path

    from sprawozdanie.load import load_inputs

    source = Path(__file__).resolve().parents[2] / "data" / "2025" / "daily_centres.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    at = rows[0].index("daily_centre_children") + 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(rows):
        writer.writerow([*row[:at], "daily_centre_in_text_total" if i == 0 else "true", *row[at:]])
    (tmp_path / "daily_centres.csv").write_text(out.getvalue(), encoding="utf-8")
    frames = load_inputs(tmp_path, 2025, ["daily_centres"])
    assert "daily_centre_in_text_total" not in frames["daily_centres"].columns
    assert len(frames["daily_centres"]) == len(rows) - 1


def test_a_prior_year_without_the_office_s_totals_is_still_compared(tmp_path):
    """The office's own totals are optional and mean only "given": a prior year whose folder
    has the list of centres and the spending, but no totals, is compared all the same."""
    import shutil
    from pathlib import Path

    from sprawozdanie.chapters import daily_centres
    from sprawozdanie.summary import prior_ledgers

    data = Path(__file__).resolve().parents[2] / "data" / "2025"
    for name in ("daily_centres.csv", "daily_centres_figures.csv", "daily_centres_spending.csv"):
        shutil.copy(data / name, tmp_path / name)
    (ledger,) = prior_ledgers(tmp_path, 2024, (daily_centres,))
    assert ledger["daily_centres.spending"].value > 0 and "daily_centres.stated_centres" not in ledger


def test_the_checklist_says_what_an_absent_totals_file_means(tmp_path):
    """The new-year checklist does not tell an office that an absent totals file means no
    daily centres: it means no totals of its own, and nothing compared."""
    from sprawozdanie.newyear import checklist
    from tests.conftest import copy_project

    (tmp_path / "w").mkdir()
    text = checklist(2026, None, copy_project(tmp_path / "w").root)
    section = text.split("`daily_centres_totals.csv`", 1)[1].split("\n## ", 1)[0]
    assert "bez niego sprawozdanie podaje sumy z wykazu" in section
    assert "w roku jej nie było" not in section
    other = text.split("`daily_centres.csv`", 1)[1].split("\n## ", 1)[0]
    assert "w roku jej nie było" in other  # the list itself keeps the general sentence
