"""A new report year: parameters moved on, empty templates, a checklist; nothing overwritten."""

import csv

import pytest

from sprawozdanie import owner
from sprawozdanie.build import Project
from sprawozdanie.errors import ReportError
from sprawozdanie.newyear import CHECKLIST, new_year
from sprawozdanie.params import load_params
from sprawozdanie.reuse import notebook_parameters
from sprawozdanie.schema import registry
from sprawozdanie.sources import data_folders


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
    # each code: its meaning, the other spellings accepted, the words it gives the report
    assert (
        "| `goals_achieved` | osiągnięcie celów zawartych w planie pracy z rodziną | cele, osiagniecie_celow, "
        "osiągnięcie celów | w tekście: „w 2 przypadkach po osiągnięciu celów"
    ) in checklist
    assert "`end_reason_groups`" in checklist
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
    assert len(made.written) == len(registry().tables) + 4 + len(texts) and made.kept == []
    assert made.source == project.params_file(2025)
    # whose data the new folder holds, from the params it was made from
    assert owner.read(project.root / "data" / "2026") == owner.Owner("1811011", "Gmina Miejska Mielec")


def test_new_year_after_a_gap_starts_from_the_latest_earlier_year_without_a_prior(project):
    made = new_year(project.root, 2028)
    assert made.source == project.params_file(2025)
    p = load_params(project.params_file(2028), 2028)
    assert (p.year, p.prior_year, p.data_dir, str(p.report.date)) == (2028, None, "data/2028", "2029-03-31")
    assert "# prior_year: brak danych za 2027 r. do porównania" in project.params_file(2028).read_text(encoding="utf-8")
    checklist = (project.root / "data" / "2028" / CHECKLIST).read_text(encoding="utf-8")
    assert "w 2025 r.: `data/2025/family_assistance_cases.csv`" in checklist


def test_no_earlier_params_is_a_clear_message(project):
    with pytest.raises(ReportError, match="nie ma pliku parametrów żadnego roku przed 2024 r."):
        new_year(project.root, 2025 - 1)


def test_another_municipalitys_prior_year_is_refused(project):
    """An office that starts from another office's params (the issue's case): once its own
    code is in the params, the folder of the year before is named as someone else's."""
    new_year(project.root, 2026)
    params = project.params_file(2026)
    params.write_text(
        params.read_text(encoding="utf-8").replace('teryt: "1811011"', 'teryt: "0206023"'), encoding="utf-8"
    )
    (project.root / "data" / "2026" / owner.FILE).write_text(owner.text("0206023", "Gmina Nowa"), encoding="utf-8")
    p = load_params(params, 2026)
    with pytest.raises(ReportError, match=r"data/2025: to dane innej gminy – Gmina Miejska Mielec \(TERYT 1811011\)"):
        data_folders(p, Project(project.root))


def test_the_years_folder_must_be_the_params_municipalitys(project):
    (project.root / "data" / "2025" / owner.FILE).unlink()
    p = load_params(project.params_file(2025), 2025)
    with pytest.raises(ReportError, match=r"data/2025: brak pliku gmina.yml"):
        data_folders(p, Project(project.root))
    (project.root / "data" / "2025" / owner.FILE).write_text(owner.text("0206023", "Gmina Nowa"), encoding="utf-8")
    with pytest.raises(ReportError, match=r"to dane gminy Gmina Nowa \(TERYT 0206023\)"):
        data_folders(p, Project(project.root))


def test_no_prior_year_means_no_comparison(project):
    params = project.params_file(2025)
    params.write_text(params.read_text(encoding="utf-8").replace("prior_year: 2024\n", ""), encoding="utf-8")
    p = load_params(params, 2025)
    assert p.prior_year is None
    assert data_folders(p, Project(project.root)) == (project.root / "data" / "2025", None)
    assert notebook_parameters(p, Project(project.root))["prior_data_dir"] == ""


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
    assert any(
        p.file == "family_assistance_aggregates.csv" and "team_meetings" in p.expected for p in err.value.problems
    )


def test_a_municipalitys_first_year_starts_from_its_own_params(project):
    """No earlier year: the analyst copies a params file as params/<year>.yml, as the message
    says, and new-year scaffolds the year from it."""
    import shutil

    shutil.rmtree(project.root / "data")
    (project.root / "params" / "2025.yml").rename(project.root / "params" / "2030.yml")
    params = project.root / "params" / "2030.yml"
    params.write_text(
        params.read_text(encoding="utf-8")
        .replace("year: 2025", "year: 2030")
        .replace("prior_year: 2024\n", "")
        .replace("data_dir: data/2025", "data_dir: data/2030"),
        encoding="utf-8",
    )
    made = new_year(project.root, 2030)
    assert made.source == params and params in made.kept
    data = project.root / "data" / "2030"
    assert owner.read(data).teryt == "1811011" and (data / "family_assistance_cases.csv").is_file()
    checklist = (data / CHECKLIST).read_text(encoding="utf-8")
    assert "To pierwszy rok z tym narzędziem" in checklist and "(pierwszy rok." in checklist
