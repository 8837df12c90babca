"""The live preview in Chromium: the open page shows a saved text within 3 s, where the
reader was, and an error with its file until the file is fixed."""

from __future__ import annotations

import time

import pytest

from sprawozdanie.live import serving
from tests.browser.test_html_in_chromium import ARGS, CHROMIUM, DESKTOP
from tests.conftest import copy_project, use_chapters
from tests.missing_tools import needs
from tests.unit.test_live import BOOK

pytestmark = needs(CHROMIUM is not None, "Debian's chromium")
REFRESH_MS = 3000  # the bound, loose enough for a loaded machine


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("podglad"))
    use_chapters(project.root, BOOK)
    with serving(project, 2025) as url:
        yield project, url


@pytest.fixture(scope="module")
def page(preview):
    from playwright.sync_api import sync_playwright

    _project, url = preview
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=DESKTOP)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_load_state("load")
        yield page, errors
        browser.close()


def saved(path, old: str, new: str) -> float:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return time.perf_counter()


def test_a_saved_office_text_shows_within_3_s_where_the_reader_was(preview, page):
    project, _url = preview
    tab, errors = page
    tab.evaluate("window.scrollTo(0, 1500)")
    y = tab.evaluate("window.scrollY")
    assert y > 1000
    t0 = saved(project.root / "data" / "2025" / "teksty" / "family_assistance_zespol.md", "Zesp", "Odnowiony zesp")
    tab.wait_for_function("document.body.innerText.includes('Odnowiony zesp')", timeout=REFRESH_MS)
    assert time.perf_counter() - t0 < REFRESH_MS / 1000
    tab.wait_for_function(f"Math.abs(window.scrollY - {y}) < 5", timeout=1000)  # the reader stays where they were
    assert errors == []


def test_an_error_shows_in_the_page_with_its_file_and_goes_when_fixed(preview, page):
    project, _url = preview
    tab, errors = page
    template = project.root / "templates" / "foster_care_families.md"
    good = template.read_text(encoding="utf-8")
    saved(template, "Praca\nz rodziną obejmuje zatem", "{% if %}Praca\nz rodziną obejmuje zatem")
    alert = tab.locator("[role=alert]")
    alert.wait_for(timeout=REFRESH_MS)
    assert "templates/foster_care_families.md, wiersz" in alert.inner_text()
    assert tab.locator("#sec-praca-z-rodzina").count() == 1  # the last good text under it
    template.write_text(
        good.replace("Praca\nz rodziną obejmuje zatem", "Stąd praca\nz rodziną obejmuje", 1), encoding="utf-8"
    )
    tab.wait_for_function("document.body.innerText.includes('Stąd praca')", timeout=REFRESH_MS)
    assert tab.locator("[role=alert]").count() == 0
    assert errors == []
