"""The live preview: ``sprawozdanie preview <year>`` serves the report's HTML on 127.0.0.1 and
refreshes the open page when a template, an office text, the params or an input is saved.

Each chapter's notebook runs in this process (``preview.run_in_process``) at the start, and
again only when a file it read has changed (the files it read are recorded as for the build's
cache). The Markdown is made as the build makes it; only the chapters whose Markdown changed
go through pandoc again, and their part of the page is replaced; the whole page is made anew
when a heading changed (the contents list it). The page asks for a newer version and reloads
itself. An error (a template's syntax, an invalid input) shows at the top of the page with its
file and line, above the last good text, until the file is fixed.

The preview is for the one who writes: the PDF, the DOCX, "Kontrola obliczeń" and the annex
come from ``sprawozdanie build``.
"""

from __future__ import annotations

import contextlib
import html
import re
import shutil
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import cache, structure
from .errors import ReportError
from .project import Project

# Where a level-1 section of pandoc's HTML starts (``--section-divs``): one per chapter heading.
LEVEL1 = re.compile(r'<section id="[^"]*" class="level1[ "]')
HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.S)
ATX1 = re.compile(r"^# .*$", re.M)


def level1_headings(markdown: str) -> list[bool]:
    """The part's level-1 headings, each as whether pandoc numbers it.

    >>> level1_headings("# Wstęp {.unnumbered}\\n\\ntekst\\n\\n## Dalej\\n\\n# Praca {#sec-praca}\\n\\n# Inne {-}")
    [False, True, False]
    """
    out = []
    for line in ATX1.findall(markdown):
        attrs = re.search(r"\{([^}]*)\}\s*$", line)
        words = attrs.group(1).split() if attrs else []
        out.append(".unnumbered" not in words and "-" not in words)
    return out


def split_page(page: str, counts: list[int]) -> list[str] | None:
    """The page cut into its head, one region per part (``counts``: each part's level-1
    headings) and its tail; None when the page's sections do not match the parts.

    >>> split_page('<main><section id="a" class="level1">A</section><section id="b" class="level1">B</section></main>', [1, 1])
    ['<main>', '<section id="a" class="level1">A</section>', '<section id="b" class="level1">B</section>', '</main>']
    """
    starts = [m.start() for m in LEVEL1.finditer(page)]
    end = page.rfind("</main>")
    if end < 0 or len(starts) != sum(counts) or 0 in counts or (starts and starts[-1] > end):
        return None
    link = page.find('<a class="to-contents"', starts[-1] if starts else 0, end)
    end = link if link >= 0 else end
    bounds, at = [], 0
    for n in counts:
        bounds.append(starts[at])
        at += n
    bounds.append(end)
    return [page[: bounds[0]], *(page[a:b] for a, b in zip(bounds, bounds[1:])), page[end:]]


def headings(fragment: str) -> list[tuple[str, str]]:
    """The headings a fragment of the page holds (what the contents list)."""
    return [(level, re.sub(r"\s+", " ", text).strip()) for level, text in HEADING.findall(fragment)]


@dataclass
class _Chapter:
    file: Path  # where the build would keep it (only a name here: the notebook stays in memory)
    nb: object  # the notebook as run (nbformat's node), None when it failed
    reads: dict[str, tuple[int, int, int] | None]  # each file it read and its version then
    error: str | None = None  # why it did not run to its end


def versions_read(reads: dict[str, str]) -> dict[str, tuple[int, int, int] | None]:
    """Each file a chapter read (``cache.READS``: path and content hash) with its version now;
    a file whose content is no longer what was read gets a version no file has, so that the
    chapter runs again."""
    return {
        path: cache.file_version(path) if cache.file_hash(path) == digest else (-1, -1, -1)
        for path, digest in reads.items()
    }


