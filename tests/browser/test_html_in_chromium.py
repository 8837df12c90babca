"""The HTML report in a real browser: Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading

import pytest

from tests.artefacts import artefact_dir
from tests.missing_tools import needs

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = needs(CHROMIUM is not None, "Debian's chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url, viewport):
    page = browser.new_page(viewport=viewport)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


@pytest.fixture(scope="module")
def desktop(browser, built_2025):
    page, errors = open_page(browser, built_2025["html"].as_uri(), DESKTOP)
    yield page, errors
    page.close()


def test_no_console_errors_from_the_file_system(desktop):
    _page, errors = desktop
    assert errors == []


def test_works_from_a_static_web_server(browser, built_2025):
    folder = built_2025["html"].parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page, errors = open_page(browser, f"http://127.0.0.1:{server.server_port}/report.html", DESKTOP)
        assert page.locator("table").count() >= 5 and errors == []
        page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_every_internal_link_resolves(desktop):
    page, _ = desktop
    broken = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter(id => !document.getElementById(id))""")
    assert broken == []


def test_every_table_and_figure_is_visible(desktop):
    page, _ = desktop
    captions = page.locator("caption").all_inner_texts()
    numbered = sorted(int(c.split("Tabela nr")[1].split(".")[0]) for c in captions if "Tabela nr" in c)
    assert numbered == list(range(1, len(numbered) + 1)) and len(numbered) >= 4
    for n in numbered:
        table = page.locator("table", has=page.locator("caption", has_text=f"Tabela nr {n}."))
        assert table.count() == 1, f"Tabela nr {n}"
        assert table.first.is_visible()
    images = page.locator("figure img")
    assert images.count() >= 2
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        assert img.is_visible()
        assert page.evaluate("el => el.naturalWidth > 0 && el.alt.length > 10", img.element_handle())
    assert page.locator("figcaption", has_text="Wykres nr 1.").count() == 1


def test_navigation_follows_the_reader(desktop):
    page, _ = desktop
    nav = page.locator("nav#TOC")
    assert nav.is_visible()
    link = nav.locator("a", has_text="Współpraca z instytucjami").first
    link.click()
    target = link.get_attribute("href")[1:]
    # smooth scrolling: wait until the section has arrived at the top
    page.wait_for_function(
        f"() => Math.abs(document.getElementById('{target}').getBoundingClientRect().top) < 120", timeout=10_000
    )
    page.wait_for_timeout(200)
    assert "active" in (link.get_attribute("class") or "")
    assert nav.locator("a.active").count() == 1


def test_accessibility_basics(desktop):
    page, _ = desktop
    assert page.evaluate("() => document.documentElement.lang") == "pl"
    levels = page.evaluate(
        "() => [...document.querySelectorAll('main h1, main h2, main h3, body > section h1, "
        "body > section h2, body > section h3')].map(h => +h.tagName[1])"
    )
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert page.evaluate(
        "() => [...document.querySelectorAll('table')].every(t => t.querySelectorAll('thead th').length > 0)"
    )
    low = page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126*r + 0.7152*g + 0.0722*b; };
        const bg = el => { while (el) { const c = getComputedStyle(el).backgroundColor;
            if (c && !c.startsWith('rgba(0, 0, 0, 0)')) return c; el = el.parentElement; } return 'rgb(255,255,255)'; };
        return [...document.querySelectorAll('p, a, th, td, caption, figcaption, h1, h2, h3, li')].map(el => {
            const a = lum(getComputedStyle(el).color), b = lum(bg(el));
            return [(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), el.tagName]; }).filter(([r]) => r < 4.5); }""")
    assert low == []


def test_phone_width_has_no_sideways_page_scroll(browser, built_2025):
    page, errors = open_page(browser, built_2025["html"].as_uri(), PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    toggle = page.locator("button.toc-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.locator("nav#TOC > ul").is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert errors == []
    page.close()


def test_on_a_phone_the_link_to_the_contents_steps_aside_while_the_reader_scrolls_on(browser, built_2025):
    """The fixed link to the contents would cover a table's last column: scrolling down moves it
    off the screen, scrolling up and the keyboard's focus bring it back."""
    page, errors = open_page(browser, built_2025["html"].as_uri(), PHONE)
    link = page.locator("a.to-contents")

    def on_screen():
        return page.evaluate(
            "() => document.querySelector('a.to-contents').getBoundingClientRect().top < window.innerHeight"
        )

    assert on_screen()
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(400)  # the transition
    assert not on_screen()
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(400)
    assert on_screen()
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(400)
    link.focus()
    page.wait_for_timeout(400)
    assert on_screen()  # a keyboard's user sees where the focus is
    assert errors == []
    page.close()


