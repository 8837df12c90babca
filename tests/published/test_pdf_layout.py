"""The printed report's layout: captions stay with their tables and charts, table rows are not
split across pages, short words are not hyphenated, "2025 r." is not broken across lines.

Word positions come from poppler's ``pdftotext -bbox-layout``; which tables and charts the
report has (their captions and cells) comes from the report's Markdown, so no page number
or caption of the 2025 report is written down here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.missing_tools import needs

pytestmark = needs(
    shutil.which("pdftotext") is not None and shutil.which("pdfimages") is not None,
    "poppler-utils (pdftotext, pdfimages)",
)

XHTML = "{http://www.w3.org/1999/xhtml}"
SOFT_HYPHEN = "\u00ad"  # Typst marks the hyphens it adds itself as soft hyphens in the text
SHORTEST_HYPHENATED = 8  # letters; a shorter word is never split
FOOTER = 2.0 * 72 / 2.54  # points from the page's foot: the page number, not the text area


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    block: int  # pdftotext's text block (a paragraph, a table cell) on the page
    top: float
    bottom: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    heights: tuple[float, ...]  # page heights, by page
    images: tuple[int, ...]  # images drawn on each page (soft masks not counted)


def read_layout(pdf: Path) -> Layout:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True, encoding="utf-8"
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml, count=1))
    lines, heights, block_no = [], [], 0
    for page_no, page in enumerate(root.iter(f"{XHTML}page"), 1):
        heights.append(float(page.get("height")))
        for block in page.iter(f"{XHTML}block"):
            block_no += 1
            for line in block.iter(f"{XHTML}line"):
                words = tuple(w.text or "" for w in line.iter(f"{XHTML}word"))
                lines.append(Line(page_no, block_no, float(line.get("yMin")), float(line.get("yMax")), words))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True, text=True).stdout
    images = [0] * len(heights)
    for row in listing.splitlines()[2:]:
        cols = row.split()
        if len(cols) > 2 and cols[2] == "image":
            images[int(cols[0]) - 1] += 1
    return Layout(tuple(lines), tuple(heights), tuple(images))


@dataclass(frozen=True)
class Table:
    caption: str  # "Tabela nr 5. Pomoc prawna …"
    rows: tuple[tuple[str, ...], ...]  # the header row first

    @property
    def header(self) -> str:
        return self.rows[0][0]

    @property
    def first(self) -> str:
        return self.rows[1][0]


def _cells(row: str) -> tuple[str, ...]:
    row = re.sub(r"`[^`]*`\{=\w+\}", " ", row)  # raw snippets (line breaks in a cell)
    return tuple(c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|")))


def markdown_tables(markdown: str) -> list[Table]:
    """Each captioned pipe table of the report's Markdown (``: Tabela nr N. … {#tbl-…}`` under it).

    >>> md = "| A b | C |\\n|:--|--:|\\n| x y | `<br>`{=html}1 |\\n\\n: Tabela nr 1. Ala {#tbl-a}\\n"
    >>> t = markdown_tables(md)[0]
    >>> t.caption, t.header, t.first, t.rows[1][1]
    ('Tabela nr 1. Ala', 'A b', 'x y', '1')
    """
    tables = []
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^: (.+?)\s*\{#tbl-[\w-]+\}\s*$", line)
        if not m:
            continue
        end = i - 1
        while end >= 0 and not lines[end].strip():
            end -= 1
        start = end
        while start > 0 and lines[start - 1].lstrip().startswith("|"):
            start -= 1
        rows = [_cells(r) for r in lines[start : end + 1] if not re.match(r"^\s*\|[\s:|-]+\|\s*$", r)]
        if len(rows) >= 2:
            tables.append(Table(m.group(1), tuple(rows)))
    return tables


def chart_captions(markdown: str) -> list[str]:
    """The chart captions of the report's Markdown ("Wykres nr N. …", "nr" bound to its number).

    >>> chart_captions("![Wykres nr\\u00a02. Ala](media/figure-02.png){#fig-a}") == ["Wykres nr\\u00a02. Ala"]
    True
    """
    return re.findall(r"!\[(Wykres\s+nr\s+\d+\.[^\]]*)\]\(media/", markdown)


def _plain(text: str) -> list[str]:
    """The words of a Markdown or PDF text, without escapes, markup and punctuation."""
    text = re.sub(r"\{[^{}]*\}", " ", text)  # attributes of a span: [46]{.val title="…"}
    text = text.replace("\\", "").replace(SOFT_HYPHEN, "").replace("-", " ")  # a hyphen may end a line
    return [w for w in (re.sub(r"[^\w]", "", w) for w in text.split()) if w]


def _find(layout: Layout, caption: str) -> int:
    """Index of the line where a caption starts (its first words, as they are set)."""
    want = _plain(caption)[:5]
    for i, line in enumerate(layout.lines):
        words = _plain(" ".join(line.words))
        if words[:3] == want[:3] and want[: len(words)][:5] == words[:5]:
            return i
    raise AssertionError(f"caption not found in the PDF: {caption}")


def _below(layout: Layout, i: int) -> list[str]:
    """The words below line ``i`` on its page, in reading order, the page number left out."""
    line = layout.lines[i]
    limit = layout.heights[line.page - 1] - FOOTER
    return [
        w
        for other in layout.lines[i + 1 :]
        if other.page == line.page and line.bottom <= other.top < limit
        for w in _plain(" ".join(other.words))
    ]


def _present(word: str, words: list[str]) -> bool:
    # a hyphenated first word is set as its first part only
    return any(w == word or (len(w) >= 2 and word.startswith(w)) for w in words)


def orphaned_table_captions(layout: Layout, tables: list[Table]) -> list[str]:
    """Tables whose caption is not on the page of the table's header and first row."""
    orphans = []
    for table in tables:
        below = _below(layout, _find(layout, table.caption))
        header, first = _plain(table.header), _plain(table.first)
        if not (header and first and _present(header[0], below) and _present(first[0], below)):
            orphans.append(table.caption)
    return orphans


