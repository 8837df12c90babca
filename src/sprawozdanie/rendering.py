"""The report rendered in every format by the chosen renderer, and the auditors' annex beside
it: what the renderers are given (the title page's lines, the variables of ``{{< var >}}``)
and which renderer makes what.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .params import Params

APPENDIX_FILE = "kontrola.qmd"  # the council's "Kontrola obliczeń", the report's last part
ANNEX_DIR = "aneks"  # the auditors' annex, a document of its own beside the report


def report_variables(p: Params) -> dict:
    """What ``{{< var … >}}`` can name: the year's parameters, and the introduction's
    sentences on art. 176 (the office's quote of it, or the tool's summary)."""
    from .present.statute import gmina_tasks

    return {**p.model_dump(mode="json"), "intro": {"gmina_tasks": gmina_tasks(p.acts.family_support)}}


def report_metadata(p: Params) -> dict:
    """The title page's lines, set as the body text is: no one-letter word at a line's end."""
    from .present.fmt import bind_polish

    return {
        k: bind_polish(v)
        for k, v in {
            "title": f"{p.report.title} za rok {p.year}",
            "subtitle": p.report.subtitle,
            "author": p.report.author,
            "date": p.report.date_text,
            "municipality": p.municipality.name,
        }.items()
    } | {
        "annex-href": f"{ANNEX_DIR}/{ANNEX_DIR}.html",
        "pdf-href": "report.pdf",  # the HTML's header
        "print-note": "Wydruk strony internetowej sprawozdania. Dokumentem do złożenia jest plik report.pdf.",
    }


def render_report(
    project, staging, files, book, appendix, variables, meta, formats, warnings, quarto_bin, progress, png_store=None
):
    """The report itself in every format, by the chosen renderer (``png_store``: the
    embedded renderer's compacted charts, kept between builds)."""
    from .render import embedded
    from .render import quarto as quarto_renderer
    from .render.appendix import difference_marks

    if not quarto_bin:  # the embedded renderer makes HTML and PDF at the same time
        chapter_files = [files.get(c, project.source(c)) for c in book] + [appendix]
        seconds: dict[str, float] = {}
        marks = difference_marks(warnings)  # beside the numbers, PDF and DOCX
        embedded.render(staging, chapter_files, project.quarto, variables, meta, formats, seconds, marks, png_store)
        for fmt in formats:
            progress(f"render {fmt.upper()} ({embedded.ENGINES[fmt]}, {seconds[fmt]:.1f} s)")
    else:  # one `quarto render` makes every format: each render empties the book's output folder
        t0 = time.perf_counter()
        quarto_renderer.render(
            project.tool,
            staging,
            files,
            variables,
            meta,
            formats,
            appendices=[appendix],
            chapters=book,
            marks=difference_marks(warnings),
        )
        for fmt in formats:
            progress(f"render {fmt.upper()} (quarto, {time.perf_counter() - t0:.1f} s)")


def annex_metadata(meta: dict) -> dict:
    """The annex's title lines and links, from the report's. A draft's annex is marked
    "PROJEKT" without the version: its numbers and rules are the same for every draft whose
    words alone differ, and it is kept from one such draft to the next (the report's header
    names the version and links its changes)."""
    out = {k: v for k, v in meta.items() if k not in ("changes-href", "changes-label")}
    out |= {
        # the last two words kept together: the cover's large type would leave "liczb" alone
        "title": "Aneks: źródła danych i sposób obliczenia\u00a0liczb",
        "subtitle": meta["title"],
        "annex-href": "",
        "pdf-href": "",
        "report-href": "../report.html",
        "skip-label": "Przejdź do treści aneksu",
        "print-note": "Wydruk strony internetowej aneksu; ten sam aneks w PDF to plik aneks.pdf.",
    }
    if meta.get("projekt"):
        out["projekt"] = "PROJEKT – aneks do projektu sprawozdania"
    return out


def render_annex(source: Path, quarto: dict, variables: dict, meta: dict, formats: tuple[str, ...]) -> None:
    """The annex as HTML and PDF beside its source (``aneks/aneks.html``, ``aneks/aneks.pdf``),
    always with the embedded renderer: it is one generated document, not a Quarto book."""
    from .render import embedded

    folder = source.parent
    wanted = tuple(f for f in ("html", "pdf") if f in formats)
    config = {**quarto, "number-sections": False}
    written = embedded.render(folder, [source], config, variables, annex_metadata(meta), wanted)
    for fmt, path in written.items():
        path.replace(folder / f"{ANNEX_DIR}.{fmt}")
    for scratch in (source, folder / "report.md", folder / "typst-header.typ", folder / "report.typ"):
        scratch.unlink(missing_ok=True)
    shutil.rmtree(folder / "media", ignore_errors=True)
