"""Headline figures: change on the prior year, and the chart of all years with data."""

from fractions import Fraction
from pathlib import Path

from sprawozdanie import summary
from sprawozdanie.ledger import Ledger

REFERENCE = Path(__file__).resolve().parents[1] / "notebooks" / "reference" / "2025"


def ledgers(value):
    led = Ledger("foster_care_cofinancing")
    led.add("children_cofinanced", value, "dzieci", "Dzieci", "liczba", "rejestr")
    return [led]


def test_change_and_change_in_per_cent(monkeypatch):
    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    changes, rows = summary.compare(ledgers(64), ledgers(61), 2024)
    assert changes["sum.change.foster_care_cofinancing.children_cofinanced"].value == 3
    assert changes["sum.change_pct.foster_care_cofinancing.children_cofinanced"].value == Fraction(3, 61)
    assert rows[0]["prior"] == "sum.prior.foster_care_cofinancing.children_cofinanced"


def test_no_prior_year_gives_no_change(monkeypatch):
    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    changes, rows = summary.compare(ledgers(64), None, 2024)
    assert list(changes) == [] and rows[0]["prior"] is None and rows[0]["change"] is None


def test_history_takes_every_year_folder_of_the_same_municipality(tmp_path, monkeypatch):
    from sprawozdanie import owner

    for y in ("2021", "2022", "2023", "2024", "2025", "notes"):
        (tmp_path / y).mkdir()
        if y != "2022":  # a folder that does not say whose data it holds is left out too
            teryt = "0299013" if y == "2021" else "1811011"  # 2021: another municipality's year
            (tmp_path / y / owner.FILE).write_text(owner.text(teryt, "Gmina"), encoding="utf-8")
    assert summary.earlier_years(tmp_path, 2025, "1811011") == [2023]
    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    monkeypatch.setattr(summary, "prior_ledgers", lambda folder, y: ledgers(50 + y - 2022) if y == 2023 else None)
    changes, _ = summary.compare(ledgers(64), ledgers(61), 2024)
    panels = summary.history(ledgers(64), changes, tmp_path / "2025", 2025)
    assert panels == [
        {
            "title": "Dzieci",
            "unit": "dzieci",
            "points": [
                (2023, "sum.y2023.foster_care_cofinancing.children_cofinanced"),
                (2024, "sum.prior.foster_care_cofinancing.children_cofinanced"),
                (2025, "foster_care_cofinancing.children_cofinanced"),
            ],
        }
    ]
    assert changes["sum.y2023.foster_care_cofinancing.children_cofinanced"].value == 51


