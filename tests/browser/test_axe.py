"""WCAG 2.1 A/AA of the HTML report, measured by axe-core in Debian's chromium (Playwright).

axe-core is an npm package, installed by ``make system-deps`` into ``tests/browser/node/``
(gitignored); ``AXE_CORE`` may name another ``axe.min.js``. Without it, or without chromium,
these tests are skipped. Each page is checked at a desktop and a phone width, once as it
opens and once with the numbers' details switched on (the value spans then take focus).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.artefacts import artefact_dir
from tests.browser.test_html_in_chromium import CHROMIUM, DESKTOP, PHONE, browser, open_page  # noqa: F401
from tests.missing_tools import needs

AXE = Path(os.environ.get("AXE_CORE") or Path(__file__).parent / "node/node_modules/axe-core/axe.min.js")
pytestmark = [needs(CHROMIUM is not None, "Debian's chromium"), needs(AXE.is_file(), f"axe-core (in {AXE})")]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best-practice rules the report must pass as well: every content in a landmark, and a
# focusable scrolling box (a keyboard user can scroll a wide table or chart).
BEST_PRACTICE = ["landmark-one-main", "region", "scrollable-region-focusable"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": PHONE}


def run_axe(page) -> dict:
    """axe-core's results for the page as it is now. axe is evaluated through the DevTools
    protocol, which the report's Content-Security-Policy does not govern (a script element
    would be refused, as it should be); the policy stays on for the report's own scripts."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    return page.evaluate(
        """async ([tags, rules]) => {
        const pick = r => ({id: r.id, impact: r.impact, help: r.help,
                            nodes: r.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))});
        const wcag = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        const best = await axe.run(document, {runOnly: {type: 'rule', values: rules}});
        const once = results => results.filter((r, i) => results.findIndex(o => o.id === r.id) === i);
        return {violations: once([...wcag.violations, ...best.violations]).map(pick),
                incomplete: once([...wcag.incomplete, ...best.incomplete]).map(pick),
                passes: wcag.passes.length + best.passes.length};
    }""",
        [WCAG_TAGS, BEST_PRACTICE],
    )


def describe(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(f"{r['id']} ({r['impact']}): {r['help']} — {len(r['nodes'])} element(ów)")
        lines += [
            f"    {n['target']}: {(n['summary'] or '').splitlines()[-1] if n['summary'] else ''}"
            for n in r["nodes"][:8]
        ]
    return "\n".join(lines)


# The HTML pages of a build to check, by their key in what ``build`` returns (built_2025);
# another page (the auditor's annex) is checked by adding its key here.
PAGES = ["html", "annex"]  # the council's report and the auditors' annex


@pytest.fixture(scope="module", params=PAGES)
def html_page(request, built_2025) -> Path:
    path = built_2025.get(request.param)
    if not isinstance(path, Path):
        pytest.fail(f"the build wrote no {request.param}")
    return path


@pytest.mark.parametrize("details", [False, True], ids=["as-opened", "details-on"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_axe_violations(browser, html_page, viewport, details):  # noqa: F811 - the fixture
    page, errors = open_page(browser, html_page.as_uri(), VIEWPORTS[viewport])
    try:
        if details:
            toggle = page.locator("button.val-toggle")
            if toggle.count() == 0:
                pytest.skip("the page has no numbers with details")
            toggle.click()
            page.locator("span.val").first.focus()  # the details box is open while axe looks
            assert page.locator("#val-details").is_visible()
        found = run_axe(page)
    finally:
        page.close()
    # Left to a person to judge: printed (pytest -rP shows it) and kept with the screenshots.
    mode = "details-on" if details else "as-opened"
    (artefact_dir("html") / f"axe-{html_page.stem}-{viewport}-{mode}.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    if found["incomplete"]:
        print(f"\naxe, do sprawdzenia ręcznie ({html_page.name}, {viewport}, {mode}):\n{describe(found['incomplete'])}")
    assert found["passes"] > 10  # axe ran and checked something
    assert errors == []
    assert found["violations"] == [], "\n" + describe(found["violations"])


if __name__ == "__main__":  # python -m tests.browser.test_axe report.html [width]: the results, as JSON
    import sys

    from playwright.sync_api import sync_playwright

    from tests.browser.test_html_in_chromium import ARGS

    width = int(sys.argv[2]) if len(sys.argv) > 2 else 1366
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg, errs = open_page(b, Path(sys.argv[1]).resolve().as_uri(), {"width": width, "height": 900})
        print(json.dumps({"errors": errs, **run_axe(pg)}, ensure_ascii=False, indent=1))
        b.close()
