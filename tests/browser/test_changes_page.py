"""The page of changes between two versions (``zmiany.html``), in Debian's chromium: WCAG 2.1
AA by axe-core and pa11y at a desktop and a phone width, every link landing on its place in
the report, a keyboard user moving from change to change, and changed words marked in text.

The page compares the 2025 build's version with an earlier one made from it by a few seeded
changes (a number, a sentence, a table, an input row), so that its links lead into the very
report that was built.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from sprawozdanie.versions import diff, page, store
from tests.artefacts import artefact_dir
from tests.browser.test_axe import AXE, VIEWPORTS, describe, run_axe
from tests.browser.test_html_in_chromium import CHROMIUM, browser, open_page  # noqa: F401
from tests.browser.test_pa11y import PA11Y, run_pa11y
from tests.missing_tools import needs

pytestmark = [needs(CHROMIUM is not None, "Debian's chromium")]


def _earlier(snap: dict) -> dict:
    """The built version as it might have been before: one number, one sentence and one
    input row different, and a table more."""
    old = copy.deepcopy(snap)
    printed = next(i for i in snap["values"] if f"⟦{i}⟧" in json.dumps(snap["blocks"], ensure_ascii=False))
    old["values"][printed]["shown"] = old["values"][printed]["value"] = "999"
    text = next(b for b in old["blocks"] if b["kind"] == "text" and len(b["text"].split()) > 8)
    words = text["text"].split(" ")
    words[3] = "inaczej"
    text["text"] = " ".join(words)
    table = next(b for b in old["blocks"] if b["kind"] == "table")
    gone = {**table, "anchor": "tbl-usunieta", "text": "Tabela, której już nie ma"}
    old["blocks"].insert(old["blocks"].index(table) + 1, gone)
    file = next(f for f, rows in old["inputs"].items() if rows)
    first = next(iter(old["inputs"][file]))
    old["inputs"][file][first] = "0" * 16
    return old


@pytest.fixture(scope="module")
def changes(built_2025) -> Path:
    root = built_2025["project"].root
    where = store.folder(root, 2025)
    (version,) = store.read(where)
    snap = store.load(where, version)
    found = diff.compare(_earlier(snap), snap)
    assert {c.kind for c in found} >= {diff.NUMBER, diff.SENTENCE, diff.TABLE}
    pair = page.Pair("wersja nr 0 (przykład)", "wersja nr 1", 0, 1, found)
    titles = {c["id"]: c["title"] for c in snap["chapters"]}
    out = built_2025["html"].parent / "zmiany.html"
    out.write_text(page.html(pair, titles, "Sprawozdanie za rok 2025"), encoding="utf-8")
    return out


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@needs(AXE.is_file(), f"axe-core (in {AXE})")
def test_no_axe_violations(browser, changes, viewport):  # noqa: F811 - the fixture
    tab, errors = open_page(browser, changes.as_uri(), VIEWPORTS[viewport])
    try:
        found = run_axe(tab)
        tab.screenshot(path=str(artefact_dir("html") / f"zmiany-{viewport}.png"), full_page=True)
    finally:
        tab.close()
    assert found["passes"] > 10 and errors == []
    assert found["violations"] == [], "\n" + describe(found["violations"])


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@needs(PA11Y.is_file(), f"pa11y (in {PA11Y})")
def test_no_pa11y_issues(changes, viewport, tmp_path):
    issues = run_pa11y(changes, viewport, tmp_path)
    assert issues == [], "\n".join(f"{i['code']}: {i['message']} ({i['selector']})" for i in issues[:10])


def test_every_link_lands_on_its_place_in_the_report(changes, built_2025):
    html = changes.read_text(encoding="utf-8")
    report_ids = set(re.findall(r'id="([^"]+)"', built_2025["html"].read_text(encoding="utf-8")))
    annex_ids = set(re.findall(r'id="([^"]+)"', built_2025["annex"].read_text(encoding="utf-8")))
    links = re.findall(r'<a class="do-miejsca" href="([^"]+)"', html)
    into_report = [h for h in links if h.startswith("report.html#")]
    assert into_report, "no change links into the report"
    assert [h for h in into_report if h.split("#", 1)[1] not in report_ids] == []
    assert [h for h in links if h.startswith("aneks/") and h.split("#", 1)[1] not in annex_ids] == []
    own = {h[1:] for h in links if h.startswith("#")}
    assert own <= set(re.findall(r'id="([^"]+)"', html))  # a removed thing: its own entry


def test_a_keyboard_user_moves_from_change_to_change(browser, changes):  # noqa: F811 - the fixture
    tab, errors = open_page(browser, changes.as_uri(), VIEWPORTS["desktop"])
    try:
        links = tab.locator("a.do-miejsca")
        n = links.count()
        assert n >= 3
        focused = []
        for _ in range(n + 4):  # the skip link and the report's link come first
            tab.keyboard.press("Tab")
            focused.append(tab.evaluate("document.activeElement.getAttribute('href')"))
        hrefs = [links.nth(i).get_attribute("href") for i in range(n)]
        assert [h for h in focused if h in hrefs][:n] == hrefs  # Tab: each change in order
        links.nth(0).focus()
        tab.keyboard.press("n")
        tab.keyboard.press("n")
        assert tab.evaluate("document.activeElement.getAttribute('href')") == hrefs[2]
        tab.keyboard.press("p")
        assert tab.evaluate("document.activeElement.getAttribute('href')") == hrefs[1]
        text = tab.inner_text("main")
    finally:
        tab.close()
    assert errors == []
    assert re.search(r"\[−\s", text) and re.search(r"\[\+\s", text)  # marked in text, not only by colour


def test_deleted_and_inserted_words_are_marked_up_and_named_for_screen_readers(changes):
    html = changes.read_text(encoding="utf-8")
    assert re.search(r"<del><span aria-hidden=\"true\">\[−&nbsp;</span><span class=\"sr\">usunięto: </span>", html)
    assert re.search(r"<ins><span aria-hidden=\"true\">\[\+&nbsp;</span><span class=\"sr\">dodano: </span>", html)
