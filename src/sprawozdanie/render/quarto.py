"""Rendering with Quarto itself (``sprawozdanie build <year> --renderer quarto``).

The executed notebooks are laid out in a scratch copy of the project as ``_quarto.yml``
names them, with ``_variables.yml`` written from the year's parameters, and one
``quarto render --to html,typst --no-execute`` makes the book: a multi-page HTML site
(``html/index.html`` and one page per chapter) and a Typst PDF. What follows Quarto's own
source (quarto-cli 1.10.18, ``src/project/types/book/``, ``src/core/jupyter/jupyter.ts``;
docs/rendering.md has the rest, with the files of Quarto's source each choice rests on):

- the title, subtitle, author and date go under ``book:``; ``-M title=…`` would be command-
  line metadata, which outranks each chapter's own title in the HTML book;
- ``book.output-file`` names the single-file outputs (the PDF), else Quarto names them after
  the title;
- a project render cleans the output folder first, so HTML and PDF come from one call;
- Jupyter cell metadata that Quarto does not know becomes attributes of a ``.cell`` div
  around the outputs, even for ``output: asis`` cells, and pandoc leaves headings inside
  such a div out of the contents; papermill's per-cell records are therefore dropped from
  the staged copies, so the headings that the chapters' templates print stay in the TOC.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from html import unescape
from importlib import resources
from pathlib import Path

import yaml

from ..errors import ReportError
from ..paths import tool_file
from ..present.escape import md_escape
from .csp import first_in_head, source_hash

# Our format names → Quarto's (``pdf`` in Quarto means LaTeX; the report's PDF is Typst's).
QUARTO_FORMATS = {"html": "html", "pdf": "typst", "docx": "docx"}
OUTPUT_STEM = "report"  # book.output-file: report.pdf (report.docx)
BOOK_META = ("title", "subtitle", "author", "date")
# Cell metadata written by the tools that executed the notebook, not options for Quarto.
EXECUTION_METADATA = ("papermill", "execution", "ExecuteTime")
PAPERMILL_TAGS = {"parameters", "injected-parameters"}
PATH_OPTIONS = ("reference-doc",)  # format options naming a file of the project, made absolute
# The embedded renderer's first filter (only the project's own images, raw snippets and links
# pass), first of the book's filters too: Quarto runs them before its own ("pre-quarto").
SANITIZE_FILTER = "../render/assets/sanitize.lua"
# The numbers a difference of "Kontrola obliczeń" concerns, marked where they stand (on the
# site's pages a link to the difference), from the staged _quarto.yml's "sprawozdanie-marks".
MARKS_FILTER = "../render/assets/marks.lua"
# The number details of the report's page (what each number is, how it was reckoned, from
# which file), its script and style sheet, put in every page of the book: copied into the
# staged project beside _quarto.yml, so that Quarto puts the style sheet in its site.
NUMBER_DETAILS = {"css": "numbers.css", "include-after-body": "numbers.js.html"}
# A draft's mark on every page, as far as Quarto 1.10 allows (meta ``projekt``, and
# ``changes-href``/``changes-label`` from the second version on): the Typst book prints the
# metadata ``projekt`` at the top of each page (assets/quarto/typst-show.typ); each page of the
# HTML book shows it, with the link to the changes, at the top of its body (``book.body-header``:
# Markdown below the page's title block; a book has no option for the page's header that shows
# without a script); the Word book gets it in its page headers after rendering (docx_finish.py:
# a reference document's headers are fixed, and no Quarto option writes one).
DRAFT_CLASSES = ".projekt .border .border-2 .border-dark .rounded .px-3 .py-2 .mb-3"  # Bootstrap's own


def available() -> str | None:
    return shutil.which("quarto")


def version() -> str:
    return subprocess.run(["quarto", "--version"], capture_output=True, text=True, check=False).stdout.strip()


# The versions this path follows (environment.yml pins them): Typst books came with 1.9, the
# PDF's running headers in the book's language (Polish, not "Chapter N.") with 1.10.4.
FIRST_TYPST_BOOKS, FIRST_POLISH_HEADERS, NEXT_UNREAD = (1, 9), (1, 10, 4), (1, 11)


def version_problem(found: str) -> tuple[str, str] | None:
    """Whether the Quarto on PATH (``quarto --version``) can build the report: ``("error",
    why)`` when it cannot, ``("warning", why)`` when it can with a difference, else None.

    >>> version_problem("1.10.18") is None, version_problem("1.8.27")[0], version_problem("1.9.37")[0]
    (True, 'error', 'warning')
    >>> version_problem("1.11.2")[0], version_problem("dev")[0]
    ('warning', 'warning')
    """
    try:
        parts = tuple(int(x) for x in found.strip().split(".")[:3])
    except ValueError:
        return "warning", f"nie rozpoznano wersji Quarto ({found!r}); ta ścieżka jest sprawdzona z Quarto 1.10"
    if parts < FIRST_TYPST_BOOKS:
        return (
            "error",
            f"Quarto {found} nie składa książek w Typst (od 1.9); zainstaluj Quarto 1.10.4 lub nowsze z 1.10",
        )
    if parts < FIRST_POLISH_HEADERS:
        return "warning", f"Quarto {found} drukuje w PDF nagłówki stron po angielsku („Chapter”); polskie od 1.10.4"
    if parts >= NEXT_UNREAD:
        return "warning", f"Quarto {found} jest nowsze niż sprawdzone z tą ścieżką (1.10); przejrzyj PDF i HTML"
    return None


def lua_filters(filters, locate) -> list:
    """``_quarto.yml``'s ``filters`` with each Lua file's path given by ``locate`` (Quarto reads
    them relative to that file); other entries (``quarto``, a filter's map) as they are.

    >>> lua_filters(["f.lua", "quarto"], lambda name: f"/proj/{name}")
    ['/proj/f.lua', 'quarto']
    """
    return [str(locate(f)) if isinstance(f, str) and f.endswith(".lua") else f for f in filters or []]


def book_config(config: dict, meta: dict, appendices: list[str], root: Path = Path("/")) -> dict:
    """The staged ``_quarto.yml``: the project's, with the year's title block under
    ``book:``, the output file's name, the generated appendices, tables and figures numbered
    by chapter (``crossref.chapters``: the one numbering Quarto's HTML book, whose pages are
    rendered one by one, its Typst book and its Word book share), and file options of the
    formats (``reference-doc``) and the Lua ``filters`` made absolute, since the scratch copy
    holds no assets; the Typst book's template partials by their names alone, since Quarto reads
    a partial's absolute path as one inside the project (``render/template.ts``): the files
    are copied beside the staged ``_quarto.yml`` (``typst_partials``).

    >>> cfg = book_config({"book": {"title": "T", "chapters": ["index.qmd"]},
    ...                    "format": {"docx": {"reference-doc": "assets/ref.docx"}}},
    ...                   {"title": "T za rok 2025", "subtitle": "", "author": "MOPS", "municipality": "X"},
    ...                   ["kontrola.qmd"], Path("/proj"))
    >>> cfg["book"]
    {'title': 'T za rok 2025', 'chapters': ['index.qmd'], 'author': 'MOPS', 'output-file': 'report', 'appendices': ['kontrola.qmd']}
    >>> Path(cfg["format"]["docx"]["reference-doc"]).parts[-2:]  # absolute: the tool's, else the installed
    ('assets', 'ref.docx')
    >>> [f if f == "quarto" else Path(f).name
    ...  for f in book_config({"book": {"title": "T"}, "filters": ["f.lua", "quarto"]}, {}, [], Path("/proj"))["filters"]]
    ['sanitize.lua', 'marks.lua', 'f.lua', 'quarto']
    >>> cfg = book_config({"book": {"title": "T"}, "crossref": {"chapters": False},
    ...                    "format": {"typst": {"template-partials": ["a/typst-show.typ"]}}}, {}, [], Path("/p"))
    >>> cfg["crossref"], cfg["format"]["typst"]["template-partials"]
    ({'chapters': True}, ['typst-show.typ'])
    >>> cfg["format"]["html"]
    {'css': ['numbers.css'], 'include-after-body': ['numbers.js.html']}
    """
    config = copy.deepcopy(config)
    config["filters"] = lua_filters(
        [SANITIZE_FILTER, MARKS_FILTER, *(config.get("filters") or [])], lambda name: tool_file(root, name)
    )
    for options in (config.get("format") or {}).values():
        for key in PATH_OPTIONS:
            if isinstance(options, dict) and options.get(key):
                options[key] = str(tool_file(root, options[key]))
    partials = typst_partials(config, root)
    if partials:
        config["format"]["typst"]["template-partials"] = list(partials)
    config["crossref"] = {**(config.get("crossref") or {}), "chapters": True}
    html = config.setdefault("format", {}).setdefault("html", {})
    for key, name in NUMBER_DETAILS.items():
        given = html.get(key) or []
        html[key] = [*([given] if isinstance(given, str) else given), name]
    book = config["book"]
    for key in BOOK_META:  # the book schema is closed: only its own keys
        if meta.get(key):
            book[key] = meta[key]
    book["output-file"] = OUTPUT_STEM
    book["appendices"] = [*book.get("appendices", []), *appendices]
    with_draft_mark(config, meta)
    return config


def with_draft_mark(config: dict, meta: dict) -> None:
    """A draft's mark in the staged ``_quarto.yml`` (see ``DRAFT_CLASSES``): the metadata
    ``projekt`` for the Typst book, and the HTML book's ``body-header``. The link to the changes
    names the page from the site's root ("/zmiany.html"), which Quarto makes relative to each
    page (website-resources.ts), and ``changes-href`` is that same target: sanitize.lua lets
    exactly that link through.

    >>> cfg = {"book": {}}
    >>> with_draft_mark(cfg, {"projekt": "PROJEKT – wersja 2", "changes-href": "zmiany.html", "changes-label": "Zmiany"})
    >>> cfg["projekt"], cfg["changes-href"]
    ('PROJEKT – wersja 2', '/zmiany.html')
    >>> print(cfg["book"]["body-header"])
    ::: {.projekt .border .border-2 .border-dark .rounded .px-3 .py-2 .mb-3}
    **PROJEKT – wersja 2** [Zmiany](/zmiany.html)
    :::
    >>> final = {"book": {}}; with_draft_mark(final, {"projekt": ""}); final
    {'book': {}}
    """
    projekt = meta.get("projekt")
    if not projekt:
        return
    config["projekt"] = projekt
    note = f"**{md_escape(projekt)}**"
    if meta.get("changes-href"):
        config["changes-href"] = "/" + meta["changes-href"]
        note += f" [{md_escape(meta.get('changes-label') or 'Zmiany')}]({config['changes-href']})"
    given = config["book"].get("body-header")  # the project's own, after the mark
    config["book"]["body-header"] = "\n\n".join([f"::: {{{DRAFT_CLASSES}}}\n{note}\n:::", *([given] if given else [])])


def escaped_variables(variables):
    """``_variables.yml``'s values as Markdown that prints them literally, as the embedded
    renderer substitutes them: Quarto reads a variable as Markdown and puts it in at its
    ``{{< var >}}`` after the sanitising filter has run, so an office's text in the params
    could otherwise become markup (a link, raw HTML).

    >>> v = escaped_variables({"a": {"b": "<b>x</b>"}, "year": 2025, "list": ["*y*"]})
    >>> print(v["a"]["b"], v["list"][0], v["year"])
    \\<b\\>x\\<\\/b\\> \\*y\\* 2025
    """
    if isinstance(variables, dict):
        return {key: escaped_variables(value) for key, value in variables.items()}
    if isinstance(variables, list):
        return [escaped_variables(value) for value in variables]
    if isinstance(variables, str):
        return str(md_escape(variables))  # the project's own Markdown (Md) stays as it is
    return variables


def book_policy(page: str) -> str:
    """The Content-Security-Policy of one page of the Quarto book: nothing from another
    origin; scripts from the site itself (``site_libs/``) and the inline scripts and event
    handlers the page holds as Quarto wrote it, each by its hash (no input reaches a script:
    inputs are escaped and the sanitising filter runs first); images and fonts from the site
    or inline; the search's index fetched from the site. Styles from the site and inline:
    Quarto's scripts (Bootstrap, Popper, AnchorJS) set styles at run time, which no hash can
    name ahead, and no input brings a style (the sanitising filter removes every one).

    >>> policy = book_policy('<head><script src="../site_libs/q.js"></script><script>go()</script></head>'
    ...                      '<body><a onclick="x()">a</a></body>')
    >>> source_hash("go()") in policy, source_hash("x()") in policy, "'unsafe-hashes'" in policy
    (True, True, True)
    >>> source_hash("") in policy  # the script with a src= is allowed by 'self', not by a hash
    False
    """
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.DOTALL | re.IGNORECASE)
    handlers = [unescape(v) for v in re.findall(r'<[^>]*?\son[a-z]+="([^"]*)"', page, re.IGNORECASE)]
    scripts = " ".join(["'self'", *sorted({source_hash(s) for s in inline})])
    if handlers:
        scripts += " 'unsafe-hashes' " + " ".join(sorted({source_hash(h) for h in handlers}))
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def with_book_csp(site: Path) -> None:
    """Every page of the HTML book in ``site`` with its policy first in its head."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "</head>" in text:
            page.write_text(first_in_head(text, book_policy(text)), encoding="utf-8")


def command(formats: tuple[str, ...]) -> list[str]:
    """The one ``quarto render`` call for ``formats``.

    >>> command(("html", "pdf"))
    ['quarto', 'render', '--to', 'html,typst', '--no-execute']
    """
    return ["quarto", "render", "--to", ",".join(QUARTO_FORMATS[f] for f in formats), "--no-execute"]


def without_execution_metadata(notebook: dict) -> dict:
    """The notebook with each cell's execution records (and papermill's tags) removed, so
    that Quarto puts no ``.cell`` div around an ``output: asis`` cell's Markdown.

    >>> nb = {"cells": [{"metadata": {"papermill": {"duration": 1}, "tags": ["injected-parameters"],
    ...                               "execution": {}, "tbl-cap": "x"}}]}
    >>> without_execution_metadata(nb)["cells"][0]["metadata"]
    {'tbl-cap': 'x'}
    """
    notebook = copy.deepcopy(notebook)
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {})
        for key in EXECUTION_METADATA:
            meta.pop(key, None)
        tags = [t for t in meta.get("tags", []) if t not in PAPERMILL_TAGS]
        if tags:
            meta["tags"] = tags
        else:
            meta.pop("tags", None)
    return notebook