class LiveReport:
    """The report's page as the files now are, made again in part when they change."""

    def __init__(self, project: Project, year: int, folder: Path):
        self.project, self.year, self.folder = project, year, folder
        folder.mkdir(parents=True, exist_ok=True)
        from .render.embedded import STYLESHEETS

        for name in STYLESHEETS:
            shutil.copy(resources.files("sprawozdanie.render").joinpath("assets", name), folder / name)
        self.chapters: dict[str, _Chapter] = {}
        self.ran: list[str] = []  # the chapters the last look ran again
        self.parts: list[str] = []  # the Markdown of each file of the book
        self.regions: list[str] | None = None  # the page: head, one region per part, tail
        self.page = ""
        self.error: str | None = None
        self._globals: dict[str, tuple[int, int, int] | None] = {}
        self._bad_params: dict | None = None  # the versions of params that did not load

    # -- what changed -------------------------------------------------------------------

    def _global_files(self) -> list[Path]:
        """Files every chapter depends on: a change to them runs every chapter again."""
        return [self.project.params_file(self.year), self.project.root / structure.FILE]

    def _render_files(self) -> list[Path]:
        """Files read when the page is put together (not by a chapter)."""
        tool = self.project.tool
        return [tool / "_quarto.yml", *(self.project.source(c) for c in self.project.chapters())]

    def _stale(self, chapter: _Chapter) -> bool:
        return any(cache.file_version(path) != version for path, version in chapter.reads.items())

    # -- making the page ----------------------------------------------------------------

    def refresh(self) -> bool:
        """Bring the page up to date with the files; True when what the reader sees changed."""
        try:
            changed = self._update()
        except ReportError as exc:
            return self._failed(str(exc))
        except Exception as exc:  # a fault of the program: its trace goes to a log, not the page
            return self._failed(self._bug("", exc))
        if changed is None:  # nothing was saved since the last look: the page (or its error) stands
            return False
        if self.error is not None:
            self.error = None
            return True
        return changed

    def _bug(self, where: str, exc: Exception) -> str:
        """The page's words for a fault of the program; its traceback goes to output/bledy/."""
        from .paths import shown
        from .project import bug_log

        log = bug_log(traceback.format_exc(), self.project.root)
        return (
            f"{where}BŁĄD PROGRAMU (nie błąd w danych): {type(exc).__name__}: {exc}. Pełny opis zapisano "
            f"w {shown(log, self.project.root)}; przekaż ten plik osobie, która utrzymuje program."
        )

    def _failed(self, message: str) -> bool:
        if message == self.error:
            return False
        self.error = message
        return True

    def _update(self) -> bool | None:
        """Run what the saved files call for and put the page together: whether it changed,
        or None when nothing was saved since the last look."""
        from . import own_chapter
        from .build import check_report_texts, passage_text, write_passage
        from .params import load_params
        from .recorded import book_and_passage, ledger_records
        from .render.quarto_md import chapter_parts
        from .rendering import report_metadata, report_variables
        from .reuse import notebook_parameters

        project = self.project
        params_now = {str(f): cache.file_version(f) for f in self._global_files()}
        if params_now == self._bad_params:  # still the params that failed: nothing to try again
            return None
        try:
            p = load_params(project.params_file(self.year), self.year)  # an invalid one is the page's error
        except ReportError:
            self._bad_params = params_now
            raise
        self._bad_params = None
        data_dir = p.data_path(project.root)
        every = [str(f) for f in self._global_files()]
        # what the page is put together from, besides the chapters: also the office texts the
        # build checks, those a chapter does not read among them
        now = {
            str(f): cache.file_version(f)
            for f in [*self._global_files(), *self._render_files(), *sorted((data_dir / "teksty").glob("*.md"))]
        }
        if any(now[f] != self._globals.get(f, "never") for f in every):
            own_chapter.write_notebooks(project.root, project.root / project.OWN)
            self.chapters.clear()  # new params or a new structure: every chapter runs again
        assembled = now != self._globals
        self._globals = now
        notebooks = [c for c in project.chapters() if c.endswith(".ipynb")]
        todo = [c for c in notebooks if c not in self.chapters or self._stale(self.chapters[c])]
        if not todo and not assembled:
            return None
        parameters = notebook_parameters(p, project)
        self.ran = todo
        for c in todo:
            self._run(c, parameters)
        # one input read by several chapters is one error, said once
        errors = list(dict.fromkeys(self.chapters[c].error for c in notebooks if self.chapters[c].error))
        if errors:
            raise ReportError("\n\n".join(errors))
        texts = check_report_texts(project, data_dir, lambda _line: None, templates=False)
        files = {c: self.chapters[c].file for c in notebooks}
        loaded = {self.chapters[c].file: self.chapters[c].nb for c in notebooks}
        records = ledger_records({c: self.chapters[c].nb for c in notebooks})
        named, book, _ = book_and_passage(project, notebooks, records, texts)
        if named:
            files[structure.PASSAGE_FILE] = write_passage(self.folder, passage_text(project, p, named))
        parts = chapter_parts(
            [files.get(c, project.source(c)) for c in book],
            self.folder / "media",
            project.quarto,
            report_variables(p),
            loaded,
        )
        meta = {k: v for k, v in report_metadata(p).items() if k not in ("annex-href", "pdf-href", "print-note")}
        return self._render(parts, meta)

    def _run(self, chapter: str, parameters: dict) -> None:
        """Run one chapter's notebook here; keep what it read, and its error if it failed
        (it runs again when one of those files changes)."""
        from .preview import run_in_process

        cache.READS.clear()
        out = self.folder / "notebooks" / Path(chapter).name
        nb, error = None, None
        try:
            nb = run_in_process(self.project.source(chapter), parameters)
            title = structure.titles(self.project.structure()).get(chapter)
            if title:  # the office's own title (structure.yml), as the build gives it
                structure.retitle_cells(nb.cells, title, chapter)
        except ReportError as exc:
            error = str(exc)
        except Exception as exc:  # a fault of the chapter's code: its trace to a log, not the page
            error = self._bug(f"{Path(chapter).stem}: ", exc)
        self.chapters[chapter] = _Chapter(out, nb, versions_read(cache.READS), error)

    def _pandoc(self, markdown: str, name: str, args: list[str]) -> str:
        from .render import embedded

        source = self.folder / f"{name}.md"
        source.write_text(markdown, encoding="utf-8")
        out = self.folder / f"{name}.html"
        embedded._pandoc(source, "html5", out, args)
        return out.read_text(encoding="utf-8")

    def _render(self, parts: list[str], meta: dict) -> bool:
        from .render import embedded

        if parts == self.parts and self.regions is not None:
            return False
        quarto = self.project.quarto
        common = embedded.common_args(quarto, meta)
        fmt_cfg = quarto.get("format", {})
        changed = [i for i, (a, b) in enumerate(zip(parts, self.parts)) if a != b]
        same_shape = (
            self.regions is not None
            and len(parts) == len(self.parts)
            and all(level1_headings(parts[i]) == level1_headings(self.parts[i]) for i in changed)
        )
        if same_shape:

            def fragment(i: int) -> str:
                offset = sum(sum(level1_headings(part)) for part in parts[:i])
                return self._pandoc(
                    parts[i],
                    f"czesc-{i}",
                    embedded.html_args(fmt_cfg, [*common, f"--number-offset={offset}"], page=False),
                )

            with ThreadPoolExecutor(max_workers=2) as pool:
                new = dict(zip(changed, pool.map(fragment, changed)))
            if all(headings(new[i]) == headings(self.regions[i + 1]) for i in changed):
                for i in changed:
                    self.regions[i + 1] = new[i].rstrip("\n") + "\n"
                self.parts = parts
                self.page = "".join(self.regions)
                return True
        page = self._pandoc("\n\n".join(parts), "report", embedded.html_args(fmt_cfg, common, served=True))
        self.parts = parts
        self.page = page
        self.regions = split_page(page, [len(level1_headings(part)) for part in parts])
        return True


