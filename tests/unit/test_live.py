"""The live preview (``sprawozdanie preview <year>``): what a saved file changes on the page,
what runs again for it, its errors in the page, and the server that gives the page out."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sprawozdanie.live import LiveReport, serving
from tests.conftest import copy_project, use_chapters

# A few chapters keep these tests quick: a template-driven one with an office text, one with
# a chart and a grouped table, and the needs chapter, after the introduction.
BOOK = [
    "index.qmd",
    "notebooks/family_assistance.ipynb",
    "notebooks/foster_care_families.ipynb",
    "notebooks/needs.ipynb",
]


@pytest.fixture()
def small(tmp_path) -> LiveReport:
    project = copy_project(tmp_path)
    use_chapters(project.root, BOOK)
    report = LiveReport(project, 2025, tmp_path / "output" / ".podglad")
    assert report.refresh() and report.error is None
    return report


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def whole(report: LiveReport, folder: str) -> str:
    """The page as a first look at the same files makes it, whole."""
    fresh = LiveReport(report.project, report.year, report.folder.parent / folder)
    assert fresh.refresh() and fresh.error is None
    return fresh.page


def test_a_template_sentence_runs_its_chapter_alone_and_the_page_is_as_made_whole(small):
    root = small.project.root
    assert small.refresh() is False  # nothing saved, nothing to do
    replace(
        root / "templates" / "foster_care_families.md",
        "Praca\nz rodziną obejmuje zatem",
        "Stąd praca\nz rodziną obejmuje",
    )
    assert small.refresh() is True
    assert small.ran == ["notebooks/foster_care_families.ipynb"]
    assert "Stąd praca" in small.page and "obejmuje zatem" not in small.page
    assert small.page == whole(small, "whole")  # only its part was given to pandoc again


def test_an_office_text_runs_the_chapter_that_places_it(small):
    root = small.project.root
    replace(root / "data" / "2025" / "teksty" / "family_assistance_zespol.md", "Zesp", "Nowy zesp")
    assert small.refresh() is True
    assert small.ran == ["notebooks/family_assistance.ipynb"]
    assert "Nowy zesp" in small.page


def test_a_new_heading_renews_the_contents(small):
    root = small.project.root
    template = root / "templates" / "family_assistance.md"
    heading = re.search(r"^### (\w[^\n{]*?)\s*(\{|$)", template.read_text(encoding="utf-8"), re.M)
    assert heading, "family_assistance.md has a level-3 heading"
    replace(template, f"### {heading.group(1)}", "### Nagłówek dopisany do podglądu")
    assert small.refresh() is True
    contents = re.sub(r"\s+", " ", small.page.split('<main id="tresc">')[0])
    assert "Nagłówek dopisany do podglądu" in contents  # the contents list it, not only the body
    assert small.page == whole(small, "whole")


def test_an_input_runs_only_the_chapters_that_read_it(small):
    root = small.project.root
    replace(root / "data" / "2025" / "family_assistance_contacts.csv", ",180", ",181")
    assert small.refresh() is True
    assert small.ran == ["notebooks/family_assistance.ipynb"]
    assert ">181<" in small.page


def test_a_template_error_shows_its_file_and_line_keeps_the_last_page_and_recovers(small):
    root = small.project.root
    before = small.page
    template = root / "templates" / "foster_care_families.md"
    good = template.read_text(encoding="utf-8")
    template.write_text(
        good.replace("Praca\nz rodziną obejmuje zatem", "{% if %}Praca\nz rodziną obejmuje zatem", 1), encoding="utf-8"
    )
    assert small.refresh() is True
    assert small.error is not None
    assert "templates/foster_care_families.md" in small.error and re.search(r"wiersz \d+", small.error)
    assert small.page == before  # the last good text stays under the error
    assert small.refresh() is False  # the same error is not made again until a file changes
    template.write_text(good, encoding="utf-8")
    assert small.refresh() is True and small.error is None


def test_an_invalid_input_is_one_error_naming_file_row_and_column(small):
    root = small.project.root
    contacts = root / "data" / "2025" / "family_assistance_contacts.csv"
    good = contacts.read_text(encoding="utf-8")
    contacts.write_text(good.replace(",180", ",abc", 1), encoding="utf-8")
    assert small.refresh() is True
    message = small.error or ""
    assert "family_assistance_contacts.csv" in message and "wiersz" in message and "'contacts'" in message
    assert message.count("'abc'") == 1  # read by several chapters, said once
    assert "Traceback" not in message
    contacts.write_text(good, encoding="utf-8")
    assert small.refresh() is True and small.error is None


def test_invalid_params_are_the_pages_error(small):
    params = small.project.params_file(2025)
    good = params.read_text(encoding="utf-8")
    params.write_text(good.replace("year: 2025", "year: dwa tysiące", 1), encoding="utf-8")
    assert small.refresh() is True
    assert "2025.yml" in (small.error or "")
    assert small._update() is None  # not read again until saved again
    params.write_text(good, encoding="utf-8")
    assert small.refresh() is True and small.error is None


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_the_server_gives_the_page_a_newer_version_and_nothing_outside_its_folder(tmp_path):
    project = copy_project(tmp_path)
    use_chapters(project.root, BOOK[:2])
    lines: list[str] = []
    with serving(project, 2025, 120, say=lines.append, poll=0.05) as url:
        assert url.startswith("http://127.0.0.1:")
        status, page = _get(url)
        assert status == 200 and "sec-praca-z-rodzina" in page and 'role="note"' in page
        version = int(re.search(r"const v=(\d+)", page).group(1))
        assert _get(f"{url}__wersja?v={version - 1}")[1] == str(version)  # an older page hears at once
        waited: dict = {}

        def wait() -> None:
            t0 = time.perf_counter()
            waited["version"] = _get(f"{url}__wersja?v={version}", timeout=30)[1]
            waited["seconds"] = time.perf_counter() - t0

        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(0.3)
        replace(project.root / "data" / "2025" / "teksty" / "family_assistance_zespol.md", "Zesp", "Nowy zesp")
        waiter.join(30)
        assert waited["version"] == str(version + 1) and waited["seconds"] < 20
        assert "Nowy zesp" in _get(url)[1]
        assert any(line.strip().startswith(tuple("0123456789")) and "family_assistance" in line for line in lines)
        for outside in ("../params/2025.yml", "%2e%2e/params/2025.yml", "notebooks/family_assistance.ipynb", "x"):
            assert _get(url + outside)[0] == 404, outside
        assert _get(url + "report.css")[0] == 200 and _get(url + "numbers.css")[0] == 200
    assert not list((project.root / "output").glob(".podglad-*"))  # its folder removed at the end


def test_a_fault_of_the_program_is_named_as_one_with_its_trace_in_a_log(small, monkeypatch):
    from sprawozdanie import preview

    real = preview.run_in_process

    def faulty(notebook, parameters):
        if notebook.stem == "needs":
            raise ZeroDivisionError("division by zero")
        return real(notebook, parameters)

    monkeypatch.setattr(preview, "run_in_process", faulty)
    small.chapters.clear()  # every chapter runs again
    assert small.refresh() is True
    message = small.error or ""
    assert message.startswith("needs: BŁĄD PROGRAMU (nie błąd w danych): ZeroDivisionError")
    assert "Traceback" not in message and "output/bledy/blad-" in message
    logs = list((small.project.root / "output" / "bledy").glob("blad-*.log"))
    assert len(logs) == 1 and "Traceback" in logs[0].read_text(encoding="utf-8")


def test_a_closed_page_is_nothing_to_report_and_another_fault_goes_to_a_log(tmp_path, capsys):
    from sprawozdanie.live import _server_class

    server_class = _server_class(tmp_path)
    server = server_class.__new__(server_class)  # (its handle_error alone, without a socket)
    for exc in (BrokenPipeError(32, "Broken pipe"), ValueError("zły nagłówek")):
        try:
            raise exc
        except Exception:
            server.handle_error(None, ("127.0.0.1", 1))
    logs = list((tmp_path / "output" / "bledy").glob("blad-*.log"))
    assert len(logs) == 1 and "ValueError" in logs[0].read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""  # no traceback in the terminal
