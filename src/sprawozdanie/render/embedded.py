"""The embedded renderer: pandoc (from the pypandoc-binary wheel) and Typst (typst wheel).

Reads the same ``_quarto.yml`` as Quarto would and writes ``report.html`` (one
self-contained file) and ``report.pdf``.
"""

from __future__ import annotations

import time

from importlib import resources
from pathlib import Path

import pypandoc
import typst

from ..errors import ReportError
from .quarto_md import chapters_to_markdown

# Captions already read "Tabela nr 1. …" (numbered by quarto_md, identically for HTML
# and PDF), so Typst must not prefix its own "Tabela 1:".
TYPST_HEADER = r"""
#show figure.caption: it => it.body
// Short tables stay in one piece with their caption; a long one breaks across pages
// (its header row repeats, as pandoc marks it with table.header).
#show figure.where(kind: table): it => context {
  if measure(it).height > 0.5 * (page.height - 5cm) {
    set block(breakable: true)
    it
  } else { it }
}
#set table(stroke: (x, y) => if y == 0 { (bottom: 0.7pt) } else { (bottom: 0.3pt + luma(200)) })
#show table.cell.where(y: 0): set text(weight: "bold")
#show table: set par(justify: false)
#show list: set par(justify: false)
"""


def versions() -> dict[str, str]:
    return {"pandoc": pypandoc.get_pandoc_version(), "typst": getattr(typst, "__version__", "?")}


def _pandoc(markdown_file: Path, to: str, out: Path, args: list[str]) -> None:
    """Run pandoc in the Markdown's folder (media paths are relative to it). The folder is the
    child process's own working directory: pypandoc's ``cworkdir`` changes the whole
    process's, which two renders at the same time would leave pointing at the wrong folder."""
    import subprocess

    cmd = [pypandoc.get_pandoc_path(), markdown_file.name, "--from=markdown", f"--to={to}",
           f"--output={out}", *args]
    proc = subprocess.run(cmd, cwd=markdown_file.parent, capture_output=True, text=True, encoding="utf-8",
                          check=False)
    if proc.returncode != 0:
        raise ReportError(f"pandoc ({to}) nie wygenerował raportu: {proc.stderr.strip()}")


def _metadata_args(meta: dict) -> list[str]:
    args = []
    for key, value in meta.items():
        if value:
            args += ["-M", f"{key}={value}"]
    return args


def render(staging: Path, chapters: list[Path], quarto: dict, variables: dict, meta: dict,
           formats: tuple[str, ...] = ("html", "pdf"), seconds: dict[str, float] | None = None) -> dict[str, Path]:
    """Render the report into ``staging``; return the paths written, by format.

    The notebooks are turned into Markdown once; HTML and PDF are then made at the same
    time (each is a pandoc or Typst process of its own), and ``seconds`` gets each one's time.
    """
    from concurrent.futures import ThreadPoolExecutor

    body = chapters_to_markdown(chapters, staging / "media", quarto, variables)
    md = staging / "report.md"
    md.write_text(body, encoding="utf-8")
    common = _metadata_args({**meta, "lang": quarto.get("lang", "pl")})
    if quarto.get("number-sections"):
        common.append("--number-sections")
    makers = {"html": _html, "pdf": _pdf}

    def make(fmt: str) -> tuple[Path, float]:
        started = time.perf_counter()
        return makers[fmt](staging, md, quarto.get("format", {}), common), time.perf_counter() - started

    wanted = [f for f in ("html", "pdf") if f in formats]
    with ThreadPoolExecutor(max_workers=max(len(wanted), 1)) as pool:
        done = dict(zip(wanted, pool.map(make, wanted)))
    if seconds is not None:
        seconds.update({f: t for f, (_, t) in done.items()})
    return {f: path for f, (path, _) in done.items()}


def _html(staging: Path, md: Path, fmt_cfg: dict, common: list[str]) -> Path:
    html_cfg = fmt_cfg.get("html", {})
    assets = resources.files("sprawozdanie.render").joinpath("assets")
    args = ["--standalone", "--embed-resources", "--section-divs", f"--css={assets / 'report.css'}",
            f"--include-in-header={assets / 'head.html'}", f"--include-after-body={assets / 'report.js.html'}",
            f"--lua-filter={assets / 'tables.lua'}", *common]
    if html_cfg.get("toc"):
        args += ["--toc", f"--toc-depth={html_cfg.get('toc-depth', 3)}",
                 "-M", f"toc-title={html_cfg.get('toc-title', 'Spis treści')}"]
    out = staging / "report.html"
    _pandoc(md, "html5", out, args)
    return out


def _pdf(staging: Path, md: Path, fmt_cfg: dict, common: list[str]) -> Path:
    ty_cfg = fmt_cfg.get("typst", {})
    header = staging / "typst-header.typ"
    header.write_text(TYPST_HEADER, encoding="utf-8")
    template = resources.files("sprawozdanie.render").joinpath("assets/report-template.typ")
    args = ["--standalone", f"--template={template}", *common, f"--include-in-header={header}",
            "-V", f"papersize={ty_cfg.get('papersize', 'a4')}"]
    if ty_cfg.get("toc"):
        args += ["--toc", f"--toc-depth={ty_cfg.get('toc-depth', 3)}",
                 "-M", f"toc-title={ty_cfg.get('toc-title', 'Spis treści')}"]
    typ = staging / "report.typ"
    _pandoc(md, "typst", typ, args)
    out = staging / "report.pdf"
    try:
        typst.compile(str(typ), output=str(out), root=str(staging))
    except Exception as exc:  # typst raises its own error types
        raise ReportError(f"Typst nie skompilował raportu PDF: {exc}") from None
    return out
