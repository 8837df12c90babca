"""The embedded renderer: pandoc (from the pypandoc-binary wheel) and Typst (typst wheel).

Reads the same ``_quarto.yml`` as Quarto would and writes ``report.html`` (one
self-contained file), ``report.pdf`` (PDF/UA-1: tagged, every chart with its alt text) and
``report.docx`` (Word, styled by ``assets/reference.docx``).

Inputs are data, never markup: texts are escaped before they become Markdown
(``present/escape.py``), pandoc reads no metadata from the Markdown itself, the Lua filter
``assets/sanitize.lua`` lets through only the project's own figures, raw snippets and
links, and the HTML carries a Content-Security-Policy that allows no remote or file
resource and no script but the project's own.
"""

from __future__ import annotations

import functools
import json
import re
import time
from html import unescape
from importlib import resources
from pathlib import Path

import pypandoc
import typst

from ..errors import ReportError
from .csp import first_in_head, source_hash
from .quarto_md import chapters_to_markdown

# The report's Typst styling (captions, tables, hyphenation) is all in
# assets/report-template.typ; the header file stays for additions that belong to one render.
TYPST_HEADER = "// (the report's styling is in report-template.typ)\n"


# The report's Markdown is assembled from texts: a YAML block or a title block in it must
# not become metadata (``header-includes``, ``css``…); metadata comes from -M alone.
READER = "markdown+ascii_identifiers-yaml_metadata_block-pandoc_title_block"  # anchors: plain ASCII
SANITIZE = "sanitize.lua"
FORMATS = ("html", "pdf", "docx")
# Links of the HTML page's header to the documents beside it (meta keys, relative paths):
# the report's to the annex and the PDF, the annex's back to the report, a draft's to its
# changes since the version before (the mark "PROJEKT" itself, ``projekt``, is every format's).
HTML_LINKS = ("annex-href", "pdf-href", "report-href", "print-note", "changes-href", "changes-label")
# What makes each format (for the build's progress lines).
ENGINES = {"html": "pandoc", "pdf": "pandoc + typst", "docx": "pandoc"}
# Typst checks the PDF against it and refuses what breaks it (an image without alt text…).
PDF_STANDARDS = ["ua-1"]  # when _quarto.yml's format.typst names no pdf-standard


def versions() -> dict[str, str]:
    """The programs that set the documents: the Python package typst's version is not its
    compiler's, which each PDF names as its creator ("Typst 0.15.1"): both are given."""
    package = getattr(typst, "__version__", "?")
    return {
        "pandoc": pypandoc.get_pandoc_version(),
        "typst": f"{_typst_compiler_version()} z pakietu Python typst {package}",
    }


@functools.cache
def _typst_compiler_version() -> str:
    """The compiler's version, as a PDF it makes states it (its creator); "?" if it says none or
    cannot make one (provenance never stops a build)."""
    import tempfile

    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "wersja.typ"
            source.write_text("x", encoding="utf-8")
            found = re.search(rb"Typst (\d+(?:\.\d+)+)", typst.compile(str(source), ignore_system_fonts=True))
    except Exception:  # noqa: BLE001 - any failure of a probe means only an unknown version
        return "?"
    return found[1].decode() if found else "?"