def test_a_headline_with_one_year_has_no_panel(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    changes, _ = summary.compare(ledgers(64), None, 2024)
    assert summary.history(ledgers(64), changes, tmp_path / "2025", 2025) == []


def test_two_years_are_the_table_not_a_trend(tmp_path, monkeypatch):
    """The prior year and this one are the table's two columns beside the chart: a panel needs a
    third year (an earlier folder of the same municipality)."""
    from sprawozdanie import owner

    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    changes, _ = summary.compare(ledgers(64), ledgers(61), 2024)
    assert summary.history(ledgers(64), changes, tmp_path / "2025", 2025) == []
    for y in ("2023", "2025"):
        (tmp_path / y).mkdir()
        (tmp_path / y / owner.FILE).write_text(owner.text("1811011", "Gmina"), encoding="utf-8")
    monkeypatch.setattr(summary, "prior_ledgers", lambda folder, y: ledgers(58))
    panels = summary.history(ledgers(64), changes, tmp_path / "2025", 2025)
    assert [y for y, _id in panels[0]["points"]] == [2023, 2024, 2025]


def test_the_headlines_are_the_report_s_chapters_in_its_order(tmp_path):
    """A chapter the structure leaves out gives no headline (the summary names only what the
    report details), and the headlines follow the structure's order, else the tool's."""
    (tmp_path / "params").mkdir()
    params_file = tmp_path / "params" / "2025.yml"
    default = [m.PREFIX for m in summary.report_modules(params_file)]
    assert default[:2] == ["support_programme", "family_assistance"] and len(default) == 22
    (tmp_path / "structure.yml").write_text(
        "chapters:\n  - summary\n  - funding\n  - family_assistance\n", encoding="utf-8"
    )
    modules = summary.report_modules(params_file)
    assert [m.PREFIX for m in modules] == ["funding", "family_assistance"]
    ids = summary.headline_ids([Ledger(m.PREFIX) for m in modules])
    assert ids[:2] == ["funding.granted_total", "funding.spent_total"] and ids[2] == "family_assistance.families"


def test_only_rows_with_a_prior_value_are_compared_and_rows_of_zeros_are_left_out():
    """No column of "brak danych": a headline the prior year's data do not hold goes to the
    table without comparison; one that is 0 in both years is in neither."""
    from sprawozdanie.present.markup import Narrator

    led = Ledger("a")
    for key, value in (("compared", 5), ("zero_now", 0), ("alone", 7), ("nothing", 0), ("zero_both", 0)):
        led.add(key, value, "rodziny", key, "liczba", "a.csv")
    before = Ledger("sum")
    for key, value in (("compared", 4), ("zero_now", 2), ("zero_both", 0)):
        before.add(f"prior.a.{key}", value, "rodziny", key, "liczba", "a.csv")
    rows = [
        {"id": f"a.{k}", "prior": f"sum.prior.a.{k}" if k in ("compared", "zero_now", "zero_both") else None}
        for k in ("compared", "zero_now", "alone", "nothing", "zero_both")
    ]
    compared, alone = summary.split_rows(rows, Narrator(led, before))
    assert [r["id"] for r in compared] == ["a.compared", "a.zero_now"]
    assert [r["id"] for r in alone] == ["a.alone"]


def test_a_fraction_keeps_its_type_through_the_record():
    led = Ledger("family_assistance")
    led.add("mean_months", Fraction(4), "miesiące", "Średni czas", "średnia", "rejestr")
    led.add("families", 46, "rodziny", "Rodziny", "liczba", "rejestr")
    again = Ledger.from_records("family_assistance", led.records())
    assert list(again) == list(led) and type(again["mean_months"].value) is Fraction


def test_the_rows_a_value_names_keep_their_files_and_order_through_the_record():
    led = Ledger("family_assistance")
    led.add("ended", 2, "rodziny", "Zakończone", "liczba", "cases.csv", {"cases.csv": ["AR-9", "AR-2"]})
    led.add("families", 46, "rodziny", "Rodziny", "liczba", "rejestr")
    records = led.records()
    assert records[0]["rows"] == {"cases.csv": ["AR-9", "AR-2"]} and "rows" not in records[1]
    again = Ledger.from_records("family_assistance", records)
    assert list(again) == list(led) and again["ended"].rows == (("cases.csv", ("AR-9", "AR-2")),)


def test_the_build_s_summary_reads_the_chapters_values_as_they_recorded_them(built_2025, tmp_path):
    """Each chapter is computed once per build: the summary takes the values the chapters'
    notebooks recorded, which are the values it would compute (for each one it computes; a
    chapter's notebook may record more, e.g. its own prior year), and prints the same."""
    import nbformat

    from sprawozdanie.params import load_params
    from sprawozdanie.recorded import write_chapter_ledgers

    project = built_2025["project"]
    notebooks = built_2025["notebooks"]
    params_file = project.params_file(2025)
    executed = {f"notebooks/{f.name}": f for f in sorted(notebooks.glob("*.ipynb")) if f.name != "summary.ipynb"}
    write_chapter_ledgers(executed, tmp_path / "values.json")
    modules = summary.report_modules(params_file)
    computed = summary.chapter_ledgers(project.root / "data" / "2025", 2025, modules, load_params(params_file, 2025))
    recorded = summary.recorded_ledgers(tmp_path / "values.json", modules)
    for own, read in zip(computed, recorded):
        assert list(own) == [read[v.id] for v in own]
        assert all(v.id in own or v.id.startswith(f"{own.prefix}.prior.") for v in read)

    def printed(nb) -> list:
        return [
            [{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
            for c in nb.cells
            if c.cell_type == "code" and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
        ]

    # the build's summary, from the recorded values, prints what the reference notebook, which
    # computes every chapter itself (no values given), prints
    built = nbformat.read(notebooks / "summary.ipynb", as_version=4)
    assert any("values_file" in c.source for c in built.cells if "injected-parameters" in c.metadata.get("tags", []))
    reference = nbformat.read(REFERENCE / "summary.ipynb", as_version=4)
    assert not any(
        "values_file" in c.source for c in reference.cells if "injected-parameters" in c.metadata.get("tags", [])
    )
    assert printed(built) == printed(reference)


def test_the_prior_year_and_the_change_name_their_rows_and_keep_how_many_there_were(monkeypatch):
    """A value of a large register keeps only ROWS_KEPT keys and their number; the headline
    table's prior value and change name the same rows (the prior year's file as such) and keep
    that number, so the annex does not claim the kept keys are all."""
    from sprawozdanie.ledger import ROWS_KEPT

    def big(n):
        led = Ledger("foster_care_cofinancing")
        keys = [f"PZ-{i}" for i in range(n)]
        led.add("children_cofinanced", n, "dzieci", "Dzieci", "liczba", "rejestr", {"p.csv": keys})
        return [led]

    monkeypatch.setattr(summary, "headline_ids", lambda current=None: ["foster_care_cofinancing.children_cofinanced"])
    changes, _ = summary.compare(big(ROWS_KEPT + 5), big(ROWS_KEPT + 2), 2024)
    prior = changes["sum.prior.foster_care_cofinancing.children_cofinanced"]
    change = changes["sum.change.foster_care_cofinancing.children_cofinanced"]
    assert prior.rows_total == (("p.csv (dane za 2024)", ROWS_KEPT + 2),)
    assert dict(change.rows_total) == {"p.csv": ROWS_KEPT + 5, "p.csv (dane za 2024)": ROWS_KEPT + 2}
    assert len(dict(prior.rows)["p.csv (dane za 2024)"]) == ROWS_KEPT
