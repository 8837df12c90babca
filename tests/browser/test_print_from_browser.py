"""The HTML report printed from Chromium, as a reviewer prints it from the browser."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

from tests.missing_tools import needs

from .test_html_in_chromium import CHROMIUM, browser, open_page  # noqa: F401 - the fixture

pytestmark = needs(CHROMIUM is not None, "Debian's chromium")


def _squeeze(text: str) -> str:
    """The text without spaces or line breaks, its ligatures ("ﬁ") as letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# The printed page's text block at 96 px to the inch: A4 less report.css's @page margins
# (2 cm above and below, 1.8 cm at the sides).
PRINT_WIDTH, PRINT_HEIGHT = round((21.0 - 3.6) / 2.54 * 96), round((29.7 - 4.0) / 2.54 * 96)


def test_a_grouped_tables_group_is_printed_on_one_page(browser, built_2025):  # noqa: F811
    """A group (a task with its partners) that fits on a page is never split, so no continued
    row is printed with a blank task (Chromium keeps the rows a cell spans together when they
    fit); a group taller than a page still breaks, its label on the first page only."""
    page, _ = open_page(browser, built_2025["html"].as_uri(), {"width": PRINT_WIDTH, "height": PRINT_HEIGHT})
    try:
        page.emulate_media(media="print")
        # each group of several rows that fits in half a page (laid out at the page's width, so
        # its printed height is about the same), by the longest text of its first and last rows
        groups = page.evaluate(
            """(limit) => {
                 const text = cell => {  // without the marks of differences, which print does not show
                   const copy = cell.cloneNode(true);
                   copy.querySelectorAll('.warn-mark').forEach(m => m.remove());
                   return copy.textContent;
                 };
                 const longest = row => Array.from(row.cells).map(text)
                   .reduce((a, b) => (b.length > a.length ? b : a), '');
                 // a group: the rows its label (a row header spanning rows, groups.lua) spans
                 const groups = [];
                 document.querySelectorAll('tbody > tr > th[rowspan]:first-child').forEach(th => {
                   const first = th.parentElement, rows = [first];
                   for (let r = first.nextElementSibling; r && rows.length < th.rowSpan; r = r.nextElementSibling) {
                     rows.push(r);
                   }
                   const top = first.getBoundingClientRect().top;
                   const bottom = rows[rows.length - 1].getBoundingClientRect().bottom;
                   if (rows.length > 1 && bottom - top < limit) {
                     groups.push([longest(first), longest(rows[rows.length - 1])]);
                   }
                 });
                 return groups;
               }""",
            PRINT_HEIGHT / 2,
        )
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.close()
    assert len(groups) >= 10  # the programme's goals and the daily centres have groups of several rows
    pages = [_squeeze(p.extract_text()) for p in pdf.pages]
    for first, last in groups:
        first_text, last_text = _squeeze(first)[:30], _squeeze(last)[:30]
        on = [i for i, text in enumerate(pages) if first_text in text]
        assert on, first
        assert any(last_text in pages[i] for i in on), f"{first[:60]!r} and its last row are on different pages"


def test_a_group_taller_than_half_a_page_prints_its_label_on_every_page_it_is_on(browser, built_2025):  # noqa: F811
    """A group that may break across pages (Mielec: goal 1, task 1.1, 10 rows) has its label
    repeated, as "(cd.)", in each of its rows when the browser prints (report.js.html), so
    every printed page that shows a row of the group shows its label; after printing the
    table is as it was (one cell spanning the group)."""
    page, _ = open_page(browser, built_2025["html"].as_uri(), {"width": PRINT_WIDTH, "height": PRINT_HEIGHT})
    try:
        page.emulate_media(media="print")
        tall = page.evaluate(
            """(limit) => {
                 const out = [];
                 document.querySelectorAll('tbody > tr > th[rowspan]').forEach(th => {
                   const rows = [th.parentElement];
                   for (let r = rows[0].nextElementSibling; r && rows.length < th.rowSpan; r = r.nextElementSibling) {
                     rows.push(r);
                   }
                   const height = rows[rows.length - 1].getBoundingClientRect().bottom - rows[0].getBoundingClientRect().top;
                   if (rows.length > 1 && height > limit) {
                     // each row by its last cell (the value), the group by its label
                     out.push([th.textContent, rows.map(r => r.cells[r.cells.length - 2].textContent), th.rowSpan]);
                   }
                 });
                 return out;
               }""",
            PRINT_HEIGHT / 2,
        )
        spans_before = page.evaluate("() => Array.from(document.querySelectorAll('th[rowspan]')).map(t => t.rowSpan)")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # as the browser does on printing
        repeated = page.evaluate("() => document.querySelectorAll('th.print-cont').length")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        spans_after = page.evaluate("() => Array.from(document.querySelectorAll('th[rowspan]')).map(t => t.rowSpan)")
    finally:
        page.close()
    assert tall, "no group taller than half a page: the test would prove nothing"
    assert repeated == sum(n - 1 for _, _, n in tall)
    assert spans_after == spans_before and not any(n == 1 for n in spans_before if n)
    pages = [_squeeze(p.extract_text()) for p in pdf.pages]
    for label, rows, _ in tall:
        mark = _squeeze(label)[:30]
        first = next(i for i, text in enumerate(pages) if mark in text and _squeeze(rows[0])[:30] in text)
        last = next(i for i in range(first, len(pages)) if _squeeze(rows[-1])[:30] in pages[i])
        assert all(mark in pages[i] for i in range(first, last + 1)), f"{label[:50]!r}: pages {first + 1}–{last + 1}"
