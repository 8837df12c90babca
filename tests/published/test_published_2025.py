"""Backtest: the rendered 2025 report shows every figure of chapter 1 exactly as published."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader


def _published() -> dict:
    """Every chapter's published figures (``<chapter id>.yml``), merged."""
    merged: dict = {"tables": {}, "text": []}
    paths = sorted(Path(__file__).parent.glob("*.yml"))
    assert len(paths) == 22, paths  # Mielec's 22 published sections, each with its figures
    for path in paths:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        clash = set(spec.get("tables", {})) & set(merged["tables"])
        assert not clash, f"{path.name}: tables {clash} listed twice"
        merged["tables"].update(spec.get("tables", {}))
        merged["text"] += spec.get("text", [])
    return merged


PUBLISHED = _published()


def as_number(text: str) -> tuple[Decimal, bool] | None:
    """A Polish-formatted number and whether it is in zł; None for a blank cell.

    >>> as_number("28\\u00a0000,00\\u00a0zł"), as_number("28 000"), as_number("")
    ((Decimal('28000.00'), True), (Decimal('28000'), False), None)
    """
    t = text.replace("\u00a0", " ").replace("*", "").strip()
    if not t:
        return None
    money = t.endswith("zł")
    digits = t.removesuffix("zł").strip().replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", digits):
        raise AssertionError(f"not a number: {text!r}")
    return Decimal(digits), money


@pytest.fixture(scope="module")
def soup(built_2025):
    return BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    # what a reader sees: a no-break space is a space, a word joiner (U+2060) nothing
    return " ".join(text.replace("\u00a0", " ").replace("\u2060", "").split())


def cell_grid(table) -> list[list[str]]:
    """The body rows' cells as a grid of columns: a cell spanning rows (a grouped table's
    label, printed once) leaves the rows below it blank in its column, as the published table
    does; a cell spanning columns is followed by blanks."""
    grid, below = [], {}  # below: column -> rows still covered by a cell from above
    for tr in table.find_all("tbody"):
        for row in tr.find_all("tr"):
            cells, col = [], 0
            for cell in row.find_all(["th", "td"]):
                while below.get(col, 0) > 0:
                    cells.append("")
                    col += 1
                cells.append(words(cell.get_text()))
                span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
                for c in range(col, col + span):
                    below[c] = down
                cells += [""] * (span - 1)
                col += span
            while below.get(col, 0) > 0:
                cells.append("")
                col += 1
            below = {c: n - 1 for c, n in below.items()}
            grid.append(cells)
    return grid


def published_caption(number: int) -> str:
    """How a published table is found in the report: its caption's words. The report numbers
    its own tables (the headline tables come first), so "Tabela nr 1" of the published report
    may carry another number here."""
    return PUBLISHED["tables"][number]["caption"]


def rendered_table(soup, number: int):
    want = published_caption(number).lower()
    for table in soup.find_all("table"):
        cap = table.find("caption")
        if (
            cap
            and re.match(r"Tabela nr \d+\. ", words(cap.get_text()))
            and words(cap.get_text()).lower().endswith(want)
        ):
            return words(cap.get_text()), cell_grid(table)
    raise AssertionError(f"published Tabela nr {number} ({want}) is not in the rendered HTML")


@pytest.mark.parametrize("number", sorted(PUBLISHED["tables"]))
def test_table_figures_as_published(soup, number):
    spec = PUBLISHED["tables"][number]
    caption, rows = rendered_table(soup, number)
    assert caption.lower().endswith(spec["caption"].lower()), f"Tabela nr {number}: caption {caption!r}"
    assert len(rows) == len(spec["rows"]), f"Tabela nr {number}: {len(rows)} rows, published {len(spec['rows'])}"
    for r, (got, want) in enumerate(zip(rows, spec["rows"]), start=1):
        for c, (g, w) in enumerate(zip(got[1:], want[1:]), start=2):
            where = f"Tabela nr {number}, wiersz {r} ({want[0]}), kolumna {c}: rendered {g!r}, published {w!r}"
            if _is_number(w) or not w:
                expected = as_number(w)
                assert (as_number(g) is None) == (expected is None), where
                if expected is not None:
                    assert as_number(g)[0] == expected[0], where
            else:  # text cells (directories): same words, case aside
                assert words(g).casefold() == words(w).casefold(), where


def _is_number(text: str) -> bool:
    try:
        return as_number(text) is not None
    except AssertionError:
        return False


@pytest.mark.parametrize("item", PUBLISHED["text"], ids=lambda i: i["id"])
def test_text_figures_as_published(soup, built_2025, item):
    spans = soup.find_all("span", attrs={"data-id": item["id"]})
    want = as_number(item["published"])
    if item.get("absent_in_text"):
        # Stated in words ("nie złożono żadnego wniosku"), or kept in the ledger only (a published
        # figure that disagrees with the same report's table); the ledger value must still match.
        ledger = _ledger_values(built_2025)
        assert Decimal(ledger[item["id"]]) == want[0], item["where"]
        return
    if item.get("in_table"):  # shown in an unnumbered table (e.g. the programme's indicators)
        in_text = spans
    else:
        in_text = [s for s in spans if s.find_parent("table") is None]
    assert in_text, f"{item['where']}: no figure tagged {item['id']} in the report's text"
    for s in in_text:
        got = as_number(s.get_text())
        assert got[0] == want[0] and got[1] == want[1], (
            f"{item['where']}: rendered {s.get_text()!r}, published {item['published']!r}"
        )


