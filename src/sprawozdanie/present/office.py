"""The office's own texts (``data/<year>/teksty/<name>.md``): plain Markdown, checked as printed.

These files come from a shared drive and end up in a published report, so they are
limited to what an office needs to write: paragraphs, lists, emphasis and links to
http(s) and mailto addresses, with no attributes on anything. A text may print ledger
values and a few params through placeholders (``present/placeholders.py``), a fixed
syntax read without a template engine; anything else in braces prints as written.

Pandoc's own Markdown reader parses each text with its placeholders swapped for plain
tokens, and every element outside that set (raw HTML or Typst, ``:::`` divs, spans,
attributes, images, headings, code, footnotes, citations, maths, tables) is refused with a
message naming the file and line. What the report prints is pandoc's own Markdown of that
checked text with the values put in place of the tokens, read once more and checked again:
the check sees what the reader will get.

A text copied forward by ``new-year`` starts with the line ``REVIEW_MARKER``; the build
warns about each text still marked, and ``provenance.json`` lists them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReportError
from ..printable import first_unprintable
from ..privacy import check_office_text
from . import placeholders
from .placeholders import Placeholder

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
MAX_BYTES = 50_000  # a long chapter's worth of text; more is not a text an office wrote for it


@dataclass(frozen=True)
class OfficeText:
    name: str
    path: Path
    body: str  # the Markdown, the review marker replaced by an empty line
    for_review: bool
    placeholders: list[Placeholder] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)  # one per placeholder, in order
    tokenized: str = ""  # the body with each placeholder replaced by its token
    placeholder_errors: list[placeholders.PlaceholderError] = field(default_factory=list)


def read(path: Path, check: bool = True) -> OfficeText:
    """Read one office text, split off its review marker, find its placeholders and
    (``check``) check its Markdown."""
    from ..dialect import DialectError, decode

    path = Path(path)
    if path.is_symlink() or path.parent.is_symlink():
        raise ReportError(
            f"{path}: tekst ośrodka jest dowiązaniem do innego pliku; zapisz w folderze {FOLDER} sam tekst (plik .md)"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportError(f"{path}: nie można odczytać pliku ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise ReportError(
            f"{path}: tekst ośrodka ma {size // 1000} kB, dopuszczalne jest {MAX_BYTES // 1000} kB; "
            "tekst do sprawozdania powinien być krótszy"
        )
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
    found, errors = placeholders.find(body)
    tokenized, tokens = placeholders.tokenize(body, found, placeholders.token_stem(body))
    result = OfficeText(path.stem, path, body, for_review, found, tokens, tokenized, errors)
    if check:
        check_text(result)
    return result


def check_text(text: OfficeText) -> None:
    """Every problem of one text: its placeholders, its Markdown (with the placeholders as
    tokens) and personal data (each placeholder counted as a number)."""
    problems = [f"{text.path}, wiersz {e.line}: {e}" for e in text.placeholder_errors]
    for i, line in enumerate(text.body.split("\n"), 1):
        found = first_unprintable(line)
        if found is not None:
            problems.append(f"{text.path}, wiersz {i}: {found[1]}")
    for check in (
        lambda: check_markdown(text.tokenized, str(text.path), text.tokens),
        lambda: check_office_text(
            placeholders.substitute(text.body, text.placeholders, ["1"] * len(text.placeholders)), str(text.path)
        ),
    ):
        try:
            check()
        except ReportError as exc:
            problems.append(str(exc))
    if problems:
        raise ReportError("\n".join(problems))


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
            bodies.append(read(path, check=False).tokenized)
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
    parse_all([t.tokenized for t in texts])
    for t in texts:
        try:
            check_text(t)  # its placeholders, plain prose, and no personal data
        except ReportError as exc:
            problems.append(str(exc))
    if problems:
        raise ReportError("\n".join(problems))
    return texts


def texts(data_dir: Path) -> dict[str, OfficeText]:
    """Every office text of a year, by name (the file name without ``.md``), checked."""
    return {t.name: t for t in read_all(paths(Path(data_dir) / FOLDER))}


# One pandoc process reads every text (pandoc's own Markdown reader, through its Lua
# interpreter): a process per text would cost a start-up each. Read as the report reads its
# Markdown (render/embedded.py, READER): a YAML block is no metadata, so it is checked. For
# each text it returns its AST, pandoc's own Markdown of it with the values (Markdown of
# the project's, by token) put in place of the tokens, and that Markdown read again. The
# writer leaves out "smart": the dashes and quotes the office typed („…”, –) are written as
# the characters they are, not as ASCII that the next reading would have to turn back.
READER = "markdown-yaml_metadata_block-pandoc_title_block"
_PANDOC = """
local READER = "{READER}"
local jobs = pandoc.json.decode(io.read("a"))
local out = {}
for _, job in ipairs(jobs) do
  local doc = pandoc.read(job.text, READER)
  local ast = pandoc.write(doc, "json")
  local values = {}
  for token, md in pairs(job.values) do
    values[token] = pandoc.utils.blocks_to_inlines(pandoc.read(md, READER).blocks)
  end
  local function splice(str)
    local result, rest, changed = pandoc.Inlines({}), str.text, false
    while true do
      local first, last, token = nil, nil, nil
      for t in pairs(values) do
        local i, j = rest:find(t, 1, true)
        if i and (first == nil or i < first) then first, last, token = i, j, t end
      end
      if not first then break end
      changed = true
      if first > 1 then result:insert(pandoc.Str(rest:sub(1, first - 1))) end
      result:extend(values[token])
      rest = rest:sub(last + 1)
    end
    if not changed then return nil end
    if #rest > 0 then result:insert(pandoc.Str(rest)) end
    return result
  end
  if next(values) ~= nil then doc = doc:walk({ Str = splice }) end
  local markdown = pandoc.write(doc, "markdown-smart", { wrap_text = "wrap-preserve" })
  local again = pandoc.write(pandoc.read(markdown, READER), "json")
  out[#out + 1] = '{"ast":' .. ast .. ',"markdown":' .. pandoc.json.encode(markdown) .. ',"again":' .. again .. '}'
end
io.write("[" .. table.concat(out, ",") .. "]")
""".replace("{READER}", READER)


@dataclass(frozen=True)
class _Read:
    ast: dict  # the text as written (placeholders as tokens)
    markdown: str  # pandoc's Markdown of it, values in place of the tokens
    again: dict  # that Markdown read again: what the report prints


_READS: dict[tuple[str, tuple[tuple[str, str], ...]], _Read] = {}


def _pandoc(jobs: list[tuple[str, tuple[tuple[str, str], ...]]]) -> list[_Read]:
    """Each (text, values by token) through pandoc (cached)."""
    import subprocess

    import pypandoc

    todo = sorted({job for job in jobs if job not in _READS})
    if todo:
        payload = json.dumps([{"text": text, "values": dict(values) or {}} for text, values in todo])
        proc = subprocess.run(
            [pypandoc.get_pandoc_path(), "lua", "-e", _PANDOC],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        if proc.returncode != 0:
            raise ReportError(f"pandoc nie odczytał tekstów ośrodka: {proc.stderr.strip()}")
        _READS.update((job, _Read(**found)) for job, found in zip(todo, json.loads(proc.stdout), strict=True))
    return [_READS[job] for job in jobs]


def parse_all(texts: list[str]) -> list[dict]:
    """Pandoc's AST of each Markdown text (one pandoc process for all, cached by text)."""
    return [r.ast for r in _pandoc([(t, ()) for t in texts])]


def printed(text: OfficeText, resolve: Callable[[Placeholder], tuple[str, str]]) -> str:
    """The Markdown the report prints for ``text``: each placeholder replaced by its value
    (``resolve`` gives its Markdown, of the project's, and its text as printed), checked
    again as it will be printed.

    Raises ReportError naming the file and line for a value that cannot be given, or for
    anything the check refuses."""
    text_problems = [f"{text.path}, wiersz {e.line}: {e}" for e in text.placeholder_errors]
    if text_problems:
        raise ReportError("\n".join(text_problems))
    resolved: list[tuple[str, str]] = []
    for p in text.placeholders:
        try:
            resolved.append(resolve(p))
        except ReportError as exc:
            raise ReportError(f"{text.path}, wiersz {p.line}: {exc}") from None
    check_markdown(text.tokenized, str(text.path), text.tokens)
    # Personal data as the reader gets them, the values in place (a number split by a
    # placeholder is one number again).
    check_office_text(
        placeholders.substitute(text.body, text.placeholders, [plain for _, plain in resolved]), str(text.path)
    )
    values = tuple(zip(text.tokens, (md for md, _ in resolved)))
    [done] = _pandoc([(text.tokenized, values)])
    spans = [span for md, _ in resolved for span in _VALUE_SPAN.findall(md)]
    check_markdown(done.markdown, str(text.path), ast=done.again, value_ids=spans)
    return done.markdown.strip()


_VALUE_SPAN = re.compile(r'\{\.val data-id="([^"]+)"')


def check_markdown(
    text: str, source: str, tokens: list[str] = (), ast: dict | None = None, value_ids: list[str] = ()
) -> None:
    """Refuse every element that is not plain prose and every attribute; name the file,
    line and element. ``tokens`` are the placeholders' tokens, each of which must stand once
    in the text itself (not in a link's address); ``value_ids`` are the ledger ids of the
    value spans the project put in (the only spans allowed), when ``ast`` is the text as
    printed.

    >>> check_markdown("Akapit z *wyróżnieniem* i [stroną](https://example.org).", "a.md")
    >>> check_markdown("Tekst\\n\\n<img src=x onerror=alert(1)>", "a.md")
    Traceback (most recent call last):
    sprawozdanie.errors.ReportError: a.md, wiersz 3: niedozwolony element: kod HTML lub inny surowy fragment; dozwolone są akapity, listy, wyróżnienia (*kursywa*, **pogrubienie**) i odnośniki http(s)
    >>> check_markdown('[strona](https://example.org){style="position:fixed"}', "a.md")
    Traceback (most recent call last):
    sprawozdanie.errors.ReportError: a.md, wiersz 1: odnośnik z atrybutami ({ } po odnośniku albo tytuł w cudzysłowie); dozwolone są akapity, listy, wyróżnienia (*kursywa*, **pogrubienie**) i odnośniki http(s)
    """
    problems: list[str] = []
    lines = text.split("\n")
    seen = {t: 0 for t in tokens}
    spans_left = list(value_ids)

    def where(needle: str | None) -> str:
        if needle:
            for i, line in enumerate(lines, 1):
                if needle in line:
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
        if kind == "Span" and _own_value_span(content, spans_left):
            walk(content[1])
            return
        if kind not in ALLOWED_BLOCKS | ALLOWED_INLINES:
            problems.append(f"{where(_needle(kind, content))}: niedozwolony element: {NAMES.get(kind, kind)}")
            return
        if kind == "Str":
            for t in seen:
                seen[t] += content.count(t)
        elif kind == "Link":
            attr, inlines, (target, title) = content
            if attr != ["", [], []] or title:
                problems.append(
                    f"{where(_link_line(target))}: odnośnik z atrybutami ({{ }} po odnośniku albo tytuł w cudzysłowie)"
                )
            elif any(t in target for t in seen):
                problems.append(f"{where(target)}: miejsce na wartość w adresie odnośnika")
            elif not re.match(r"(https?://|mailto:)", target, re.IGNORECASE):
                problems.append(
                    f"{where(target)}: odnośnik do '{target}' – dozwolone są tylko adresy http://, https:// i mailto:"
                )
            else:
                walk(inlines)
        elif kind in ("Quoted", "OrderedList"):  # [quote type or list style, content]
            walk(content[1])
        else:
            walk(content)

    walk((ast or parse_all([text])[0])["blocks"])
    for token, count in seen.items():
        if count != 1:
            problems.append(
                f"{where(token)}: miejsce na wartość {{{{ … }}}} w miejscu, w którym nie może stać "
                "(np. w adresie odnośnika albo w niedozwolonym elemencie)"
            )
    if spans_left:
        problems.append(f"{source}: nie wszystkie wartości znalazły się w tekście")
    if problems:
        raise ReportError("\n".join(f"{p}; {ALLOWED_TEXT}" for p in problems))


def _own_value_span(content, expected: list[str]) -> bool:
    """Whether a span is one of the value spans the project put in (and take it off the list)."""
    (ident, classes, attributes), _inlines = content
    keys = [k for k, _ in attributes]
    data_id = dict(attributes).get("data-id")
    if ident == "" and classes == ["val"] and keys == ["data-id", "title"] and data_id in expected:
        expected.remove(data_id)
        return True
    return False


def _link_line(target: str) -> str:
    return target or "]("


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
