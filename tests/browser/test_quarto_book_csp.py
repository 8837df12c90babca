"""The Quarto path's HTML policy and number details, in Debian's chromium.

No Quarto can be installed here, so the page is one written as Quarto writes a book's chapter
page (its scripts in ``site_libs/``, inline scripts and an event handler in the page, the
content in ``<main>``, the project's ``numbers.js.html`` included after the body and
``numbers.css`` linked), given its policy by ``quarto.with_book_csp`` as the build does, and
opened from the file system as a reviewer opens the site.
"""

from __future__ import annotations

from importlib import resources

from sprawozdanie.render import quarto
from tests.missing_tools import needs

from .test_html_in_chromium import CHROMIUM, DESKTOP, browser, open_page  # noqa: F401 - the fixture

pytestmark = needs(CHROMIUM is not None, "Debian's chromium")

PAGE = """<!DOCTYPE html>
<html lang="pl"><head>
<meta charset="utf-8">
<meta name="quarto:offset" content="../">
<title>Asystenci rodziny</title>
<link href="../site_libs/bootstrap.css" rel="stylesheet">
<link href="../numbers.css" rel="stylesheet">
<script src="../site_libs/quarto.js"></script>
<script>window.inlineRan = true;</script>
</head><body>
<main class="content" id="quarto-document-content">
<h1>1. Asystenci rodziny</h1>
<p>Asystą objęto <span class="val" data-id="ch01.families"
 title="Rodziny objęte asystą. Wyliczenie: liczba rodzin. Źródło: rejestr asysty.">46</span> rodzin.</p>
<button id="b" onclick="window.clicked = true">Przycisk Quarto</button>
</main>
{numbers}
</body></html>
"""


def test_quartos_own_scripts_and_the_number_details_run_and_nothing_planted(browser, tmp_path):  # noqa: F811
    site = tmp_path / "html"
    (site / "site_libs").mkdir(parents=True)
    (site / "notebooks").mkdir()
    (site / "site_libs" / "quarto.js").write_text("window.libRan = true;", encoding="utf-8")
    (site / "site_libs" / "bootstrap.css").write_text("main { color: rgb(1, 2, 3); }", encoding="utf-8")
    assets = resources.files("sprawozdanie.render").joinpath("assets")
    (site / "numbers.css").write_text((assets / "numbers.css").read_text(encoding="utf-8"), encoding="utf-8")
    numbers = (assets / "numbers.js.html").read_text(encoding="utf-8")
    chapter = site / "notebooks" / "family_assistance.html"
    chapter.write_text(PAGE.replace("{numbers}", numbers), encoding="utf-8")

    quarto.with_book_csp(site)
    # a script that was not in the page as Quarto wrote it (as an input would be, were one to get through)
    planted = chapter.read_text(encoding="utf-8").replace("</main>", "<script>window.planted = true;</script></main>")
    chapter.write_text(planted, encoding="utf-8")

    page, errors = open_page(browser, chapter.as_uri(), DESKTOP)
    try:
        assert page.evaluate("[window.libRan, window.inlineRan, window.planted]") == [True, True, None]
        assert page.evaluate("getComputedStyle(document.querySelector('main')).color") == "rgb(1, 2, 3)"
        page.click("#b")
        assert page.evaluate("window.clicked") is True  # Quarto's event handler, by its hash
        assert any("Content Security Policy" in e for e in errors)  # the planted script, refused
        # the number details: the switch, then the number shows what it is and where it comes from
        page.click("button.val-toggle")
        page.focus("span.val")
        details = page.inner_text("#val-details")
        assert "Wyliczenie: liczba rodzin" in details and "Źródło: rejestr asysty" in details
        # and its row in the annex, which the build copies into the site's root (html/aneks/)
        link = page.get_attribute("#val-details a", "href")
        assert link == "../aneks/aneks.html#w-ch01-families", link
    finally:
        page.close()
