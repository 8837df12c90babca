"""WCAG 2.1 AA of the HTML pages by a second tool: pa11y (its default runner, HTML_CodeSniffer,
which judges tables by other rules than axe: a table with headers in several columns needs
``headers`` on its data cells), in Debian's chromium at a desktop and a phone width.

pa11y is an npm package installed by ``make system-deps`` beside axe-core, in
``tests/browser/node/`` (its puppeteer told not to download a browser of its own). Without
it, or without chromium, these tests are skipped.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.artefacts import artefact_dir
from tests.browser.test_axe import PAGES, VIEWPORTS  # the same pages and widths as axe
from tests.browser.test_html_in_chromium import ARGS, CHROMIUM
from tests.missing_tools import needs

PA11Y = Path(__file__).parent / "node/node_modules/.bin/pa11y"
pytestmark = [needs(CHROMIUM is not None, "Debian's chromium"), needs(PA11Y.is_file(), f"pa11y (in {PA11Y})")]


def run_pa11y(path: Path, viewport: dict, tmp_path: Path) -> list[dict]:
    """pa11y's issues (WCAG 2 AA, errors only) on the page ``path`` at ``viewport``."""
    config = tmp_path / "pa11y.json"
    config.write_text(
        json.dumps(
            {
                "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": ARGS},
                "standard": "WCAG2AA",
                "timeout": 180_000,
                "viewport": viewport,
                "includeNotices": False,
                "includeWarnings": False,
            }
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [str(PA11Y), "--config", str(config), "--reporter", "json", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # pa11y exits 2 when it finds issues, and prints them as JSON either way
    assert run.returncode in (0, 2), run.stderr[-2000:]
    return json.loads(run.stdout or "[]")


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("page", PAGES)
def test_no_pa11y_issues(built_2025, page, viewport, tmp_path):
    path = built_2025[page]
    issues = run_pa11y(path, viewport, tmp_path)
    (artefact_dir("html") / f"pa11y-{path.stem}-{viewport['width']}.json").write_text(
        json.dumps(issues, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert issues == [], "\n".join(f"{i['code']}: {i['message']} ({i['selector']})" for i in issues[:10])
