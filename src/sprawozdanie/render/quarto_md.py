"""Executed notebooks and .qmd files to one Pandoc Markdown document, the way Quarto would.

The supported subset of Quarto's conventions (documented in docs/rendering.md):

* cell options in ``#|`` comment lines: ``label``, ``tbl-cap``, ``fig-cap``, ``fig-alt``,
  ``echo``, ``include``, ``output``; ``execute: echo`` in ``_quarto.yml`` as the default;
* outputs: ``text/markdown`` is Markdown; ``image/png`` and ``image/svg+xml`` are figures;
  ``text/plain`` is shown only when it is the sole output and ``output`` is not false;
* cross-references ``@tbl-…`` and ``@fig-…``, numbered through the whole report with the
  ``crossref`` titles of ``_quarto.yml`` ("Tabela nr 1."): a table is numbered by its cell's
  ``label`` or, as Quarto does for Markdown tables, by an id in its own caption line
  (``: Caption {#tbl-x .class}``), so that a chapter can print as many tables as its data has;
* the ``{{< var name >}}`` shortcode, from the variables the build writes (``_variables.yml``);
* cells tagged ``parameters`` or ``injected-parameters`` are never shown.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from ..errors import ReportError
from ..paths import write_whole
from ..present.escape import md_attribute, md_escape
from ..present.fmt import bind_polish

_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: every cell has options

OPTION_LINE = re.compile(r"^#\|\s?(.*)$")
VAR = re.compile(r"\{\{<\s*var\s+([\w.-]+)\s*>\}\}")
# ``@tbl-x`` is "Tabela nr 5"; ``-@tbl-x`` (Quarto's syntax) is the number alone, so that a
# text can decline the noun: "w Tabeli nr -@tbl-x".
REF = re.compile(r"(?<![\w@])(-?)@((?:tbl|fig)-[\w-]+)")
# A Markdown table's own caption line with its id (and perhaps classes): ": Caption {#tbl-x .grupy}"
INLINE_CAPTION = re.compile(r"^: (?P<text>.+?) \{#(?P<label>tbl-[\w-]+)(?P<rest>[^}]*)\}[ \t]*$", re.MULTILINE)


def inline_table_labels(markdown: str) -> list[str]:
    """The ids of the tables captioned in ``markdown`` itself, in order.

    >>> inline_table_labels("| a |\\n|--|\\n| 1 |\\n\\n: Ala {#tbl-a .grupy}\\n\\n: Ola\\n")
    ['tbl-a']
    """
    return [m.group("label") for m in INLINE_CAPTION.finditer(markdown)]


@dataclass
class Crossrefs:
    """Numbers of tables and figures in order of appearance, and their titles."""

    tbl_title: str = "Tabela"
    fig_title: str = "Wykres"
    tbl_prefix: str = "Tabela"
    fig_prefix: str = "Wykres"
    delim: str = "."
    numbers: dict[str, int] = field(default_factory=dict)
    _count: dict[str, int] = field(default_factory=lambda: {"tbl": 0, "fig": 0})

    def number(self, label: str) -> int:
        kind = label.split("-", 1)[0]
        if label in self.numbers:
            raise ReportError(f"etykieta '{label}' użyta więcej niż raz")
        self._count[kind] += 1
        self.numbers[label] = self._count[kind]
        return self.numbers[label]

    def caption(self, label: str, text: str) -> str:
        title = self.tbl_title if label.startswith("tbl-") else self.fig_title
        return f"{title} {self.number(label)}{self.delim} {text}"

    def inline(self, markdown: str) -> str:
        """Number the tables captioned in ``markdown`` itself ("Tabela nr 12. Caption")."""
        return INLINE_CAPTION.sub(
            lambda m: f": {self.caption(m.group('label'), m.group('text'))} {{#{m.group('label')}{m.group('rest')}}}",
            markdown,
        )

    def resolve(self, markdown: str, source: str) -> str:
        """Replace each ``@label`` by a link "Tabela nr N" to its target."""

        def link(m: re.Match) -> str:
            bare, label = m.group(1), m.group(2)
            if label not in self.numbers:
                raise ReportError(f"{source}: odwołanie do nieistniejącej etykiety @{label}")
            if bare:
                return f"[{self.numbers[label]}](#{label})"
            prefix = self.tbl_prefix if label.startswith("tbl-") else self.fig_prefix
            return f"[{prefix}\u00a0{self.numbers[label]}](#{label})"

        # "w Tabeli nr -@tbl-x": the number never starts a line of its own
        markdown = re.sub(r"\bnr[ \n]+(?=-@(?:tbl|fig)-)", "nr\u00a0", markdown)
        return REF.sub(link, markdown)


def cell_options(source: str) -> tuple[dict, str]:
    """Split a code cell into its ``#|`` options and the remaining code.

    >>> cell_options('#| label: tbl-a\\n#| tbl-cap: "Ala"\\nx = 1')
    ({'label': 'tbl-a', 'tbl-cap': 'Ala'}, 'x = 1')
    """
    option_lines, rest = [], []
    lines = source.splitlines()
    i = 0
    while i < len(lines) and OPTION_LINE.match(lines[i]):
        option_lines.append(OPTION_LINE.match(lines[i]).group(1))
        i += 1
    rest = lines[i:]
    options = yaml.load("\n".join(option_lines), Loader=_SAFE) if option_lines else {}
    return options or {}, "\n".join(rest)


def substitute_vars(text: str, variables: dict, source: str) -> str:
    """Quarto's ``{{< var a.b >}}`` shortcode, from a nested dict.

    >>> substitute_vars("Rok {{< var year >}}", {"year": 2025}, "x")
    'Rok 2025'
    """

    def value(m: re.Match) -> str:
        node = variables
        for part in m.group(1).split("."):
            if not isinstance(node, dict) or part not in node:
                raise ReportError(f"{source}: nieznana zmienna {{{{< var {m.group(1)} >}}}}")
            node = node[part]
        return md_escape(node)  # a value from params prints literally, never as markup

    return VAR.sub(value, text)


@functools.lru_cache(maxsize=64)  # the live preview converts unchanged charts again
def compact_png(png: bytes, colours: int = 128) -> bytes:
    """A chart's PNG with an adaptive palette: a chart has a few flat colours and the
    antialiased edges of its text, so 128 colours look the same and the file (inlined in the
    HTML) is about three times smaller; transparency is laid on white, as the page shows it.

    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGBA", (40, 20), (31, 119, 180, 255)).save(buf, "PNG")
    >>> small = Image.open(io.BytesIO(compact_png(buf.getvalue())))
    >>> small.mode, small.size, small.convert("RGB").getpixel((0, 0))
    ('P', (40, 20), (31, 119, 180))
    >>> compact_png(b"not an image")
    b'not an image'
    """
    import io

    from PIL import Image

    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (OSError, ValueError):  # not a PNG Pillow reads: written as the notebook gave it
        return png
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat.alpha_composite(image)
        image = flat
    out = io.BytesIO()
    image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def compacted(png: bytes, store: Path | None = None) -> bytes:
    """``compact_png``, kept in ``store`` (the build's cache) by the chart's hash: a rebuild
    whose charts did not change compacts none of them again (0.16 s each). A store that
    cannot be read or written only costs that time."""
    if store is None:
        return compact_png(png)
    from PIL import __version__ as pillow

    made_by = f"{pillow} {COMPACTION}".encode()  # another Pillow or another way to compact: made again
    path = store / f"{hashlib.sha256(png + made_by).hexdigest()}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    out = compact_png(png)
    try:
        store.mkdir(parents=True, exist_ok=True)
        write_whole(path, out)
        kept = sorted(store.glob("*.png"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in kept[PNG_KEEP:]:  # the charts of older versions of the inputs
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return out


COMPACTION = "mediancut-128-optimize"  # change it with compact_png, so that no store serves an older result
PNG_KEEP = 200  # compacted charts kept in a store (a report has a handful; a year's edits add some)


class NotebookConverter:
    """Turns cells into Markdown, writing figure images into ``media_dir`` (charts compacted
    through ``png_store`` when given)."""

    def __init__(
        self, media_dir: Path, crossrefs: Crossrefs, variables: dict, echo_default: bool, png_store: Path | None = None
    ):
        self.media_dir = media_dir
        self.crossrefs = crossrefs
        self.variables = variables
        self.echo_default = echo_default
        self.png_store = png_store
        self._images = 0

    def _figure(self, data: str, ext: str, options: dict) -> str:
        self._images += 1
        self.media_dir.mkdir(parents=True, exist_ok=True)
        path = self.media_dir / f"figure-{self._images:02d}.{ext}"
        if ext == "png":
            path.write_bytes(compacted(base64.b64decode(data), self.png_store))
        else:
            path.write_text(data, encoding="utf-8")
        label = options.get("label")
        caption = options.get("fig-cap", "")
        attrs = []
        if label:
            if not label.startswith("fig-"):
                raise ReportError(f"etykieta wykresu '{label}' musi zaczynać się od 'fig-'")
            caption = self.crossrefs.caption(label, caption)
            attrs.append(f"#{label}")
        if options.get("fig-alt"):  # Quarto's fig-alt is pandoc's alt
            attrs.append("alt=" + md_attribute(options["fig-alt"]))
        attr = "{" + " ".join(attrs) + "}" if attrs else ""
        # Referenced relative to the render folder (pandoc's working directory, Typst's root).
        return f"![{caption}]({self.media_dir.name}/{path.name}){attr}"

    def _outputs(self, cell, options: dict, source: str) -> list[str]:
        parts: list[str] = []
        label = options.get("label", "")
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                raise ReportError(f"{source}: komórka zakończona błędem {out.ename}: {out.evalue}")
            if out.output_type == "stream":
                if options.get("output") == "asis" and out.name == "stdout":
                    parts.append(self.crossrefs.inline(out.text))
                continue
            data = out.get("data", {})
            if "text/markdown" in data:
                md = data["text/markdown"]
                if label.startswith("tbl-"):
                    caption = self.crossrefs.caption(label, options.get("tbl-cap", ""))
                    md = f"{md}\n\n: {caption} {{#{label}}}"
                else:
                    md = self.crossrefs.inline(md)
                parts.append(md)
            elif "image/png" in data:
                parts.append(self._figure(data["image/png"], "png", options))
            elif "image/svg+xml" in data:
                parts.append(self._figure(data["image/svg+xml"], "svg", options))
            elif "text/plain" in data and options.get("output", True) is True and label == "":
                parts.append("```\n" + data["text/plain"] + "\n```")
        return parts

    def convert(self, nb: nbformat.NotebookNode, source: str) -> str:
        blocks: list[str] = []
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                blocks.append(cell.source)
                continue
            if cell.cell_type != "code":
                continue
            tags = set(cell.metadata.get("tags", []))
            if tags & {"parameters", "injected-parameters"}:
                continue
            options, code = cell_options(cell.source)
            if options.get("include") is False:
                continue
            if options.get("echo", self.echo_default) is True and code.strip():
                blocks.append("```python\n" + code + "\n```")
            if options.get("output", True) is not False:
                blocks.extend(self._outputs(cell, options, source))
        return substitute_vars("\n\n".join(blocks), self.variables, source)


def chapters_to_markdown(
    chapters: list[Path], media_dir: Path, quarto: dict, variables: dict, png_store: Path | None = None
) -> str:
    """The whole report body: every chapter (``.qmd`` or executed ``.ipynb``) in order."""
    return "\n\n".join(chapter_parts(chapters, media_dir, quarto, variables, png_store=png_store))


def chapter_parts(
    chapters: list[Path],
    media_dir: Path,
    quarto: dict,
    variables: dict,
    loaded: dict | None = None,
    png_store: Path | None = None,
) -> list[str]:
    """The report body's Markdown, one string per chapter (numbered and cross-referenced as
    in the whole report): the live preview renders again only the parts that changed.
    ``loaded``: executed notebooks already in memory, by path (read from disk otherwise)."""
    cr = quarto.get("crossref", {})
    crossrefs = Crossrefs(
        tbl_title=cr.get("tbl-title", "Tabela"),
        fig_title=cr.get("fig-title", "Wykres"),
        tbl_prefix=cr.get("tbl-prefix", cr.get("tbl-title", "Tabela")),
        fig_prefix=cr.get("fig-prefix", cr.get("fig-title", "Wykres")),
        delim=cr.get("title-delim", "."),
    )
    echo = bool(quarto.get("execute", {}).get("echo", True))
    conv = NotebookConverter(media_dir, crossrefs, variables, echo, png_store)
    parts = []
    for path in chapters:
        if path.suffix == ".ipynb":
            nb = (loaded or {}).get(path) or nbformat.read(path, as_version=4)
            parts.append(conv.convert(nb, path.name))
        else:
            text = path.read_text(encoding="utf-8")
            parts.append(substitute_vars(text, variables, path.name))
    parts = [crossrefs.resolve(part, "raport") for part in parts]
    return [bind_polish(part) for part in parts] if quarto.get("lang", "pl") == "pl" else parts


def table_numbers(chapters: list[Path], quarto: dict) -> dict[str, str]:
    """What ``@tbl-…``/``@fig-…`` stand for in this report: each label that a chapter printed,
    numbered as the report numbers it ("Tabela nr 3"), read off the executed notebooks (a
    table a chapter left out has no number, as in the report)."""
    cr = quarto.get("crossref", {})
    prefix = {
        "tbl": cr.get("tbl-prefix", cr.get("tbl-title", "Tabela")),
        "fig": cr.get("fig-prefix", cr.get("fig-title", "Wykres")),
    }
    counts = {"tbl": 0, "fig": 0}
    out: dict[str, str] = {}
    for path in chapters:
        if path.suffix != ".ipynb":
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            options, _code = cell_options(cell.source)
            if options.get("output", True) is False:
                continue
            label = str(options.get("label", ""))
            kind = label.split("-", 1)[0]
            outputs = cell.get("outputs", [])
            shown = any(
                k in o.get("data", {})
                for o in outputs
                for k in (("text/markdown",) if kind == "tbl" else ("image/png", "image/svg+xml"))
            )
            labels = [label] if kind in counts and shown else []
            for o in outputs:  # tables captioned in the Markdown a cell printed, as the converter numbers them
                if o.get("output_type") == "stream" and o.get("name") == "stdout" and options.get("output") == "asis":
                    labels += inline_table_labels(o.get("text", ""))
                elif "text/markdown" in o.get("data", {}) and kind != "tbl":
                    labels += inline_table_labels(o["data"]["text/markdown"])
            for one in labels:
                kind = one.split("-", 1)[0]
                counts[kind] += 1
                out[one] = f"{prefix[kind]}\u00a0{counts[kind]}"
    return out


_REF_NR = re.compile(r"(?<![\w@])(\w+)[ \u00a0]+nr[ \u00a0]+-@((?:tbl|fig)-[\w-]+)")


def plain_refs(text: str, numbers: dict[str, str]) -> str:
    """A text's references as plain words for a place outside the report's body (a rule's
    sentence in the annex, checks.csv, the terminal): "Tabeli nr -@tbl-x" → "Tabeli nr 3",
    "@tbl-x" → "Tabela nr 3"; a table this report does not have is said to be absent.

    >>> nums = {"tbl-a": "Tabela nr\u00a03"}
    >>> plain_refs("Wiersze Tabeli nr -@tbl-a (@tbl-a), a w @tbl-b nic.", nums).replace("\u00a0", " ")
    'Wiersze Tabeli nr 3 (Tabela nr 3), a w tabela, której w tym sprawozdaniu nie ma, ponieważ w roku nie było jej danych nic.'
    >>> plain_refs("Wiersze Tabeli nr -@tbl-b, a potem Tabeli nr -@tbl-b: nic", nums).count(",,"), plain_refs("W Tabeli nr -@tbl-b", nums)[-1]
    (0, 'h')
    >>> plain_refs("Dzieci (wiersze Tabeli nr -@tbl-b) sumują się; Tabeli nr -@tbl-b brak.", nums)
    'Dzieci (wiersze tabeli, której w tym sprawozdaniu nie ma, ponieważ w roku nie było jej danych) sumują się; tabeli, której w tym sprawozdaniu nie ma, ponieważ w roku nie było jej danych, brak.'
    >>> plain_refs("Wiersze Tabeli nr -@tbl-a.", {"tbl-a": "Asystenci rodziny"})
    'Wiersze tabeli „Asystenci rodziny”.'
    """

    def number(label: str) -> str | None:
        found = re.search(r"\u00a0(\d+)$", numbers.get(label, ""))
        return found.group(1) if found else None

    def numbered(m: re.Match) -> str:
        word, label = m.group(1), m.group(2)
        if number(label):
            return f"{word} nr\u00a0{number(label)}"
        if label in numbers:  # a caption, where numbers are not known (``check`` before a build)
            return f"{word.lower()} „{numbers[label]}”"
        # the relative clause closes with a comma only where the sentence goes on after it
        after = m.string[m.end() : m.end() + 1]
        closing = "," if after and after not in ").;,:!?" else ""
        return f"{word.lower()}, której w tym sprawozdaniu nie ma, ponieważ w roku nie było jej danych{closing}"

    def whole(m: re.Match) -> str:
        bare, label = m.group(1), m.group(2)
        if label in numbers:
            if number(label) is None:
                return f"tabela „{numbers[label]}”"
            return number(label) if bare else numbers[label]
        return (
            "tabela, której w tym sprawozdaniu nie ma, ponieważ w roku nie było jej danych"
            if label.startswith("tbl-")
            else "wykres, którego w tym sprawozdaniu nie ma, ponieważ w roku nie było jego danych"
        )

    return REF.sub(whole, _REF_NR.sub(numbered, text))


def table_captions(chapters: list[Path]) -> dict[str, str]:
    """Each table's caption by label, from the notebooks' cell options (for ``check``, which
    runs no notebook and so cannot number the tables as a build will)."""
    out = {}
    for path in chapters:
        if path.suffix == ".ipynb":
            for cell in nbformat.read(path, as_version=4).cells:
                options, _code = cell_options(cell.source) if cell.cell_type == "code" else ({}, "")
                if str(options.get("label", "")).startswith("tbl-") and options.get("tbl-cap"):
                    out[options["label"]] = re.sub(r"\{\{<[^>]*>\}\}\s*", "", str(options["tbl-cap"])).strip()
    return out
