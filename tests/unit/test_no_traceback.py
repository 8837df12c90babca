"""No traceback ever reaches the analyst: each failure from inputs, params or the file system
ends in one specific Polish message and an exit code other than 0; a bug is said to be one,
with its traceback in a log file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sprawozdanie import cli
from tests.schema.inputs import edit_cell

CASES_FILE = "family_assistance_cases.csv"


def _edit_params(root: Path, old: str, new: str) -> None:
    path = root / "params" / "2025.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _report_date(root):
    text = (root / "params" / "2025.yml").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.strip().startswith("date:")).strip()


# (id, how to break the project, command, what the message must say)
CASES = [
    (
        "date_that_does_not_exist",
        lambda root: _edit_params(root, _report_date(root), "date: 2026-02-30"),
        ["validate", "2025"],
        "pole 'report.date': oczekiwano prawdziwej daty w formacie RRRR-MM-DD",
    ),
    (
        "count_of_23_digits",
        lambda root: edit_cell(root / "data/2025" / CASES_FILE, 3, "minor_children", "12345678901234567890123"),
        ["validate", "2025"],
        f"{CASES_FILE}, wiersz 3, kolumna 'minor_children'",
    ),
    (
        "params_yaml_syntax",
        lambda root: _edit_params(root, "year: 2025", "year: [2025"),
        ["validate", "2025"],
        "niepoprawny zapis YAML",
    ),
    (
        "params_not_a_mapping",
        lambda root: (root / "params/2025.yml").write_text("- 2025\n", encoding="utf-8"),
        ["validate", "2025"],
        "oczekiwano pól 'nazwa: wartość'",
    ),
    (
        "params_field_typo",
        lambda root: _edit_params(root, "prior_year:", "prior_yaer:"),
        ["validate", "2025"],
        "pole 'prior_yaer': nieznane pole (literówka?); dozwolone tu pola: year, prior_year",
    ),
    (
        "params_key_twice",
        lambda root: _edit_params(root, "prior_year: 2024", "prior_year: 2024\nyear: 2026"),
        ["validate", "2025"],
        "wiersz 5: pole 'year' jest wpisane drugi raz",
    ),
    (
        "teryt_of_six_digits",
        lambda root: _edit_params(root, 'teryt: "1811011"', 'teryt: "181101"'),
        ["validate", "2025"],
        "pole 'municipality.teryt': kod TERYT gminy to 7 cyfr",
    ),
    (
        "teryt_of_a_town_within_a_gmina",
        lambda root: _edit_params(root, 'teryt: "1811011"', 'teryt: "1811014"'),
        ["validate", "2025"],
        "ostatnia cyfra kodu TERYT gminy to jej rodzaj",
    ),
    (
        "teryt_of_no_voivodeship",
        lambda root: _edit_params(root, 'teryt: "1811011"', 'teryt: "1711011"'),
        ["validate", "2025"],
        "kod TERYT zaczyna się kodem województwa",
    ),
    ("params_missing", lambda root: (root / "params/2025.yml").unlink(), ["validate", "2025"], "brak pliku parametrów"),
    (
        "data_dir_missing",
        lambda root: _edit_params(root, "data_dir: data/2025", "data_dir: /nie/ma/takiego"),
        ["validate", "2025"],
        "/nie/ma/takiego: oczekiwano: istniejący katalog z danymi roku",
    ),
    (
        "own_rules_yaml_syntax",
        lambda root: (root / "data/2025/checks.yml").write_text("- id: [\n", encoding="utf-8"),
        ["validate", "2025"],
        "checks.yml, wiersz 2: niepoprawny zapis YAML",
    ),
    (
        "own_rule_without_fields",
        lambda root: (root / "data/2025/checks.yml").write_text(
            "- id: r1\n  kind: equal\n  left: a\n", encoding="utf-8"
        ),
        ["validate", "2025"],
        "reguła nr 1 (r1): brak pól: right, severity",
    ),
    (
        "disagreements_yaml_syntax",
        lambda root: (root / "data/2025/known_disagreements.yml").write_text("- id: [\n", encoding="utf-8"),
        ["validate", "2025"],
        "known_disagreements.yml, wiersz 2",
    ),
    (
        "csv_of_random_bytes",
        lambda root: (root / "data/2025" / CASES_FILE).write_bytes(bytes(range(128, 256)) * 3),
        ["validate", "2025"],
        CASES_FILE,
    ),
    (
        "output_is_a_file",
        lambda root: (root / "output").write_text("", encoding="utf-8"),
        ["build", "2025"],
        "w ścieżce jest plik tam, gdzie powinien być folder",
    ),
    (
        "check_into_the_published_output",
        lambda root: None,
        ["check", "2025", "--out", "output/2025/checks.csv"],
        "check nie zapisuje do folderu output/",
    ),
    (
        "params_alias_bomb",
        lambda root: _edit_params(root, "year: 2025", "year: 2025\nx: &a [1, 1]\ny: [*a, *a]"),
        ["validate", "2025"],
        "odwołanie *a do innej części pliku (alias YAML) jest niedozwolone",
    ),
    (
        "params_limit_too_small",
        lambda root: _edit_params(root, "year: 2025", "year: 2025\nlimits: {notebook_seconds: 1}"),
        ["validate", "2025"],
        "pole 'limits.notebook_seconds': liczba za mała (co najmniej 10)",
    ),
    (
        "input_that_is_a_link",
        lambda root: (
            (root / "data/2025" / CASES_FILE).unlink(),
            (root / "data/2025" / CASES_FILE).symlink_to("/etc/passwd"),
        ),
        ["validate", "2025"],
        f"{CASES_FILE}: znaleziono 'dowiązanie do innego pliku'",
    ),
    (
        "office_text_that_is_a_link",
        lambda root: (root / "data/2025/teksty/99_x.md").symlink_to("/etc/passwd"),
        ["validate", "2025"],
        "99_x.md: tekst ośrodka jest dowiązaniem do innego pliku",
    ),
    (
        "params_with_an_emoji",
        lambda root: _edit_params(root, "year: 2025", "year: 2025\n# 🙂 komentarz\nx: 🙂"),
        ["validate", "2025"],
        "znak '🙂' (U+1F642",
    ),
    ("year_that_is_a_path", lambda root: None, ["build", "2025/../../etc"], "rok sprawozdania to liczba"),
    ("unknown_command", lambda root: None, ["bulid", "2025"], "nieznana wartość 'bulid'"),
    (
        "workbook_that_is_not_one",
        lambda root: (root / "dane.xlsx").write_bytes(b"Lp;nazwa\n1;x\n"),
        ["import-xlsx", "2025", "dane.xlsx"],
        "to nie jest skoroszyt Excela .xlsx",
    ),
    ("workbook_missing", lambda root: None, ["import-xlsx", "2025", "nie-ma.xlsx"], "nie-ma.xlsx"),
    (
        "preview_of_unknown_chapter",
        lambda root: None,
        ["preview", "2025", "99_nie_ma"],
        "'99_nie_ma' nie jest rozdziałem raportu; rozdziały: summary",
    ),
    (
        "preview_of_a_path",
        lambda root: None,
        ["preview", "2025", "../data/2025/x"],
        "'../data/2025/x' nie jest rozdziałem raportu",
    ),
    (
        "new_year_without_an_earlier_year",
        lambda root: None,
        ["new-year", "1999"],
        "nie ma pliku parametrów żadnego roku przed 1999 r.",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("break_it, argv, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_failure_is_one_polish_message(project, monkeypatch, capfd, break_it, argv, message):
    break_it(project.root)
    monkeypatch.chdir(project.root)
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own refusal (its message in Polish too)
        code = exc.code
    out, err = capfd.readouterr()
    assert code not in (0, None)
    assert "Traceback" not in out + err
    assert err.startswith("BŁĄD: ") and "BŁĄD PROGRAMU" not in err, err
    assert message in err, err


@pytest.mark.slow
def test_data_dir_may_be_any_folder(project, monkeypatch, capfd, tmp_path):
    shared = tmp_path / "dysk_wspolny" / "2025"
    shutil.move(project.root / "data" / "2025", shared)
    _edit_params(project.root, "data_dir: data/2025", f"data_dir: {shared}")
    monkeypatch.chdir(project.root)
    assert cli.main(["validate", "2025"]) == 0
    assert cli.main(["check", "2025"]) == 0
    assert "Traceback" not in "".join(capfd.readouterr())


def test_a_bug_is_said_to_be_one_and_its_traceback_logged(project, monkeypatch, capfd):
    def broken(year, project):
        return {}["no such key"]

    monkeypatch.setattr(cli, "_validate", broken)
    monkeypatch.chdir(project.root)
    assert cli.main(["validate", "2025"]) == 70
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert err.startswith("BŁĄD PROGRAMU (nie błąd w danych): KeyError")
    logs = list((project.root / "output" / "bledy").glob("blad-*.log"))
    assert len(logs) == 1 and str(logs[0].relative_to(project.root)) in err.replace(str(project.root) + "/", "")
    log = logs[0].read_text(encoding="utf-8")
    assert log.startswith("Traceback") and "no such key" in log and "def broken" not in err


def test_a_bug_log_goes_to_the_temporary_folder_when_output_cannot_be_written(project, tmp_path, monkeypatch):
    (project.root / "output").write_text("", encoding="utf-8")  # output/ cannot be made
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    log = cli.write_bug_log("Traceback …", project.root)
    assert log.parent == tmp_path and log.read_text(encoding="utf-8") == "Traceback …"