def charts_apart_from_captions(layout: Layout, captions: list[str]) -> list[str]:
    """Charts whose caption is on a page with fewer images than chart captions."""
    on_page: dict[int, list[str]] = {}
    for caption in captions:
        on_page.setdefault(layout.lines[_find(layout, caption)].page, []).append(caption)
    return [c for page, found in on_page.items() if layout.images[page - 1] < len(found) for c in found]


def short_words_hyphenated(layout: Layout) -> list[str]:
    """Words shorter than SHORTEST_HYPHENATED letters that Typst split at a line end."""
    found = []
    for line, after in zip(layout.lines, layout.lines[1:]):
        if not line.words or not line.words[-1].endswith(SOFT_HYPHEN) or after.block != line.block or not after.words:
            continue
        head = re.search(r"\w*$", line.words[-1].rstrip(SOFT_HYPHEN)).group(0)
        tail = re.match(r"\w*", after.words[0]).group(0)
        word = head + tail
        if sum(c.isalpha() for c in word) < SHORTEST_HYPHENATED:
            found.append(f"p. {line.page}: {head}-{tail}")
    return found


def units_broken_off(layout: Layout) -> list[str]:
    """A line that begins with "r." or "zł" after a line that ends with a number ("2025 / r.")."""
    found = []
    for line, after in zip(layout.lines, layout.lines[1:]):
        if (
            line.words
            and after.words
            and after.page == line.page
            and re.search(r"\d$", line.words[-1])
            and re.match(r"(r\.|zł|tys\.|mln)", after.words[0])
        ):
            found.append(f"p. {line.page}: {line.words[-1]} / {after.words[0]}")
    return found


class Heading(str):
    """A heading's title; ``numbered``: the PDF prints its number before it ("20.2.4.")."""

    numbered: bool = False


def markdown_headings(markdown: str) -> list[Heading]:
    """The headings of the report's Markdown, without their attributes.

    >>> found = markdown_headings("# Wstęp {.unnumbered}\\n\\ntekst\\n\\n## Asystenci rodziny {#sec-a}\\n")
    >>> found, [h.numbered for h in found]
    (['Wstęp', 'Asystenci rodziny'], [False, True])
    """
    found = []
    for m in re.finditer(r"(?m)^#{1,6} (.+?)(\s*\{[^}]*\})?\s*$", markdown):
        heading = Heading(m.group(1))
        heading.numbered = ".unnumbered" not in (m.group(2) or "")
        found.append(heading)
    return found


def _after_contents(layout: Layout) -> int:
    """Index of the first line after the contents (the pages of lines with dot leaders)."""
    leaders = {line.page for line in layout.lines if line.words.count(".") >= 3}
    page = min(leaders, default=0)
    while page + 1 in leaders:
        page += 1
    return next((i for i, line in enumerate(layout.lines) if line.page > page), len(layout.lines))


