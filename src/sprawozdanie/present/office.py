"""The office's own texts (``data/<year>/teksty/<name>.md``): plain Markdown, checked.

These files come from a shared drive and end up in a published report, so they are
limited to what an office needs to write: paragraphs, lists, emphasis and links to
http(s) addresses. Pandoc's own Markdown reader parses each text, and every element
outside that set (raw HTML or Typst, ``:::`` divs, images, headings, code, footnotes,
citations, maths, tables) is refused with a message naming the file and line.

A text copied forward by ``new-year`` starts with the line ``REVIEW_MARKER``; the build
warns about each text still marked, and ``provenance.json`` lists them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..privacy import check_office_text

FOLDER = "teksty"
REVIEW_MARKER = "<!-- do przeglądu -->"

ALLOWED_BLOCKS = {"Para", "Plain", "BulletList", "OrderedList"}
ALLOWED_INLINES = {"Str", "Space", "SoftBreak", "LineBreak", "Emph", "Strong", "Quoted", "Link"}
NAMES = {
    "Header": "nagłówek (#)",
    "RawBlock": "kod HTML lub inny surowy blok",
    "RawInline": "kod HTML lub inny surowy fragment",
    "Div": "blok ::: lub znacznik HTML",
    "Span": "fragment w nawiasach [ ]{ }",
    "Image": "obraz ![ ]( )",
    "CodeBlock": "blok kodu (wiersz wcięty co najmniej czterema spacjami lub ```)",
    "Code": "kod w odwróconych apostrofach `",
    "Note": "przypis",
    "Cite": "cytowanie (@)",
    "Math": "wzór ($ $)",
    "Table": "tabela",
    "BlockQuote": "cytat (>)",
    "HorizontalRule": "linia pozioma",
    "DefinitionList": "lista definicji",
    "LineBlock": "blok wierszy (|)",
    "Figure": "obraz ![ ]( )",
    "Strikeout": "przekreślenie",
    "Superscript": "indeks górny",
    "Subscript": "indeks dolny",
    "SmallCaps": "kapitaliki",
    "Underline": "podkreślenie",
}
ALLOWED_TEXT = "dozwolone są akapity, listy, wyróżnienia (*kursywa*, **pogrubienie**) i odnośniki http(s)"


@dataclass(frozen=True)
class OfficeText:
    name: str
    path: Path
    body: str  # the Markdown, the review marker replaced by an empty line
    for_review: bool


def read(path: Path, check: bool = True) -> OfficeText:
    """Read one office text, split off its review marker and (``check``) check its Markdown."""
    from ..dialect import DialectError, decode

    try:
        raw, _encoding = decode(path.read_bytes())  # UTF-8, or Windows-1250 from an older Notepad
    except DialectError as exc:
        raise ReportError(f"{path}: {exc} (w Notatniku: Zapisz jako… → Kodowanie: UTF-8)") from None
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for_review = bool(lines) and lines[0].strip() == REVIEW_MARKER
    if for_review:
        lines[0] = ""  # kept as a blank line, so that line numbers stay those of the file
    body = "\n".join(lines)
    if check:
        check_markdown(body, str(path))
        check_office_text(body, str(path))
    return OfficeText(path.stem, path, body, for_review)


def paths(folder: Path) -> list[Path]:
    """The office texts in a folder (``*.md``, any case of the suffix), in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() == ".md"]


def preparse(folder: Path) -> None:
    """Parse every text of a folder with one pandoc process, so that the chapters that
    place them (several in one kernel) do not each start pandoc; errors are left to ``read``."""
    bodies = []
    for path in paths(folder):
        try:
            bodies.append(read(path, check=False).body)
        except ReportError:
            continue
    try:
        parse_all(bodies)
    except ReportError:
        pass


def read_all(files: list[Path]) -> list[OfficeText]:
    """Read and check several office texts with one pandoc process; every problem of every
    text is reported at once."""
    texts, problems = [], []
    for path in files:
        try:
            texts.append(read(path, check=False))
        except ReportError as exc:
            problems.append(str(exc))
    parse_all([t.body for t in texts])
    for t in texts:
        for check in (check_markdown, check_office_text):  # plain prose, and no personal data
            try:
                check(t.body, str(t.path))
            except ReportError as exc:
                problems.append(str(exc))
    if problems:
        raise ReportError("\n".join(problems))
    return texts


