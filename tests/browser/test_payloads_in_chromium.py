"""Hostile inputs in a real browser: no script of theirs runs, and the Content-Security-Policy
would stop one even if it got into the page (Debian's chromium driven by Playwright).

The report is the payload year of ``tests/unit/test_payloads.py``, built once per session.
"""

from __future__ import annotations

import pytest

from tests.browser.test_html_in_chromium import CHROMIUM, DESKTOP, browser  # noqa: F401 - the shared fixture
from tests.missing_tools import needs
from tests.unit.test_payloads import payload_report

pytestmark = needs(CHROMIUM is not None, "Debian's chromium")

INJECTED = (
    '<script>alert("script")</script><img src=x onerror=alert("img")><svg onload=alert("svg")></svg>'
    '<img id="plik" src="file:///etc/passwd"><a id="js" href="javascript:alert(\'link\')">x</a>'
)


def watch(browser, url):  # noqa: F811 - the fixture, passed in
    """The page at ``url``, with every dialog (alert, confirm) and console message recorded."""
    page = browser.new_page(viewport=DESKTOP)
    seen = {"dialogs": [], "console": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: seen["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: seen["console"].append(("pageerror", str(e))))
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # late handlers (onerror of an image) have fired
    return page, seen


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return payload_report(tmp_path_factory)


def test_no_script_of_the_inputs_runs(browser, report):  # noqa: F811
    page, seen = watch(browser, report["paths"]["html"].as_uri())
    page.mouse.wheel(0, 100_000)  # every figure and table in view once
    page.wait_for_timeout(200)
    assert seen["dialogs"] == []
    assert [m for m in seen["console"] if m[0] in ("error", "pageerror")] == []
    assert "<svg onload=alert(1)>" in page.inner_text("body")
    assert page.locator("button.toc-toggle").count() == 1  # the project's own script ran under the policy
    page.close()


def test_the_policy_stops_a_script_that_got_in(browser, report, tmp_path):  # noqa: F811
    html = report["html"].replace("<body>", "<body>" + INJECTED, 1)
    assert INJECTED in html
    page_file = tmp_path / "report.html"
    page_file.write_text(html, encoding="utf-8")
    page, seen = watch(browser, page_file.as_uri())
    page.click("#js")
    page.wait_for_timeout(200)
    assert seen["dialogs"] == []
    refused = [text for kind, text in seen["console"] if "Content Security Policy" in text]
    assert len(refused) >= 3, seen["console"]  # the script, the handlers, the file image, the link
    assert page.evaluate("() => document.getElementById('plik').naturalWidth") == 0
    assert page.locator("button.toc-toggle").count() == 1  # while the project's own script ran
    page.close()


# What the templates put in an office text's block: paragraphs, lists, emphasis, links, values.
OFFICE_ELEMENTS = {
    "P": set(),
    "UL": set(),
    "OL": set(),
    "LI": set(),
    "EM": set(),
    "STRONG": set(),
    "BR": set(),
    "Q": set(),
    "A": {"href"},
    "SPAN": {"class", "data-id", "title", "tabindex", "role", "aria-describedby"},
}


def test_office_texts_gain_no_element_or_attribute_in_the_browser(browser, report):  # noqa: F811
    page, _seen = watch(browser, report["paths"]["html"].as_uri())
    found = page.evaluate(
        """(allowed) => {
        const out = [];
        for (const block of document.querySelectorAll('div.tekst-osrodka')) {
            for (const el of block.querySelectorAll('*')) {
                const names = allowed[el.tagName];
                const extra = names ? [...el.attributes].map(a => a.name).filter(n => !names.includes(n)) : ['*'];
                if (extra.length) out.push(el.outerHTML.slice(0, 80));
                if (el.tagName === 'SPAN' && !el.classList.contains('val')) out.push(el.outerHTML.slice(0, 80));
            }
        }
        const fixed = [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).position === 'fixed'
            && !e.closest('nav, header, .toc-toggle, button'));
        return {foreign: out, fixed: fixed.map(e => e.outerHTML.slice(0, 80)),
                headings: [...document.querySelectorAll('h1, h2, h3')].map(h => h.textContent)};
    }""",
        {k: sorted(v) for k, v in OFFICE_ELEMENTS.items()},
    )
    assert found["foreign"] == [] and found["fixed"] == []
    assert not [h for h in found["headings"] if "Fałszywy" in h]
    page.close()