def without_empty_floats(notebook: dict) -> dict:
    """The notebook without the table and chart cells that printed nothing (a table whose
    numbers are all 0, a chart not worth drawing). Quarto turns a cell and its options into a
    div carrying its ``label: tbl-…`` and caption, which its crossref filter may count as an
    (empty) table; without the cell nothing is left to number, as in the embedded renderer.

    >>> nb = {"cells": [{"cell_type": "code", "source": "#| label: tbl-a\\n#| tbl-cap: A\\nt()", "outputs": []},
    ...                 {"cell_type": "code", "source": "#| label: tbl-b\\nt()", "outputs": [{"data": {}}]},
    ...                 {"cell_type": "code", "source": "x = 1", "outputs": []}]}
    >>> [c["source"] for c in without_empty_floats(nb)["cells"]]
    ['#| label: tbl-b\\nt()', 'x = 1']
    """

    def empty_float(cell: dict) -> bool:
        source = "".join(cell.get("source", ""))
        return (
            cell.get("cell_type") == "code"
            and not cell.get("outputs")
            and re.search(r"^#\|\s*label:\s*(tbl|fig)-", source, re.M) is not None
        )

    notebook = copy.deepcopy(notebook)
    notebook["cells"] = [c for c in notebook.get("cells", []) if not empty_float(c)]
    return notebook