def texts(data_dir: Path) -> dict[str, OfficeText]:
    """Every office text of a year, by name (the file name without ``.md``), checked."""
    return {t.name: t for t in read_all(paths(Path(data_dir) / FOLDER))}


# One pandoc process reads every text (pandoc's own Markdown reader, through its Lua
# interpreter): a process per text would cost a start-up each. Read as the report reads
# its Markdown (render/embedded.py, READER): a YAML block is no metadata, so it is checked.
_READ_ALL = ('local texts = pandoc.json.decode(io.read("a")); local out = {}; '
             'for i, t in ipairs(texts) do out[#out + 1] = pandoc.write(pandoc.read(t, '
             '"markdown-yaml_metadata_block-pandoc_title_block"), "json") end; '
             'io.write("[" .. table.concat(out, ",") .. "]")')
_ASTS: dict[str, dict] = {}


def parse_all(texts: list[str]) -> list[dict]:
    """Pandoc's AST of each Markdown text (cached by text)."""
    import subprocess

    import pypandoc

    todo = sorted({t for t in texts if t not in _ASTS})
    if todo:
        proc = subprocess.run([pypandoc.get_pandoc_path(), "lua", "-e", _READ_ALL], input=json.dumps(todo),
                              capture_output=True, text=True, encoding="utf-8", check=False)
        if proc.returncode != 0:
            raise ReportError(f"pandoc nie odczytał tekstów ośrodka: {proc.stderr.strip()}")
        _ASTS.update(zip(todo, json.loads(proc.stdout)))
    return [_ASTS[t] for t in texts]


def check_markdown(text: str, source: str) -> None:
    """Refuse every element that is not plain prose; name the file, line and element.

    >>> check_markdown("Akapit z *wyróżnieniem* i [stroną](https://example.org).", "a.md")
    >>> check_markdown("Tekst\\n\\n<img src=x onerror=alert(1)>", "a.md")
    Traceback (most recent call last):
    sprawozdanie.errors.ReportError: a.md, wiersz 3: niedozwolony element: kod HTML lub inny surowy fragment; dozwolone są akapity, listy, wyróżnienia (*kursywa*, **pogrubienie**) i odnośniki http(s)
    """
    problems: list[str] = []
    lines = text.split("\n")

    def where(needle: str | None) -> str:
        if needle:
            for i, line in enumerate(lines, 1):
                if needle and needle in line:
                    return f"{source}, wiersz {i}"
        return source

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict) or "t" not in node:
            return
        kind, content = node["t"], node.get("c")
        if kind not in ALLOWED_BLOCKS | ALLOWED_INLINES:
            problems.append(f"{where(_needle(kind, content))}: niedozwolony element: {NAMES.get(kind, kind)}")
            return
        if kind == "Link":
            target = content[2][0]
            if not re.match(r"https?://", target, re.IGNORECASE):
                problems.append(f"{where(target)}: odnośnik do '{target}' – dozwolone są tylko adresy http:// i https://")
                return
            walk(content[1])
        elif kind in ("Quoted", "OrderedList"):  # [quote type or list style, content]
            walk(content[1])
        else:
            walk(content)

    walk(parse_all([text])[0]["blocks"])
    if problems:
        raise ReportError("\n".join(f"{p}; {ALLOWED_TEXT}" for p in problems))


def _needle(kind: str, content) -> str | None:
    """A piece of the element's source text, to find its line."""
    if kind in ("RawBlock", "RawInline"):
        return content[1].strip().split("\n")[0][:40]
    if kind in ("CodeBlock", "Code"):
        return content[1].strip().split("\n")[0][:40] or None
    if kind == "Image":
        return content[2][0]
    if kind == "Figure":
        return "!["
    if kind == "Header":
        words = [w["c"] for w in content[2] if w.get("t") == "Str"]
        return words[0] if words else "#"
    if kind in ("Div", "Span"):
        return ":::" if kind == "Div" else "]{"
    if kind == "Cite":
        return "@" + content[0][0]["citationId"]
    if kind == "Math":
        return content[1][:40]
    return None