def test_screenshots_for_reviewers(browser, built_2025):
    out = artefact_dir("html")
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page, _ = open_page(browser, built_2025["html"].as_uri(), viewport)
        page.screenshot(path=str(out / f"{name}-top.png"))
        page.locator("#tbl-kontakty").scroll_into_view_if_needed()
        page.screenshot(path=str(out / f"{name}-table.png"))
        page.close()
        assert (out / f"{name}-top.png").stat().st_size > 10_000


def test_number_details_by_keyboard_and_touch(browser, built_2025):
    """The numbers' details: out of the tab order until the reader asks for them; then each
    number takes focus (keyboard) or a tap (touch) and shows what it is and where it comes
    from, in words (no column or code names), until Escape or the focus leaves."""
    from sprawozdanie.present.markup import _names

    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(built_2025["html"].as_uri())
    page.wait_for_load_state("load")
    toggle = page.locator("button.val-toggle")
    details = page.locator("#val-details")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator("span.val[tabindex]").count() == 0  # not 350 tab stops by default
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    for _ in range(12):  # past the links before the first number (to its tables, the headings' marks)
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('role')]")
        if focused[0] == "val" or page.evaluate("() => document.activeElement.tagName") != "A":
            break
    assert focused == ["val", "button"]
    assert details.is_visible()
    text = details.inner_text()
    assert "Źródło:" in text and "(plik " in text
    number = page.evaluate("() => document.activeElement.dataset.id")
    page.keyboard.press("Tab")  # into the details: the link to the number's row in the annex
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert details.is_visible() and href.startswith("aneks/aneks.html#w-"), href
    annex = (built_2025["html"].parent / "aneks" / "aneks.html").read_text(encoding="utf-8")
    row = re.search(rf'<tr>\s*<td[^>]*><span id="{re.escape(href.split("#")[1])}">(.*?)</span>', annex)
    assert row and row.group(1).replace("<wbr>", "") == number  # the row of that very number
    page.keyboard.press("Escape")  # the details close and the focus goes back to the number
    assert details.is_hidden() and page.evaluate("() => document.activeElement.dataset.id") == number

    technical = _names()[0]
    every = page.evaluate("() => [...document.querySelectorAll('span.val')].map(s => s.dataset.details)")
    leaking = sorted({w for d in every for w in re.findall(r"[\w.]+", d) if w in technical})
    assert leaking == [], leaking

    cost = page.locator("#tbl-koszty-pieczy span.val").first
    cost.tap()
    assert details.is_visible() and details.inner_text().startswith(cost.get_attribute("data-details")[:20])
    box, number = details.bounding_box(), cost.bounding_box()
    assert box["y"] >= number["y"] + number["height"] and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.locator("h1").first.tap()  # elsewhere: the box goes
    assert details.is_hidden()
    toggle.click()
    assert page.locator("span.val[tabindex]").count() == 0 and page.locator("span.val[title]").count() == len(every)
    context.close()