def _ledger_values(built_2025) -> dict[str, str]:
    """Ledger ids and values as the build recorded them (values.csv)."""
    import csv

    return {r["id"]: r["value"] for r in csv.DictReader(built_2025["values"].open(encoding="utf-8"))}


def test_a_figure_shows_the_same_everywhere(soup):
    seen: dict[str, set[str]] = {}
    for s in soup.find_all("span", class_="val"):
        shown = s.get_text().replace("\u00a0zł", "").strip()
        # a table's column groups four digits too where it holds larger numbers (fmt.group_table_digits)
        # four digits grouped or not (a table's column groups them among larger numbers; an
        # amount is grouped everywhere): the same number
        shown = re.sub(r"^([+−-]?\d)\u00a0(\d{3})(?!\u00a0?\d)", r"\1\2", shown)
        seen.setdefault(s["data-id"], set()).add(shown)
    differing = {k: v for k, v in seen.items() if len(v) > 1}
    assert not differing


def test_every_figure_carries_its_derivation(soup):
    spans = soup.find_all("span", class_="val")
    assert len(spans) > 40
    for s in spans:
        assert "Wyliczenie:" in s["title"] and "Źródło:" in s["title"], s


def test_pdf_has_every_table_and_figure_caption(built_2025):
    text = "\n".join(page.extract_text() for page in PdfReader(built_2025["pdf"]).pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    for number in PUBLISHED["tables"]:
        caption = re.escape(" ".join(published_caption(number).split()[:4]))  # a long one may wrap, hyphenated
        assert re.search(rf"Tabela nr \d+\. {caption}", text, re.IGNORECASE), f"caption of Tabela nr {number} missing"
    figures = len(BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser").select("figure img"))
    assert figures >= 2
    for number in range(1, figures + 1):
        assert f"Wykres nr {number}. " in text, f"caption of Wykres nr {number} missing from the PDF"


def test_cross_references_resolve_to_targets(soup):
    ids = {el["id"] for el in soup.find_all(id=True)}
    links = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")]
    assert links and all(target in ids for target in links)
    assert {"tbl-asystenci", "tbl-czas-pracy", "tbl-kontakty", "tbl-za-zyciem", "fig-kontakty"} <= ids


def test_no_code_is_shown(soup):
    assert not soup.find_all("pre"), "code or raw output leaked into the report"


def test_no_phrase_of_the_glossary_is_used_in_2025(soup):
    """``templates/glossary.yml``: colloquial or wrong phrases once fixed stay fixed."""
    glossary = yaml.safe_load(
        (
            Path(__file__).resolve().parents[2] / "src" / "sprawozdanie" / "report" / "templates" / "glossary.yml"
        ).read_text(encoding="utf-8")
    )
    text = " ".join(soup.get_text(" ").replace("\xa0", " ").split())
    for entry in glossary:
        hit = re.search(entry["pattern"], text, re.IGNORECASE)
        assert not hit, f"{hit.group(0)!r} – use: {entry['use']} (…{text[max(0, hit.start() - 80) : hit.end() + 40]}…)"


def test_the_act_is_cited_with_its_journal_entry_as_published(soup):
    """The introduction names the act on family support with the Dziennik Ustaw entry the
    published report cites (report/acts.yml), once, where it first names the act."""
    text = words(soup.get_text(" "))
    assert (
        "ustawa z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej "
        "(Dz. U. z 2025 r. poz. 49 z późn. zm.)"
    ) in text


def test_a_reconstructed_register_gives_the_figures_not_what_it_holds(soup):
    """Mielec's register of cases is a reconstruction (data/2025/reconstructed.yml): chapter 1.2
    says nothing of the 46 families against 22 + 25 (the fictional municipality's own register
    is quoted: tests/fixtures/years/gmina_wiejska); the published figures' excess is a
    difference of "Kontrola obliczeń"."""
    text = words(soup.get_text(" "))
    assert "ujęto zarówno wśród rodzin, z którymi zakończono pracę" not in text
    assert "ujęto te same rodziny" not in text
    control = words(soup.find("section", id="sec-kontrola").get_text(" "))
    assert "łącznie 47, czyli o 1 więcej niż liczba rodzin objętych wsparciem w ciągu roku" in control


def test_a_word_kept_on_one_line_is_found_by_a_search(soup):
    """ "39-300 Mielec" is kept on one line by a span that does not wrap (tables.lua), not by a
    word joiner, which a browser's search for "39-300" would stumble on."""
    assert "\u2060" not in soup.get_text()
    kept = [s.get_text() for s in soup.select("span.nobr")]
    assert any(re.match(r"\d\d-\d\d\d\b", k) for k in kept), kept[:20]