# -- what the browser gets ---------------------------------------------------------------

NOTE = (
    '<p class="podglad-uwaga" role="note">Podgląd na żywo: strona odświeża się po zapisaniu szablonu, '
    "tekstu ośrodka, parametrów albo pliku z danymi. Wersję do złożenia (PDF, DOCX, kontrolę obliczeń "
    "i aneks) tworzy polecenie <code>sprawozdanie build</code>.</p>"
)
STYLE = (
    "<style>.podglad-uwaga{margin:0;padding:.4rem 1rem;background:#eef3f7;border-bottom:1px solid #8aa;"
    "font-size:.9rem}.podglad-uwaga code{white-space:nowrap;word-break:normal}.podglad-blad{margin:0;padding:1rem;background:#fdecea;border:3px solid #b3261e;"
    "color:#000}.podglad-blad pre{white-space:pre-wrap;font-size:1rem}</style>"
)
# Asks the server for a version newer than the page's, then reloads where the reader was.
SCRIPT = (
    "<script>(async function(){{const v={version};const y=sessionStorage.getItem('podglad-y');"
    "if(y!==null){{sessionStorage.removeItem('podglad-y');window.scrollTo(0,Number(y));}}"
    "for(;;){{try{{const r=await fetch('/__wersja?v='+v,{{cache:'no-store'}});const n=Number(await r.text());"
    "if(n!==v){{sessionStorage.setItem('podglad-y',String(window.scrollY));location.reload();return;}}}}"
    "catch(e){{await new Promise(function(ok){{setTimeout(ok,1000);}});}}}}}})();</script>"
)


def error_block(message: str) -> str:
    return (
        '<div class="podglad-blad" role="alert"><p><strong>Podgląd nie pokazuje ostatnich zmian: '
        "błąd.</strong></p><pre>" + html.escape(message) + "</pre><p>Popraw plik i zapisz go: strona "
        "odświeży się sama. Poniżej tekst sprzed błędu.</p></div>"
    )


def page_for_browser(page: str, version: int, error: str | None) -> str:
    """The page with the preview's note, the error if any, and the script that reloads it."""
    if not page:
        page = '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Podgląd</title></head><body></body></html>'
    top = NOTE + (error_block(error) if error else "")
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + top, page, count=1)
    page = page.replace("</head>", STYLE + "</head>", 1)
    at = page.rfind("</body>")
    return page[:at] + SCRIPT.format(version=version) + page[at:]