def test_tables_and_charts_readable_on_a_phone(browser, built_2025):
    """At 390 px no table hides a column off-screen (three or more columns become label–value
    rows) and every chart is first shown whole, fitted to the screen; its button "Powiększ
    wykres" shows it at least at the scale at which its smallest labels (8 pt, drawn at the
    charts' dpi) are 12 px, i.e. 9 pt, tall, and it then scrolls sideways in a box that the
    keyboard can reach."""
    from sprawozdanie.present.charts import STYLE

    page, errors = open_page(browser, built_2025["html"].as_uri(), PHONE)
    outside = page.evaluate("""() => [...document.querySelectorAll('main td, main th')]
        .filter(c => c.getClientRects().length && c.closest('.reflow') && getComputedStyle(c.closest('thead') || c).position !== 'absolute')
        .filter(c => { const r = c.getBoundingClientRect(); return r.right > innerWidth + 0.5 || r.left < -0.5; })
        .map(c => c.textContent.slice(0, 40))""")
    assert outside == []
    # nor does a table of two columns (not reflowed) need scrolling: its caption would be cut off
    wide = page.evaluate("""() => [...document.querySelectorAll('main .table-wrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => (w.querySelector('caption') || w).textContent.slice(0, 50))""")
    assert wide == []
    values = page.locator("main table:has(th:text-is('Wartość')) td[data-label='Wartość']")
    assert values.count() >= 5
    assert values.first.bounding_box()["x"] + values.first.bounding_box()["width"] <= PHONE["width"]
    measured = """() => [...document.querySelectorAll('figure img')].map(i => {
        const box = i.closest('.figure-scroll');
        return {scale: i.getBoundingClientRect().width / i.naturalWidth, scrolls: box.scrollWidth > box.clientWidth + 1,
                focusable: box.tabIndex === 0 && box.getAttribute('role') === 'region' && !!box.getAttribute('aria-label')}; })"""
    fitted = page.evaluate(measured)
    assert len(fitted) >= 2 and not any(c["scrolls"] for c in fitted)  # whole, on the screen
    zoom = page.locator("button.chart-zoom:visible")
    assert zoom.count() >= 1  # where the chart is wider than the screen at its legible size
    for i in range(zoom.count()):
        zoom.nth(i).click()
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )  # the regions, redone
    charts = page.evaluate(measured)
    smallest_px = [8 * STYLE["savefig.dpi"] / 72 * c["scale"] for c in charts]
    assert min(smallest_px) >= 11.9, smallest_px
    assert any(c["scrolls"] for c in charts) and all(c["focusable"] for c in charts if c["scrolls"])
    assert zoom.first.inner_text() == "Dopasuj wykres do ekranu"
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert errors == []
    page.close()


def test_landmarks_and_skip_link(desktop):
    page, _ = desktop
    assert page.locator("main#tresc").count() == 1 and page.locator("main nav#TOC").count() == 0
    # the first thing a keyboard reaches leads past the contents to the report
    assert page.evaluate("() => document.querySelector('body a, body button').className") == "skip-link"
    assert page.locator("a.skip-link").get_attribute("href") == "#tresc"
    untitled = page.evaluate(
        "() => [...document.querySelectorAll('table')].filter(t => !t.caption || !t.caption.textContent.trim()).length"
    )
    assert untitled == 0
    wide = page.evaluate("""() => [...document.querySelectorAll('div.table-wrap, div.figure-scroll')]
        .filter(b => b.scrollWidth > b.clientWidth && b.tabIndex !== 0).length""")
    assert wide == 0


def test_number_details_stay_under_the_pointer(browser, built_2025):
    """WCAG 1.4.13: the details shown on hover stay while the pointer moves onto them, and go
    when it leaves both."""
    page, errors = open_page(browser, built_2025["html"].as_uri(), DESKTOP)
    page.locator("button.val-toggle").click()
    page.mouse.click(DESKTOP["width"] - 5, 5)  # the focus leaves the switch (a blank margin)
    number = page.locator("#tbl-asystenci span.val").nth(1)
    number.scroll_into_view_if_needed()
    number.hover()
    details = page.locator("#val-details")
    assert details.is_visible()
    box = number.bounding_box()
    for y in range(int(box["y"] + box["height"]) - 1, int(box["y"] + box["height"]) + 21, 2):
        page.mouse.move(box["x"] + 3, y)  # down across the gap onto the box
    assert details.is_visible()
    page.mouse.move(DESKTOP["width"] - 5, DESKTOP["height"] - 5)
    assert details.is_hidden() and errors == []
    page.close()


GROUP_HEADERS_JS = """table => {
    // each cell's row headers: the th[scope=row] of its row, and those spanning down from above
    const covering = [];  // row index -> row headers covering it
    const rows = [...table.tBodies].flatMap(b => [...b.rows]);
    rows.forEach((tr, r) => {
        for (const th of tr.querySelectorAll('th[scope=row]'))
            for (let k = r; k < r + th.rowSpan; k++) (covering[k] ||= []).push(th.textContent.trim());
    });
    return rows.flatMap((tr, r) => [...tr.querySelectorAll('td')]
        .filter(td => td.colSpan < table.rows[0].cells.length)  // a total's sentence across the table
        .map(td => ({cell: td.textContent.trim().slice(0, 30), headers: covering[r] || []})));
}"""


