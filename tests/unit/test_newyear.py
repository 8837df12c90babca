"""A new report year: parameters moved on, empty templates, a checklist; nothing overwritten."""

import csv

from sprawozdanie.newyear import CHECKLIST, new_year
from sprawozdanie.params import load_params
from sprawozdanie.schema import registry


def test_new_year_scaffolds_params_templates_and_checklist(project):
    before = project.params_file(2025).read_text(encoding="utf-8")
    made = new_year(project.root, 2026)
    p = load_params(project.params_file(2026), 2026)
    assert (p.year, p.prior_year, p.data_dir, str(p.report.date)) == (2026, 2025, "data/2026", "2027-03-31")
    assert p.report.date_text.endswith("2027") and p.municipality.name == "Gmina Miejska Mielec"
    assert project.params_file(2025).read_text(encoding="utf-8") == before
    for t in registry().tables.values():
        with open(project.root / "data" / "2026" / t.file, encoding="utf-8") as f:
            assert list(csv.reader(f)) == [list(t.columns)], t.file
    checklist = (project.root / "data" / "2026" / CHECKLIST).read_text(encoding="utf-8")
    assert all(f"`{t.file}`" in checklist for t in registry().tables.values())
    assert "w zeszłym roku: `data/2025/family_assistance_cases.csv`" in checklist
    assert "| `minor_children` | Liczba małoletnich dzieci" in checklist
    assert "`daily_centres.csv` – Placówki wsparcia dziennego" in checklist
    assert checklist.count("Plik nieobowiązkowy") == sum(t.optional for t in registry().tables.values()) > 0
    # The programme's own checks are carried over, as they were.
    rules = (project.root / "data" / "2026" / "checks.yml").read_text(encoding="utf-8")
    assert rules == (project.root / "data" / "2025" / "checks.yml").read_text(encoding="utf-8")
    # The office's texts are copied forward, each marked for review, and listed.
    texts = sorted((project.root / "data" / "2025" / "teksty").glob("*.md"))
    assert texts, "the 2025 data have office texts"
    for text in texts:
        copied = (project.root / "data" / "2026" / "teksty" / text.name).read_text(encoding="utf-8")
        assert copied == "<!-- do przeglądu -->\n" + text.read_text(encoding="utf-8")
        assert f"`{text.name}` – " in checklist and "do przeglądu" in checklist
    assert len(made.written) == len(registry().tables) + 3 + len(texts) and made.kept == []


def test_texts_marked_for_review_are_warned_about_and_recorded(project):
    from sprawozdanie.build import check_report_texts

    new_year(project.root, 2026)
    said: list[str] = []
    texts = check_report_texts(project, project.root / "data" / "2026", said.append)
    assert texts and all(t.for_review for t in texts)
    assert len(said) == len(texts) and all("do przeglądu" in line for line in said)


def test_new_year_never_overwrites(project):
    new_year(project.root, 2026)
    cases = project.root / "data" / "2026" / "family_assistance_cases.csv"
    cases.write_text("already filled in\n", encoding="utf-8")
    made = new_year(project.root, 2026)
    assert made.written == []
    assert cases.read_text(encoding="utf-8") == "already filled in\n"
    assert project.params_file(2026) in made.kept


def test_empty_templates_validate_with_clear_guidance(project):
    import pytest

    from sprawozdanie.errors import InputError
    from sprawozdanie.load import load_inputs

    new_year(project.root, 2026)
    with pytest.raises(InputError) as err:
        load_inputs(project.root / "data" / "2026", 2026)
    # aggregate tables name every indicator row still to be filled
    assert any(p.file == "family_assistance_aggregates.csv" and "team_meetings" in p.expected
               for p in err.value.problems)