def _starts_with(words: list[str], want: list[str]) -> bool:
    """A line's words begin the heading (its last word may be the first part of a hyphenated one)."""
    n = len(words)
    if n == 1 and len(want) > 1 and words[0] != want[0]:  # part of one word: a table's header cell, not a heading
        return False
    return 0 < n <= len(want) and words[:-1] == want[: n - 1] and want[n - 1].startswith(words[-1])


def located_headings(layout: Layout, headings: list[str]) -> list[tuple[str, int]]:
    """Each heading with the index of its first line. Each is looked for in order after the
    contents, as a line that starts, past its number, with the heading's words (a numbered
    heading's line with its number: a table's row may read as a heading's title)."""
    found, start = [], _after_contents(layout)
    for heading in headings:
        want = _plain(heading)
        for i in range(start, len(layout.lines)):
            words = _plain(" ".join(layout.lines[i].words))
            number = bool(words) and words[0].isdigit() and not want[0].isdigit()
            while words and words[0].isdigit() and not want[0].isdigit():  # the heading's number
                words = words[1:]
            if _starts_with(words, want) and (number or not getattr(heading, "numbered", False)):
                break
        else:
            raise AssertionError(f"heading not found in the PDF: {heading}")
        start = i + 1
        found.append((heading, i))
    return found


def stranded_headings(layout: Layout, headings: list[str]) -> list[str]:
    """Headings with nothing of their section under them on their page (a wrapped heading's
    second line does not count as its section)."""
    return [
        f"p. {layout.lines[i].page}: {heading}"
        for heading, i in located_headings(layout, headings)
        if not [w for w in _below(layout, i) if w not in _plain(heading)]
    ]


def hyphenated_headings(layout: Layout, headings: list[str]) -> list[str]:
    """Headings that Typst split a word of at a line's end (a heading wraps between words)."""
    found = []
    for heading, i in located_headings(layout, headings):
        left = len(_plain(heading))  # the heading's words not yet seen on its lines
        for line in layout.lines[i:]:
            if left <= 0 or line.block != layout.lines[i].block:
                break
            left -= len([w for w in _plain(" ".join(line.words)) if not w.isdigit()])
            if left > 0 and line.words and line.words[-1].endswith(SOFT_HYPHEN):
                found.append(f"p. {line.page}: {heading}")
    return found


def _block_words(lines: list[Line]) -> list[str]:
    """A text block's words, each word that Typst hyphenated joined again."""
    words: list[str] = []
    pending = ""
    for line in lines:
        for word in line.words:
            if word.endswith(SOFT_HYPHEN):
                pending += word[:-1]
                continue
            words.append(pending + word)
            pending = ""
    if pending:
        words.append(pending)
    return _plain(" ".join(words))


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def breakable_cells(typst: str) -> list[list[str]]:
    """The first words of the cells the layout lets break across pages (typst-layout.lua marks
    the cells of a row taller than about a third of a page)."""
    found = []
    for m in re.finditer(r"table\.cell\(breakable: true\)\[", typst):
        text = typst[m.end() : m.end() + 400]
        text = re.sub(r"#\w+(?:\.\w+)*\([^)]*\)\[?", " ", text)  # a function's call: #text(hyphenate: true)[
        found.append(_plain(text.replace("]", " ").replace("~", " "))[:4])  # "~": Typst's no-break space
    return found


def split_cells(layout: Layout, tables: list[Table], allowed: list[list[str]] = ()) -> list[str]:
    """Table cells not set whole in one place: a row split by a page break leaves each of its
    longer cells in two pieces (pdftotext reads a table cell as one text block, and a block
    never spans two pages). Each cell of two words or more is looked for among the blocks from
    its table's caption to the next table's caption; ``allowed``: the first words of cells
    that may break (``breakable_cells``)."""
    starts = [_find(layout, t.caption) for t in tables] + [len(layout.lines)]
    found = []
    for table, start, end in zip(tables, starts, starts[1:]):
        blocks: dict[int, list[Line]] = {}
        for line in layout.lines[start:end]:
            blocks.setdefault(line.block, []).append(line)
        texts = [_block_words(lines) for lines in blocks.values()]
        for row in table.rows[1:]:
            for cell in row:
                words = _plain(cell)
                if words[:4] in allowed:
                    continue
                if len(words) >= 2 and not any(_contains(text, words) for text in texts):
                    found.append(f"{table.caption[:14]}: {cell}")
    return found