def _stage(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix == ".ipynb":
        nb = without_empty_floats(without_execution_metadata(json.loads(source.read_text(encoding="utf-8"))))
        target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        shutil.copy(source, target)


def typst_partials(config: dict, root: Path) -> dict[str, Path]:
    """The Typst template partials ``_quarto.yml`` names (``format.typst.template-partials``),
    by the name Quarto stages each under (its file name), with the file it comes from.

    >>> found = typst_partials({"format": {"typst": {"template-partials": "../a/typst-show.typ"}}}, Path("/nowhere"))
    >>> list(found), found["typst-show.typ"].parts[-3:]  # not in /nowhere: the installed tool's
    (['typst-show.typ'], ('..', 'a', 'typst-show.typ'))
    """
    given = ((config.get("format") or {}).get("typst") or {}).get("template-partials") or []
    return {Path(name).name: tool_file(root, name) for name in ([given] if isinstance(given, str) else given)}


def project_config(tool_root: Path) -> dict:
    """The tool's ``_quarto.yml``."""
    return yaml.safe_load((tool_root / "_quarto.yml").read_text(encoding="utf-8"))


def staged_config(
    tool_root: Path, meta: dict, appendices: list[str], chapters: list[str] | None = None, project: dict | None = None
) -> dict:
    """The ``_quarto.yml`` the Quarto path writes for a build: the tool's (``project``, if
    already read), with the book's metadata, the appendices and (``chapters``) the workspace's
    order of the book's files."""
    project = project_config(tool_root) if project is None else project
    config = book_config(project, meta, appendices, tool_root.resolve())
    if chapters is not None:  # the workspace's structure (structure.yml)
        config["book"]["chapters"] = list(chapters)
    return config


def render(
    tool_root: Path,
    staging: Path,
    executed: dict[str, Path],
    variables: dict,
    meta: dict,
    formats: tuple[str, ...] = ("html", "pdf"),
    appendices: list[Path] = (),
    chapters: list[str] | None = None,
    marks: dict[str, list[int]] | None = None,
) -> dict[str, Path]:
    """Render the book with ``quarto``; return the paths written in ``staging``: the HTML
    site in ``html/`` (``html/index.html``), ``report.pdf`` (and ``report.docx``).
    ``chapters``: the book's files in the workspace's order (default: ``_quarto.yml``'s).
    ``marks``: the differences of "Kontrola obliczeń" (the first appendix) each ledger id
    takes part in, marked beside the number (assets/marks.lua, through the metadata)."""
    work = staging / "quarto-project"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    project = project_config(tool_root)
    config = staged_config(tool_root, meta, [a.name for a in appendices], chapters, project)
    if marks and appendices:
        config["sprawozdanie-marks"] = marks
        config["sprawozdanie-marks-page"] = Path(appendices[0].name).with_suffix(".html").name
    (work / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (work / "_variables.yml").write_text(
        yaml.safe_dump(escaped_variables(variables), allow_unicode=True), encoding="utf-8"
    )
    for chapter in config["book"]["chapters"]:
        _stage(executed.get(chapter, tool_root / chapter), work / chapter)
    for appendix in appendices:
        _stage(appendix, work / appendix.name)
    for name in NUMBER_DETAILS.values():
        shutil.copy(resources.files("sprawozdanie.render").joinpath("assets", name), work / name)
    for name, source in typst_partials(project, tool_root.resolve()).items():
        shutil.copy(source, work / name)

    proc = subprocess.run(command(formats), cwd=work, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ReportError(
            f"{' '.join(command(formats))} nie powiódł się (kod {proc.returncode}):\n{proc.stderr[-2000:]}"
        )
    book = work / config.get("project", {}).get("output-dir", "_book")
    written: dict[str, Path] = {}
    for fmt in formats:
        if fmt == "html":
            continue
        made = book / f"{OUTPUT_STEM}.{fmt}"
        if not made.is_file():
            raise ReportError(f"quarto nie zapisał pliku {made.relative_to(work)}")
        written[fmt] = Path(shutil.move(made, staging / made.name))
    if "docx" in written:  # what pandoc's Word writer cannot do, as for the embedded renderer's
        from .docx_finish import finish

        finish(
            written["docx"],
            str(meta.get("municipality") or ""),
            contents=False,  # Quarto's own contents field
            projekt=str(meta.get("projekt") or ""),
            captions=False,
        )
    if "html" in formats:
        if not (book / "index.html").is_file():
            raise ReportError(f"quarto nie zapisał strony {(book / 'index.html').relative_to(work)}")
        shutil.copytree(book, staging / "html")  # a site: index.html, a page per chapter, site_libs/
        with_book_csp(staging / "html")
        written["html"] = staging / "html" / "index.html"
    return written