# -- the server --------------------------------------------------------------------------


class _State:
    """The page as served, its version, and a condition the waiting browsers sleep on."""

    def __init__(self, report: LiveReport):
        import threading

        self.report = report
        self.version = 0
        self.changed = threading.Condition()
        self.html = b""
        self.publish()

    def publish(self) -> None:
        with self.changed:
            self.version += 1
            self.html = page_for_browser(self.report.page, self.version, self.report.error).encode("utf-8")
            self.changed.notify_all()

    def wait_newer(self, seen: int, seconds: float = 20.0) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=seconds)
            return self.version


def _handler(state: _State, folder: Path):
    import mimetypes
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs, unquote, urlsplit

    from .render.embedded import STYLESHEETS

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                return self._send(200, state.html, "text/html; charset=utf-8")
            if url.path == "/__wersja":
                seen = int((parse_qs(url.query).get("v") or ["0"])[0] or 0)
                return self._send(200, str(state.wait_newer(seen)).encode(), "text/plain")
            # the page's style sheets and charts, from the preview's own folder and nowhere else
            wanted = (folder / unquote(url.path).lstrip("/")).resolve()
            sheets = {(folder / name).resolve() for name in STYLESHEETS}
            allowed = wanted in sheets or wanted.parent == (folder / "media").resolve()
            if allowed and wanted.is_file():
                kind = mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
                return self._send(200, wanted.read_bytes(), kind)
            return self._send(404, "Nie ma takiej strony w podglądzie.".encode(), "text/plain; charset=utf-8")

        def log_message(self, *args) -> None:  # the terminal shows the preview's own lines only
            pass

    return Handler


def _server_class(root: Path):
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        daemon_threads = True  # a page's open question does not keep the preview from ending

        def handle_error(self, request, client_address) -> None:
            """A page closed or reloaded while it waited is nothing to report; any other fault
            goes to output/bledy/, never as a traceback into the analyst's terminal."""
            import sys

            from .project import bug_log

            if not isinstance(sys.exc_info()[1], ConnectionError):
                bug_log(traceback.format_exc(), root)

    return Server


def serve(
    project: Project,
    year: int,
    port: int = 4848,
    open_browser: bool = True,
    say=print,
    poll: float = 0.1,
    ready=None,
) -> None:
    """Serve the live preview until Ctrl+C (or ``ready``'s caller stops it: tests).

    ``ready(url, stop)`` is called once the page is served; ``stop()`` ends the loop."""
    import tempfile
    import threading
    import time

    output = project.root / "output"
    output.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".podglad-{year}-", dir=output))
    stopping = threading.Event()
    try:
        say("podgląd: przygotowuję rozdziały (pierwszy raz trwa kilkanaście sekund)…")
        started = time.perf_counter()
        report = LiveReport(project, year, folder)
        report.refresh()
        state = _State(report)
        try:
            server = _server_class(project.root)(("127.0.0.1", port), _handler(state, folder))
        except OSError as exc:
            raise ReportError(
                f"nie można otworzyć podglądu na porcie {port} ({exc.strerror}); podaj inny port, np. --port {port + 1}"
            ) from None
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        say(f"podgląd gotowy w {time.perf_counter() - started:.1f} s: {url}")
        if report.error:
            say(f"  błąd: {report.error}")
        say("  strona odświeża się po zapisaniu pliku; Ctrl+C kończy podgląd")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        if ready is not None:
            ready(url, stopping.set)
        try:
            while not stopping.wait(poll):
                t0 = time.perf_counter()
                if report.refresh():
                    state.publish()
                    ran = ", ".join(Path(c).stem for c in report.ran)
                    what = f"błąd: {report.error}" if report.error else f"odświeżono {ran}".strip()
                    say(f"  {time.strftime('%H:%M:%S')} {what} ({time.perf_counter() - t0:.1f} s)")
        finally:
            server.shutdown()
            server.server_close()
    except KeyboardInterrupt:
        say("podgląd zakończony")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def serving(project: Project, year: int, seconds: float = 180, **options):
    """The preview served from a thread while the ``with`` block runs (tests, benchmarks):
    yields its address; ``options`` as ``serve``'s (no browser is opened)."""
    import threading

    started, box = threading.Event(), {}

    def ready(url, stop):
        box.update(url=url, stop=stop)
        started.set()

    options = {"port": 0, "say": lambda line: None, **options, "open_browser": False, "ready": ready}
    thread = threading.Thread(target=serve, args=(project, year), kwargs=options, daemon=True)
    thread.start()
    if not started.wait(seconds):
        raise RuntimeError(f"the preview did not start within {seconds:.0f} s")
    try:
        yield box["url"]
    finally:
        box["stop"]()
        thread.join(10)