def _pandoc(markdown_file: Path, to: str, out: Path, args: list[str]) -> None:
    """Run pandoc in the Markdown's folder (media paths are relative to it). The folder is the
    child process's own working directory: pypandoc's ``cworkdir`` changes the whole
    process's, which two renders at the same time would leave pointing at the wrong folder.
    A ``.json`` source is pandoc's own document, the Markdown already read (``parsed``)."""
    import subprocess

    reader = "json" if markdown_file.suffix == ".json" else READER
    cmd = [pypandoc.get_pandoc_path(), markdown_file.name, f"--from={reader}", f"--to={to}", f"--output={out}", *args]
    proc = subprocess.run(cmd, cwd=markdown_file.parent, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise ReportError(f"pandoc ({to}) nie wygenerował raportu: {proc.stderr.strip()}")


def _metadata_args(meta: dict) -> list[str]:
    args = []
    for key, value in meta.items():
        if value:
            args += ["-M", f"{key}={value}"]
    return args


def common_args(quarto: dict, meta: dict) -> list[str]:
    """pandoc's arguments for every format: the metadata (not the HTML's links), the language,
    section numbers, and _quarto.yml's own filters after the renderer's (they come last)."""
    common = _metadata_args(
        {**{k: v for k, v in meta.items() if k not in HTML_LINKS}, "lang": quarto.get("lang", "pl")}
    )
    if quarto.get("number-sections"):
        common.append("--number-sections")
    common += [f"--lua-filter={f}" for f in quarto.get("filters") or [] if isinstance(f, str) and f.endswith(".lua")]
    return common


def render(
    staging: Path,
    chapters: list[Path],
    quarto: dict,
    variables: dict,
    meta: dict,
    formats: tuple[str, ...] = ("html", "pdf"),
    seconds: dict[str, float] | None = None,
    marks: dict[str, list[int]] | None = None,
    png_store: Path | None = None,
) -> dict[str, Path]:
    """Render the report into ``staging``; return the paths written, by format. ``marks``:
    the differences of "Kontrola obliczeń" each ledger id takes part in (the PDF and DOCX
    print them beside the number: assets/marks.lua; the HTML's script marks them itself).
    ``png_store``: where compacted charts are kept between builds (``quarto_md.compacted``).

    The notebooks are turned into Markdown once; HTML, PDF and DOCX are then made at the
    same time (each is a pandoc or Typst process of its own), and ``seconds`` gets each one's time.
    """
    from concurrent.futures import ThreadPoolExecutor

    body = chapters_to_markdown(chapters, staging / "media", quarto, variables, png_store)
    md = staging / "report.md"
    md.write_text(body, encoding="utf-8")
    marks_file = staging / "marks.json"  # read by assets/marks.lua, removed after rendering
    if marks:
        marks_file.write_text(json.dumps(marks), encoding="utf-8")
    # the companion documents' links are the HTML page's alone (Word would keep them as properties)
    html_only = _metadata_args({k: meta[k] for k in HTML_LINKS if k in meta})
    common = common_args(quarto, meta)
    makers = {
        "html": lambda s, md, f, c: _html(s, md, f, c + html_only),
        "pdf": _pdf,
        "docx": lambda *a: _docx(
            *a, municipality=str(meta.get("municipality") or ""), projekt=str(meta.get("projekt") or "")
        ),
    }

    wanted = [f for f in FORMATS if f in formats]
    parsed = staging / "report.json"  # the Markdown read once, not once per format (0.4 s each)
    source = md

    def make(fmt: str) -> tuple[Path, float]:
        started = time.perf_counter()
        return makers[fmt](staging, source, quarto.get("format", {}), common), time.perf_counter() - started

    try:
        if len(wanted) > 1:
            _pandoc(md, "json", parsed, [])
            source = parsed
        with ThreadPoolExecutor(max_workers=max(len(wanted), 1)) as pool:
            done = dict(zip(wanted, pool.map(make, wanted)))
    finally:  # a failed render leaves no marks for the next one to read, and no parsed copy
        marks_file.unlink(missing_ok=True)
        parsed.unlink(missing_ok=True)
    if seconds is not None:
        seconds.update({f: t for f, (_, t) in done.items()})
    return {f: path for f, (path, _) in done.items()}


# The page's style sheets and scripts, in order; the number details' own (numbers.*) serve
# the Quarto path's book as well.
STYLESHEETS = ("report.css", "numbers.css")
# run as soon as <main> opens (report.html5's early-scripts), so that the contents' button and
# the numbers' switch work on a slow connection before the charts have arrived; the rest at the end
EARLY_SCRIPTS = ("contents.js.html", "numbers.js.html")
SCRIPTS = ("report.js.html",)


def html_args(fmt_cfg: dict, common: list[str], page: bool = True, served: bool = False) -> list[str]:
    """pandoc's arguments for the HTML: a whole page (``page``: the template, its style sheets
    embedded, or linked by name when ``served`` beside it, the scripts, the contents) or one
    part of its body."""
    html_cfg = fmt_cfg.get("html", {})
    assets = resources.files("sprawozdanie.render").joinpath("assets")
    filters = [f"--lua-filter={assets / SANITIZE}", f"--lua-filter={assets / 'tables.lua'}"]
    if not page:
        return ["--section-divs", *filters, *common]
    styles = [f"--css={name}" for name in STYLESHEETS] if served else [f"--css={assets / n}" for n in STYLESHEETS]
    # The template is pandoc's own with landmarks added (a skip link, <main>).
    args = [
        "--standalone",
        *([] if served else ["--embed-resources"]),
        *styles,
        "--section-divs",
        f"--template={assets / 'report.html5'}",
        f"--include-in-header={assets / 'head.html'}",
        "--variable=early-scripts:" + "".join((assets / name).read_text(encoding="utf-8") for name in EARLY_SCRIPTS),
        *(f"--include-after-body={assets / name}" for name in SCRIPTS),
        *filters,
        *common,
    ]
    if html_cfg.get("toc"):
        args += [
            "--toc",
            f"--toc-depth={html_cfg.get('toc-depth', 3)}",
            "-M",
            f"toc-title={html_cfg.get('toc-title', 'Spis treści')}",
        ]
    return args


def _html(staging: Path, md: Path, fmt_cfg: dict, common: list[str]) -> Path:
    out = staging / "report.html"
    _pandoc(md, "html5", out, html_args(fmt_cfg, common))
    own_scripts = own_page_scripts()
    out.write_text(with_csp(out.read_text(encoding="utf-8"), own_scripts), encoding="utf-8")
    return out


def own_page_scripts() -> list[str]:
    """The text of each of the page's own inline scripts (``EARLY_SCRIPTS``, ``SCRIPTS``)."""
    assets = resources.files("sprawozdanie.render").joinpath("assets")
    names = (*EARLY_SCRIPTS, *SCRIPTS)
    return [script for name in names for script in _scripts((assets / name).read_text(encoding="utf-8"))]


def _scripts(html: str) -> list[str]:
    """The text of each inline ``<script>`` element."""
    return re.findall(r"<script>(.*?)</script>", html, re.DOTALL)


# The only inline styles the report's own tables get from pandoc's HTML writer: cell
# alignment, column widths in whole percents, a table's full width. Nothing else is admitted,
# whatever the output holds (an attribute that came from an input would be refused).
TABLE_STYLES = frozenset(
    [*(f"text-align: {a};" for a in ("left", "right", "center")), *(f"width: {n}%" for n in range(101)), "width:100%;"]
)


def with_csp(html: str, own_scripts: list[str]) -> str:
    """The HTML with a Content-Security-Policy as the first element of its head: nothing
    is loaded from anywhere (images are data: URIs once embedded), and only the project's
    own scripts run, each allowed by its hash. Styles are allowed by hash too: the
    ``<style>`` elements of the head (the project's template and its style sheets; no input
    reaches the head) and, of the ``style`` attributes, only those of ``TABLE_STYLES``
    ('unsafe-hashes' admits exactly those values, not any inline style).

    >>> page = ('<html><head>\\n<meta charset="utf-8" />\\n<style>p{}</style></head><body>'
    ...         '<p style="text-align: right;">a</p><p style="position:fixed">b</p><script>s()</script></body></html>')
    >>> csp = re.search(r'content="([^"]*)"', with_csp(page, ["s()"])).group(1)
    >>> source_hash("s()") in csp.split("script-src")[1] and source_hash("p{}") in csp and source_hash("text-align: right;") in csp
    True
    >>> source_hash("position:fixed") in csp
    False
    """
    head_end = html.index("</head>")
    for script in own_scripts:
        if f"<script>{script}</script>" not in html:
            raise ReportError("HTML: skrypt z render/assets/ nie znalazł się w raporcie bez zmian")
    element_styles = sorted(
        {source_hash(s) for s in re.findall(r"<style[^>]*>(.*?)</style>", html[:head_end], re.DOTALL)}
    )
    attribute_styles = sorted(
        {source_hash(unescape(s)) for s in re.findall(r'\sstyle="([^"]*)"', html) if unescape(s) in TABLE_STYLES}
    )
    attributes = ["'unsafe-hashes'", *attribute_styles] if attribute_styles else []
    scripts = sorted({source_hash(s) for s in own_scripts})

    def sources(found: list[str]) -> str:
        return " ".join(found) or "'none'"

    policy = "; ".join(
        [
            "default-src 'none'",
            "img-src data:",
            "font-src data:",
            f"style-src {sources(element_styles + attributes)}",  # for browsers without the two below
            f"style-src-elem {sources(element_styles)}",
            f"style-src-attr {sources(attributes)}",
            f"script-src {sources(scripts)}",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )
    return first_in_head(html, policy)


def pdf_standards(typst_options: dict) -> list[str]:
    """The PDF standards Typst is asked for: ``format.typst.pdf-standard`` of _quarto.yml (a
    value or a list, as Quarto reads it), else PDF/UA-1.

    >>> pdf_standards({"pdf-standard": "ua-1"}), pdf_standards({"pdf-standard": ["a-2b", "ua-1"]}), pdf_standards({})
    (['ua-1'], ['a-2b', 'ua-1'], ['ua-1'])
    """
    given = typst_options.get("pdf-standard")
    if given is None:
        return list(PDF_STANDARDS)
    return [str(v) for v in (given if isinstance(given, list) else [given])]


def _pdf(staging: Path, md: Path, fmt_cfg: dict, common: list[str]) -> Path:
    ty_cfg = fmt_cfg.get("typst", {})
    header = staging / "typst-header.typ"
    header.write_text(TYPST_HEADER, encoding="utf-8")
    template = resources.files("sprawozdanie.render").joinpath("assets/report-template.typ")
    sanitize = resources.files("sprawozdanie.render").joinpath(f"assets/{SANITIZE}")
    alt_texts = resources.files("sprawozdanie.render").joinpath("assets/typst.lua")
    layout = resources.files("sprawozdanie.render").joinpath("assets/typst-layout.lua")  # widths, hyphenation
    marks = resources.files("sprawozdanie.render").joinpath("assets/marks.lua")  # differences beside their numbers
    args = [
        "--standalone",
        f"--template={template}",
        f"--lua-filter={sanitize}",
        f"--lua-filter={alt_texts}",
        f"--lua-filter={marks}",  # before the layout turns words into Typst: it reads their punctuation
        f"--lua-filter={layout}",
        *common,
        f"--include-in-header={header}",
        "-V",
        f"papersize={ty_cfg.get('papersize', 'a4')}",
    ]
    if ty_cfg.get("toc", True):  # as in a Quarto book: its Typst PDF always has contents
        args += [
            "--toc",
            f"--toc-depth={ty_cfg.get('toc-depth', 3)}",
            "-M",
            f"toc-title={ty_cfg.get('toc-title', 'Spis treści')}",
        ]
    typ = staging / "report.typ"
    _pandoc(md, "typst", typ, args)
    out = staging / "report.pdf"
    try:
        # Only the fonts inside Typst (the template's Libertinus Serif; DejaVu Sans Mono for code):
        # the PDF is the same on any machine, whatever fonts it has installed.
        typst.compile(
            str(typ), output=str(out), root=str(staging), ignore_system_fonts=True, pdf_standards=pdf_standards(ty_cfg)
        )
    except Exception as exc:  # typst raises its own error types
        raise ReportError(f"Typst nie skompilował raportu PDF: {exc}") from None
    return out


def _docx(staging: Path, md: Path, fmt_cfg: dict, common: list[str], municipality: str = "", projekt: str = "") -> Path:
    """Word: pandoc's docx writer with the project's reference document (styles, title page,
    page numbers); a chart keeps its alt text (pandoc writes it as the image's description)
    and a value is plain text. The contents are a Word field that opens filled in (its lines
    linked to the headings) and that Word renews, page numbers included, when it updates fields;
    captions are numbered by Word's caption fields; the title page names the municipality; a
    draft (``projekt``) has its mark in the header of every page."""
    docx_cfg = fmt_cfg.get("docx", {})
    assets = resources.files("sprawozdanie.render").joinpath("assets")
    if docx_cfg.get("lang"):  # Word's proofing language wants the region: pl-PL
        common = [f"lang={docx_cfg['lang']}" if a.startswith("lang=") else a for a in common]
    args = [
        f"--reference-doc={assets / 'reference.docx'}",
        f"--lua-filter={assets / SANITIZE}",
        f"--lua-filter={assets / 'marks.lua'}",
        f"--lua-filter={assets / 'docx.lua'}",
        *common,
    ]  # marks first: docx.lua unwraps the spans
    if docx_cfg.get("toc"):
        args += [
            "--toc",
            f"--toc-depth={docx_cfg.get('toc-depth', 3)}",
            "-M",
            f"toc-title={docx_cfg.get('toc-title', 'Spis treści')}",
        ]
    out = staging / "report.docx"
    _pandoc(md, "docx", out, args)
    # the contents written out (not an empty field until Word updates it), captions as Word's
    # caption fields, the municipality on the title page, a draft's mark in the page headers
    from .docx_finish import finish

    finish(out, municipality, contents=bool(docx_cfg.get("toc")), projekt=projekt)
    return out
