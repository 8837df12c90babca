"""Limits on time, size and files: each hostile input is refused at once (within seconds and
without filling the memory) with one Polish message naming the file."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest

from sprawozdanie import execute
from sprawozdanie.errors import ReportError
from sprawozdanie.workbook import MAX_CELLS, check_size, import_workbook
from sprawozdanie.yamlfiles import read_yaml
from tests.conftest import write_notebook

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    path = tmp_path / "2025.yml"
    path.write_text("year: 2025\n" + BILLION_LAUGHS, encoding="utf-8")
    before, started = _peak_mb(), time.perf_counter()
    with pytest.raises(ReportError, match=r"2025\.yml, wiersz 3: odwołanie \*a do innej części pliku"):
        read_yaml(path)
    assert time.perf_counter() - started < 5 and _peak_mb() - before < 100


def test_a_yaml_key_twice_is_named_by_the_library_reader(tmp_path):
    path = tmp_path / "checks.yml"
    path.write_text("- id: a\n  kind: equal\n  kind: sum\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"checks\.yml, wiersz 3: pole 'kind' jest wpisane drugi raz"):
        read_yaml(path)


def test_a_huge_yaml_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "2025.yml"
    path.write_text("# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"2025\.yml: plik ma 2000 kB, dopuszczalne jest 1000 kB"):
        read_yaml(path)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.slow
def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(tmp_path):
    bomb = _zip(tmp_path / "dane.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * 300_000_000})
    assert bomb.stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(
        ReportError, match=r"dane\.xlsx: skoroszyt po rozpakowaniu miałby 300 MB, dopuszczalne jest 200 MB"
    ):
        import_workbook(bomb, tmp_path / "data", 2025)
    assert time.perf_counter() - started < 5


def test_a_workbook_of_millions_of_cells_is_refused_while_counting(tmp_path):
    row = b'<row r="1">' + b'<c r="A1" t="n"><v>1</v></c>' * 1000 + b"</row>"
    sheet = b'<worksheet><dimension ref="A1"/><sheetData>' + row * 1000 + b"</sheetData></worksheet>"
    bomb = _zip(tmp_path / "dane.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    before, started = _peak_mb(), time.perf_counter()
    with pytest.raises(ReportError, match=f"arkusze skoroszytu mają ponad {MAX_CELLS:,}".replace(",", " ")):
        check_size(bomb)
    assert time.perf_counter() - started < 5 and _peak_mb() - before < 100


def test_an_ordinary_workbook_passes_the_size_check(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for r in range(200):
        wb.active.append([f"F{r}", r, "2025-01-01"])
    wb.save(tmp_path / "dane.xlsx")
    check_size(tmp_path / "dane.xlsx")


@pytest.mark.slow
def test_a_notebook_over_its_time_limit_is_stopped_and_named(tmp_path):
    nb = write_notebook(tmp_path / "05_petla.ipynb", "# Pętla", "while True:\n    pass")
    job = execute.Job("notebooks/05_petla.ipynb", nb, tmp_path / "out.ipynb", {"year": 2025})
    started = time.perf_counter()
    with pytest.raises(
        ReportError,
        match=r"notebooks/05_petla\.ipynb: notatnik liczył się dłużej niż 3 s "
        r"i został przerwany \(limit limits\.notebook_seconds",
    ):
        execute.run_all([job], 1, lambda job, result: None, execute.Limits(notebook=3))
    assert time.perf_counter() - started < 60


def test_a_build_over_its_time_limit_stops_before_the_next_notebook():
    limits = execute.Limits(notebook=300, build=60, started=time.perf_counter() - 61)
    with pytest.raises(
        ReportError,
        match=r"budowa trwa dłużej niż 60 s \(limit limits\.build_seconds.*"
        r"przed notatnikiem 09_x",
    ):
        limits.for_next("09_x")
    assert execute.Limits(notebook=300, build=1800).for_next("x") == 300


def test_a_formula_without_its_result_is_named_by_sheet_and_cell(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()  # openpyxl writes formulas without calculating them, as some programs do
    wb.active.title = "family_assistance_contacts"
    wb.active.append(["institution", "contacts"])
    wb.active.append(["Szkoły", "=10+5"])
    wb.save(tmp_path / "dane.xlsx")
    with pytest.raises(
        ReportError,
        match=r"dane\.xlsx: arkusz family_assistance_contacts, komórka B2: formuła bez "
        r"zapisanego wyniku.*otwórz plik w Excelu i zapisz go ponownie",
    ):
        import_workbook(tmp_path / "dane.xlsx", tmp_path / "data", 2025)