def test_grouped_tables_give_every_cell_its_row_headers(browser, built_2025):
    """In a table whose rows are grouped (a goal's tasks and partners, the forms of daily
    centres), a value is announced with its group: every data cell has row headers (its task,
    partner and indicator), a group's label is one cell spanning its rows, and Chromium's
    accessibility tree exposes those cells as row headers, at desktop and phone width."""
    for viewport in (DESKTOP, PHONE):
        page, errors = open_page(browser, built_2025["html"].as_uri(), viewport)
        grouped = page.locator("main table:has(tbody th[scope=row])")
        assert grouped.count() >= 6  # Mielec: Tabela nr 12 and the five goals' tables
        for i in range(grouped.count()):
            cells = grouped.nth(i).evaluate(GROUP_HEADERS_JS)
            assert cells and [c for c in cells if len(c["headers"]) < 2] == []
            assert grouped.nth(i).locator("th[rowspan]").count() >= 1
        session = page.context.new_cdp_session(page)
        tree = session.send("Accessibility.getFullAXTree")["nodes"]
        row_headers = [n for n in tree if n.get("role", {}).get("value") == "rowheader"]
        assert len(row_headers) == page.locator("main tbody th[scope=row]").count() > 0
        assert errors == []
        page.close()


@pytest.mark.parametrize("page_key", ["html", "annex"])
def test_pages_reflow_at_320_px(browser, built_2025, page_key):
    """At 320 CSS px (a phone, or 1280 px at 400 % zoom; WCAG 1.4.10) the page never scrolls
    sideways: long identifiers and file names in sentences wrap, and so do the annex's hashes,
    so that its table of inputs fits without a sideways scroll of its own."""
    page, errors = open_page(browser, built_2025[page_key].as_uri(), {"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    hashes = page.locator("span.hash")
    if page_key == "annex":
        assert hashes.count() >= 5
        assert hashes.first.evaluate(
            "h => h.closest('.table-wrap').scrollWidth <= h.closest('.table-wrap').clientWidth"
        )
        assert " ".join(hashes.first.inner_text().split()) == hashes.first.inner_text()  # copied whole: no spaces added
    assert errors == []
    page.close()


def test_differences_are_marked_where_the_numbers_stand(desktop):
    """Each number a warning of "Kontrola obliczeń" concerns carries a text mark linking to the
    warning where its phrase ends (after its noun, before the punctuation: "pracowało
    3 asystentów rodziny ⚠ różnica nr 3,"), within its own paragraph or cell; several
    differences at one place read "⚠ różnice nr 2, 4 i 5" in order; the warning links back
    to the places of those numbers."""
    page, _errors = desktop
    found = page.evaluate("""() => [...document.querySelectorAll('span.roznica[data-ids]')].map(label => {
        const ids = label.dataset.ids.split(' ');
        const printed = [...document.querySelectorAll('main span.val[data-id]')].filter(s => ids.includes(s.dataset.id));
        const marks = [...document.querySelectorAll('main a.warn-mark')].filter(a => a.getAttribute('href') === '#' + label.id);
        const block = n => n.closest('p, li, td, th, figcaption, caption');
        const follows = (s, a) => block(a) !== null && block(s) === block(a)
            && (s.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
        // every mark follows a number of its difference within the same block, and every
        // number printed has a mark of its difference after it there
        const placed = marks.every(a => printed.some(s => follows(s, a)))
            && printed.every(s => marks.some(a => follows(s, a)));
        const run = a => { let f = a; while (f.previousSibling && f.previousSibling.matches && f.previousSibling.matches('a.warn-mark')) f = f.previousSibling;
            const r = []; for (let m = f; m && m.matches && m.matches('a.warn-mark'); m = m.nextSibling) r.push(m); return r; };
        const ordered = marks.every(a => { const nrs = run(a).map(m => +m.getAttribute('href').split('-')[1]);
            return nrs.every((nr, i) => !i || nrs[i - 1] < nr); });
        const back = [...label.closest('li').querySelectorAll('p.warn-places a')].map(a => document.querySelector(a.getAttribute('href')));
        return {id: label.id, printed: printed.length, marked: marks.length, placed, ordered,
                texts: marks.map(a => run(a).map(m => m.firstChild.textContent).join('')),
                back: back.length,
                backOk: back.every(s => s && s.matches('span.val') && ids.includes(s.dataset.id))};
    })""")
    assert found and any(f["printed"] for f in found)
    for f in found:
        assert bool(f["marked"]) == bool(f["printed"]), f  # a number printed: its difference marked
        assert f["placed"] and f["ordered"], f
        assert not f["printed"] or (
            all(re.search(r"⚠\s*różnic[ae]\s*nr\s*\d", t) for t in f["texts"]) and f["back"] and f["backOk"]
        ), f
    # the worked example's 122 children are in differences nr 2, 4 and 5: one mark for the three
    texts = [t for f in found for t in f["texts"]]
    assert any(re.fullmatch(r"⚠\s*różnice\s*nr\s*\d+(,\s*\d+)*\s+i\s+\d+", t.strip()) for t in texts), texts
    # after the number's noun, not between the two (the text as seen: a mark's words for screen
    # readers, visually hidden, left out)
    prose = " ".join(
        page.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('.visually-hidden').forEach(e => e.remove()); return main.textContent; }""").split()
    )
    assert re.search(r"pracowało 3 asystentów rodziny\s*⚠\s*różnica nr 3", prose), prose[:3000]
    # a place names its numbered section by number and title, a long (wrapped) title too
    places = page.evaluate("() => [...document.querySelectorAll('p.warn-places a')].map(a => a.textContent)")
    assert any("(rozdz. 20.2." in p for p in places), places
    assert not [p for p in places if re.search(r"\(„\d", p)], places
    assert not re.search(r"\d\s*⚠\s*różnic[ae] nr [\d, i]+\s+(asystentów|rodzin|dzieci)\b", prose)


def test_on_a_phone_a_numbers_details_push_the_next_row_down_instead_of_covering_it(browser, built_2025):
    page, errors = open_page(browser, built_2025["html"].as_uri(), PHONE)
    page.locator("button.val-toggle").click()
    number = page.locator("#tbl-najwazniejsze-porownanie tbody tr:first-child span.val").first
    number.scroll_into_view_if_needed()
    number.focus()
    details = page.locator("#val-details")
    assert details.is_visible()
    below = page.evaluate(
        """() => {
             const box = document.getElementById('val-details').getBoundingClientRect();
             const row = document.activeElement.closest('tr').nextElementSibling.getBoundingClientRect();
             return [box.bottom, row.top, box.left >= 0, box.right <= window.innerWidth];
           }"""
    )
    assert below[1] >= below[0] - 1 and below[2] and below[3], below
    assert errors == []
    page.close()


def test_the_phone_controls_work_while_the_charts_are_still_arriving(browser, built_2025):
    """On a slow connection the page arrives in pieces, the charts (inlined images) most of it:
    the contents' button and the numbers' switch work as soon as the top of the page is there.
    A server sends the page up to its first chart and holds the rest back until the end."""
    html = built_2025["html"].read_bytes()
    cut = html.index(b"<img")
    assert cut < len(html) // 2  # the charts are the later, larger part
    release = threading.Event()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the server's name for it
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html[:cut])
            self.wfile.flush()
            release.wait(30)
            self.wfile.write(html[cut:])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/report.html", wait_until="commit")
        page.wait_for_selector("button.toc-toggle", timeout=10_000)
        assert page.evaluate("() => document.readyState") == "loading"  # the rest still on its way
        page.click("button.toc-toggle")
        assert page.get_attribute("button.toc-toggle", "aria-expanded") == "true"
        assert page.is_visible("nav#TOC a")
        page.click("button.toc-toggle")
        page.click("button.val-toggle")
        assert page.get_attribute("button.val-toggle", "aria-pressed") == "true"
        assert page.locator("span.val[tabindex='0']").count() > 0  # the numbers already there
        release.set()
        page.wait_for_load_state("load")
        # the numbers that arrived after the switch was turned on are switched on too
        assert page.evaluate("() => document.querySelectorAll('span.val[title]').length") == 0
    finally:
        release.set()
        page.close()
        server.shutdown()
        server.server_close()