@pytest.fixture(scope="module")
def layout(built_2025) -> Layout:
    return read_layout(built_2025["pdf"])


@pytest.fixture(scope="module")
def markdown(built_2025) -> str:
    return built_2025["pdf"].with_name("report.md").read_text(encoding="utf-8")


def test_report_has_tables_and_charts(markdown):
    # the checks below look at these; none may pass for want of anything to look at
    assert len(markdown_tables(markdown)) >= 5 and len(chart_captions(markdown)) >= 3


def test_table_captions_are_on_the_page_of_the_table(layout, markdown):
    assert orphaned_table_captions(layout, markdown_tables(markdown)) == []


def test_no_heading_is_left_at_the_foot_of_a_page(layout, markdown):
    assert stranded_headings(layout, markdown_headings(markdown)) == []


def half_empty_pages(layout: Layout) -> list[str]:
    """Pages of the body (after the contents, before the last) whose text ends above the middle
    of the text area: a table, chart or heading that moved whole to the next page left them."""
    first = layout.lines[_after_contents(layout)].page
    found = []
    for page in range(first, len(layout.heights)):  # the last page may end anywhere
        foot = layout.heights[page - 1] - FOOTER
        lines = [line for line in layout.lines if line.page == page and line.bottom < foot]
        top = min(line.top for line in lines)
        bottom = max(line.bottom for line in lines)
        if bottom - top < 0.5 * (foot - top):
            found.append(f"p. {page}: text ends at {(bottom - top) / (foot - top):.0%} of the page")
    return found


def test_no_page_is_left_half_empty(layout):
    assert half_empty_pages(layout) == []


def test_no_heading_is_hyphenated(layout, markdown):
    assert hyphenated_headings(layout, markdown_headings(markdown)) == []


def test_chart_captions_are_on_the_page_of_the_chart(layout, markdown):
    assert charts_apart_from_captions(layout, chart_captions(markdown)) == []


def test_no_short_word_is_hyphenated(layout):
    assert short_words_hyphenated(layout) == []


def test_no_table_row_is_split_across_pages(layout, markdown, built_2025):
    # but a row taller than about a third of a page, which may break rather than leave a page empty
    tall = breakable_cells(built_2025["pdf"].with_name("report.typ").read_text(encoding="utf-8"))
    assert split_cells(layout, markdown_tables(markdown), tall) == []


def test_a_number_keeps_its_unit_on_the_line(layout):
    assert units_broken_off(layout) == []


def test_lists_of_institutions_are_numbered(markdown):
    """As in the published report, each list of institutions with their hours (Tables 5 and 7)
    has a first column "Lp." numbering its rows 1., 2., … in order."""
    lists = [t for t in markdown_tables(markdown) if "Godziny przyjęć" in t.rows[0]]
    assert len(lists) >= 2
    for table in lists:
        assert table.rows[0][0] == "Lp.", table.caption
        assert [row[0] for row in table.rows[1:]] == [f"{i}." for i in range(1, len(table.rows))], table.caption


def overflowing_digests(layout_words: list[tuple[int, float, float, str]], widths: list[float]) -> list[str]:
    """SHA-256 digests (64 hexadecimal characters) not set whole within the page's margins."""
    margin = 2.4 * 72 / 2.54
    return [
        f"p. {page}: {word[:12]}…"
        for page, x_min, x_max, word in layout_words
        if re.fullmatch(r"[0-9a-f]{64}", word) and (x_min < margin - 1 or x_max > widths[page - 1] - margin + 1)
    ]


def test_the_annex_s_digests_are_whole_within_the_margins(built_2025):
    # one line each, inside the text block: a digest cut or running off the page is no digest
    pdf = built_2025["pdf"].parent / "aneks" / "aneks.pdf"
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True, encoding="utf-8"
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml, count=1))
    words, widths = [], []
    for page_no, page in enumerate(root.iter(f"{XHTML}page"), 1):
        widths.append(float(page.get("width")))
        words += [
            (page_no, float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in page.iter(f"{XHTML}word")
        ]
    assert sum(bool(re.fullmatch(r"[0-9a-f]{64}", w[3])) for w in words) >= 10  # the inputs' digests are there
    assert overflowing_digests(words, widths) == []
