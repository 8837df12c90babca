"""``sprawozdanie build <year>``: validate, execute the notebooks, render; all or nothing.

Everything is written into a staging folder beside ``output/<year>/`` and moved into
place only when every step has succeeded, so a failed or interrupted build leaves the
previous output as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from . import cache, privacy, stamp, structure
from .errors import ProgramError, ReportError, os_error_pl
from .params import Params
from .paths import shown, write_whole
from .project import Project, installed_tool  # noqa: F401  (the build's callers name them here too)
from .recorded import record_and_check, write_chapter_ledgers
from .rendering import (
    ANNEX_DIR,
    APPENDIX_FILE,
    annex_metadata,
    render_annex,
    render_report,
    report_metadata,
    report_variables,
)
from .reuse import (
    STATE_FILE,
    Say,
    output_hashes,
    plan,
    previous_annex,
    render_key,
    restamp,
)
from .sources import data_folders, report_inputs, write_provenance

FILED_DIR = "wersja-zlozona"  # beside a correction: the report as filed with the council

# Heavy modules (pandas, pandera, papermill, the renderers) are imported inside the
# functions that need them, so that a rebuild with nothing to do takes well under a second.


def build(
    year: int,
    project: Project | None = None,
    say: Say = print,
    formats: tuple[str, ...] = ("html", "pdf", "docx"),
    workers: int | None = None,
    fresh: bool = False,
    renderer: str = "embedded",
) -> dict[str, Path]:
    """Build the report of ``year``; return the paths written.

    Notebooks whose source, parameters, package code and input files are unchanged are
    taken from the cache (``output/.cache/<year>/``); the others run in parallel on warm
    kernels. When nothing that rendering reads has changed, the output is left as it is.
    ``fresh`` ignores the cache (every notebook runs, the report is rendered again).
    ``renderer``: ``embedded`` (pandoc + Typst from wheels) or ``quarto`` (a Quarto on PATH).
    """
    from . import publish

    if renderer == "quarto":
        from .render import quarto as quarto_renderer

        if not quarto_renderer.available():
            raise ReportError(
                "nie znaleziono programu quarto w PATH: zainstaluj Quarto 1.10 (1.10.4 lub nowsze) "
                "(np. conda env create -f environment.yml) albo buduj bez --renderer quarto"
            )
        problem = quarto_renderer.version_problem(quarto_renderer.version())
        if problem and problem[0] == "error":
            raise ReportError(problem[1])
        if problem:
            say(f"uwaga: {problem[1]}")
    project = project or Project.find()
    target = project.output_dir(year)
    with publish.year_lock(target.parent, year):
        for folder in publish.recover(target.parent, year):
            say(f"usunięto pozostałość przerwanej budowy: {shown(folder, project.root)}")
        return _build(year, project, say, formats, workers, fresh, renderer)


def _also(say: Say, lines: list[str]) -> Say:
    def both(text: str) -> None:
        lines.append(text)
        say(text)

    return both


def _build(
    year: int,
    project: Project,
    say: Say,
    formats: tuple[str, ...],
    workers: int | None,
    fresh: bool,
    renderer: str = "embedded",
) -> dict[str, Path]:
    from . import execute, publish

    started = time.perf_counter()
    target = project.output_dir(year)
    stamp_file = project.cache_dir(year) / stamp.FILE
    stamp_key = stamp.key(year, formats, renderer, project.root)
    said: list[str] = []
    with stamp.Witness(project.root, project.cache_dir(year).parent, target.parent) as seen:
        found = plan(year, project, formats, fresh, renderer, _also(say, said))
    if found.up_to_date:
        stamp.write(stamp_file, seen, stamp_key, said)
        say(stamp.unchanged_message(target, project.root, time.perf_counter() - started))
        return _written(project, target)
    stamp.remove(stamp_file)  # (it would not pass anyway: something changed, or --fresh)
    p, notebooks, parameters, store, keys, cached = (
        found.p,
        found.notebooks,
        found.parameters,
        found.store,
        found.keys,
        found.cached,
    )
    data_dir = p.data_path(project.root)
    from . import own_chapter

    steps = 4 + len(formats)  # (the last: the auditors' annex)
    step = 0

    def progress(text: str) -> None:
        nonlocal step
        step += 1
        say(f"[{step}/{steps}] {text}")

    # The kernels of the notebooks to run start now, while the inputs are validated.
    pending = [c for c in notebooks if not cached[c]]
    n_workers = workers or min(os.cpu_count() or 1, 4)
    warm = (
        execute.Warm(
            project.source(pending[0]).parent,
            min(n_workers, len(pending)),
            execute.warm_up_for([project.source(c) for c in pending]),
        )
        if pending
        else None
    )

    # 2. Inputs: nothing is written before they pass.
    from .load import load_inputs

    t0 = time.perf_counter()
    try:
        frames = load_inputs(data_dir, year)
        texts = check_report_texts(project, data_dir, say, templates=False)
        from . import checks, disagreements

        checks.rules(data_dir)  # the year's own rules and recorded disagreements parse, before any notebook runs
        disagreements.load(data_dir)
        own_chapter.check_tables(project.root, data_dir)  # the own chapters' tables, like every input
        from .present.fmt import count

        progress(
            f"walidacja danych: {count(len(frames), 'plik', 'pliki', 'plików')} i "
            f"{count(len(texts), 'tekst ośrodka', 'teksty ośrodka', 'tekstów ośrodka')} "
            f"w {shown(data_dir, project.root)} ({time.perf_counter() - t0:.1f} s)"
        )

        out_root = target.parent
        out_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=publish.staging_prefix(year), dir=out_root))
        staging.chmod(0o755)  # mkdtemp makes it private; the report is for reading
    except BaseException:  # (from here on, the finally below stops them)
        if warm is not None:
            warm.close()
        raise
    try:
        # 3. Notebooks: cached ones copied, the others executed in parallel.
        (staging / "notebooks").mkdir()
        executed = {c: staging / "notebooks" / Path(c).name for c in notebooks}
        jobs = []
        for c in notebooks:
            if c == found.later:
                continue
            if cached[c]:
                cache.refresh_markdown(cached[c], project.source(c), executed[c])
            else:
                jobs.append(execute.Job(c, project.source(c), executed[c], parameters[c]))

        def summary_job() -> list:
            """Once every chapter has run: their recorded values for the summary, which is
            taken from the cache when they are the values it was made from."""
            if found.later is None:
                return []
            try:
                write_chapter_ledgers({c: executed[c] for c in notebooks if c != found.later}, found.values_file)
            except OSError as exc:  # the cache cannot be written: the summary computes the chapters itself
                say(
                    f"      uwaga: nie można zapisać pamięci podręcznej ({os_error_pl(exc)}); podsumowanie liczy rozdziały samo"
                )
                alone = {**parameters[found.later], "values_file": ""}
                return [execute.Job(found.later, project.source(found.later), executed[found.later], alone)]
            hit = None if fresh else store.lookup(Path(found.later).name, keys[found.later])
            if hit:
                cache.refresh_markdown(hit, project.source(found.later), executed[found.later])
                return []
            return [
                execute.Job(found.later, project.source(found.later), executed[found.later], parameters[found.later])
            ]

        t0 = time.perf_counter()

        cache_failed: list[OSError] = []

        def done(job, result):
            say(f"      notatnik {job.name} ({result.seconds:.1f} s)")
            try:
                store.store(Path(job.name).name, keys[job.name], job.dst, result.reads)
            except OSError as exc:  # a read-only or full cache slows the next build, no more
                if not cache_failed:
                    say(
                        f"      uwaga: nie można zapisać pamięci podręcznej ({os_error_pl(exc)}); "
                        "następna budowa wykona notatniki od nowa"
                    )
                cache_failed.append(exc)

        limits = execute.Limits(p.limits.notebook_seconds, p.limits.build_seconds)
        ran = execute.run_all(jobs, n_workers, done, limits, warm, summary_job)
        for chapter, title in structure.titles(project.structure()).items():
            structure.retitle(executed[chapter], title)  # the office's own title (structure.yml)
        progress(
            f"notatniki: wykonane {len(ran)}, z pamięci podręcznej {len(notebooks) - len(ran)} "
            f"({time.perf_counter() - t0:.1f} s, wątki: {min(n_workers, max(len(ran), 1))})"
        )

        # 4. Values ledger, consistency checks and recorded disagreements: errors stop here.
        found_checks = record_and_check(project, year, data_dir, executed, notebooks, texts, staging)
        records, results, known = found_checks.records, found_checks.results, found_checks.known
        book, omitted, tables = found_checks.book, found_checks.named, found_checks.tables
        n_warn = sum(r.verdict == "warning" for r in results)
        progress(
            f"kontrola obliczeń: {count(len(records), 'liczba', 'liczby', 'liczb')}, "
            f"{count(len(results), 'reguła', 'reguły', 'reguł')}, ostrzeżeń: {n_warn}"
        )

        # The version this report is: its content compared with the latest recorded version
        # (versions/<year>/); recorded once the report is in place.
        made = council(project, p, executed, book, records, results, known, found_checks.unnamed)
        parts = {"kontrola_obliczen": made.text}
        passage = passage_text(project, p, omitted) if omitted else ""  # made once: versions and render
        if passage:
            parts["zadania_niezrealizowane"] = passage
        t0 = time.perf_counter()
        versioned = _versions(project, p, executed, book, records, tables, frames, parts)
        say(f"      {versioned.said()} ({time.perf_counter() - t0:.1f} s)")

        # 5. Provenance and the appendix that reports all of it; then render.
        say(
            "      silnik renderowania: "
            + ("Quarto (--renderer quarto)" if renderer == "quarto" else "wbudowany: pandoc + Typst")
        )
        small, annex_key = _render(
            project,
            p,
            staging,
            executed,
            records,
            results,
            known,
            texts,
            formats,
            progress,
            renderer,
            tables,
            book,
            passage,
            fresh,
            versioned=versioned,
            made=made,
        )
        _filed_beside(versioned, staging, project, say)
        # The key as the next build's shortcut will compute it: from the cached notebooks with
        # the sources' Markdown (an office's chapter titles are covered by structure.yml's hash).
        stored = {c: store.lookup(Path(c).name, keys[c]) for c in notebooks}
        key = (
            render_key(project, p, stored, formats, True, renderer, versioned.index_digest)
            if all(stored.values())
            else render_key(project, p, executed, formats, renderer=renderer, versions=versioned.index_digest)
        )
        _cleanup_intermediates(staging)
        state = {"render_key": key, "annex_key": annex_key, "formats": formats, "files": output_hashes(staging)}
        (staging / STATE_FILE).write_text(json.dumps(state, indent=1), encoding="utf-8")
        publish.swap_into_place(staging, target)
        try:
            versioned.record(project.root, target)
        except ReportError as exc:  # the report is in place; the next build records what is missing
            say(f"uwaga: {exc}")
    except ProgramError as exc:
        if exc.notebook is not None and Path(exc.notebook).is_file():
            # A chapter's code failed: keep its executed notebook (cells run, the error and
            # its traceback) where the message points, beside the report it did not replace.
            failed = out_root / f"{year}.failed"
            shutil.rmtree(failed, ignore_errors=True)
            failed.mkdir()
            kept = Path(shutil.copy(exc.notebook, failed))
            exc.args = (f"{exc.args[0]}\n  wykonany notatnik z opisem błędu: {shown(kept, project.root)}",)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if warm is not None:
            warm.close()  # the kernels no worker took

    written = _written(project, target)
    say(f"Gotowe w {time.perf_counter() - started:.1f} s:")
    for kind, path in written.items():
        say(f"  {kind:9} {shown(path, project.root)}")
    review = _write_review(out_root / privacy.review_file_name(year), small, year)
    say(
        f"Przed złożeniem sprawozdania przeczytaj {shown(review, project.root)} (tylko dla ośrodka, nie publikować): "
        + (
            f"{count(len(small), 'miejsce', 'miejsca', 'miejsc')}, w których liczba 1 lub 2 osób stoi obok szczegółu."
            if small
            else "żadna liczba 1 lub 2 osób nie stoi obok szczegółu."
        )
    )
    try:
        restamp(year, project, formats, renderer)
    except Exception:  # noqa: BLE001 - the report is in place; without a stamp the next build checks in full
        stamp.remove(project.cache_dir(year) / stamp.FILE)
    return {**written, "review": review}


def _write_review(path: Path, small: list[dict[str, str]], year: int) -> Path:
    """The office's review file of small counts, written whole or not at all."""
    write_whole(path, privacy.review_text(small, year))
    return path


def check_report_texts(project: Project, data_dir: Path, say: Say = print, templates: bool = True) -> list:
    """The lexicon, the office's texts and (``templates``) the chapter templates, checked
    before any notebook runs; a warning for each office text still marked for review."""
    from .present.office import REVIEW_MARKER
    from .present.text import check_texts

    texts = check_texts(project.tool, data_dir, templates)
    structure.check_text_names(project.tool, [t.path.stem for t in texts], shown(data_dir / "teksty", project.root))
    for t in texts:
        if t.for_review:
            say(
                f"      uwaga: tekst {shown(t.path, project.root)} ma jeszcze znacznik "
                f"{REVIEW_MARKER} – przeczytaj go, popraw i usuń ten wiersz"
            )
    return texts


def provision_order(basis: str) -> tuple:
    """A provision's place in the act, its numbers and letters in turn; none sorts last.

    >>> sorted(["art. 176 pkt 3 lit. c", "", "art. 10 ust. 3 pkt 5", "art. 176 pkt 3 lit. b", "art. 10 ust. 3 pkt 3"],
    ...        key=provision_order)
    ['art. 10 ust. 3 pkt 3', 'art. 10 ust. 3 pkt 5', 'art. 176 pkt 3 lit. b', 'art. 176 pkt 3 lit. c', '']
    """
    parts = re.findall(r"(\d+)([a-z]*)|lit\. ([a-z])", basis)
    if not parts:
        return (1,)
    return (0, *((int(n), suffix) if n else (0, letter) for n, suffix, letter in parts))


def passage_text(project: Project, p: Params, omitted: list) -> str:
    """The passage naming the tasks not carried out (``omitted``)."""
    from .render.appendix import passage_markdown

    chapter_titles = structure.chapter_titles(project.tool, project.structure())
    heading = next(
        (e.title for e in project.structure() or () if e.chapter.id == structure.NOT_CARRIED_OUT and e.title),
        "Pozostałe zadania",
    )
    own = structure.titles(project.structure())  # the office's titles stand as it wrote them
    tasks = [
        {
            "id": c.id,
            "title": own.get(c.notebook) or c.omitted_pl or chapter_titles.get(c.notebook) or c.title_pl,
            "basis": c.basis_pl,
            "act_task": c.act_task,
            "form": c.form_of_work,
            "absent": c.absent_pl.format(
                institution_genitive=p.institution.genitive, institution_locative=p.institution.locative
            ),
        }
        for c in omitted
    ]
    tasks.sort(key=lambda t: provision_order(t["basis"]))  # stable: tasks without one keep report order
    return passage_markdown(project.params_file(p.year), p.year, p.data_path(project.root), tasks, heading)


def write_passage(folder: Path, text: str) -> Path:
    """The passage naming the tasks not carried out (``passage_text``), written into ``folder``."""
    passage = folder / structure.PASSAGE_FILE
    passage.write_text(text, encoding="utf-8")
    return passage


class Council(NamedTuple):
    """The council's "Kontrola obliczeń" (without the corrections after filing) and what it
    was made from, which the rendering uses too."""

    text: str
    chapters_markdown: dict[str, str]  # what each chapter printed
    printed: set[str]  # the numbers the chapters print (the council's count)
    warnings: list[dict]  # in the text, and marked at the numbers
    made_up: list  # inputs that are reconstructions, not the office's records


def council(
    project: Project, p: Params, executed: dict, book: list[str], records, results, known, unnamed=()
) -> Council:
    """``unnamed``: the chapters without numbers that no passage names (the draft asks the
    office to confirm them)."""
    from . import reconstructed
    from .render.appendix import council_markdown, warning_items

    data_dir, prior_dir = data_folders(p, project)
    made_up = reconstructed.load(data_dir) + reconstructed.load(prior_dir)
    chapters_markdown = privacy.notebook_markdown({c: executed[c] for c in book if c in executed})
    # each chapter's printed ids (which chapters rest on reconstructed inputs), and all of them
    printed_by = {title: privacy.printed_ids({title: md}) for title, md in chapters_markdown.items()}
    printed = set().union(*printed_by.values())
    warnings = warning_items(results, known, [r["id"] for r in records])
    titles = structure.chapter_titles(project.tool, project.structure())
    text = council_markdown(
        project.params_file(p.year),
        p.year,
        data_dir,
        results,
        records,
        known,
        printed,
        made_up,
        warnings,
        printed_by=printed_by,
        unnamed=[titles.get(c.notebook) or c.title_pl for c in unnamed],
    )
    return Council(text, chapters_markdown, printed, warnings, made_up)


def _versions(
    project: Project,
    p: Params,
    executed: dict,
    book: list[str],
    records: list,
    tables: dict,
    frames: dict,
    parts: dict[str, str],
):
    """The versions step (``versions.flow``): every input row's hash, the year's and the prior
    year's (as the ledger names the prior year's files), and the report's content; ``parts``:
    the report's parts the build writes itself (Kontrola obliczeń, the passage on tasks not
    carried out), Markdown by id."""
    from .load import load_inputs
    from .rendering import report_variables
    from .schema import registry
    from .versions import flow, snapshot

    data_dir, prior_dir = data_folders(p, project)
    inputs = snapshot.row_hashes(frames) | snapshot.file_hashes(data_dir)
    if prior_dir is not None and p.prior_year:
        present = [n for n, t in registry().tables.items() if (prior_dir / t.file).is_file()]
        try:
            prior = load_inputs(prior_dir, p.prior_year, present) if present else {}
        except ReportError:  # (the chapters read the prior year's files they need and say what is wrong)
            prior = {}
        suffix = f" (dane za {p.prior_year})"
        inputs |= snapshot.row_hashes(prior, suffix) | snapshot.file_hashes(prior_dir, suffix)
    chapters = {Path(c).stem: executed[c] for c in book if c in executed}
    front = {"strona_tytulowa": _title_page(p)}
    intro = next((project.tool / c for c in book if c.endswith(".qmd") and (project.tool / c).is_file()), None)
    if intro is not None:  # the introduction (index.qmd), its {{< var … >}} filled in as printed
        front["wstep"] = re.sub(r"\A---\n.*?\n---\n", "", intro.read_text(encoding="utf-8"), flags=re.DOTALL)
    return flow.prepare(
        project.root, p.year, p.report.final, chapters, records, tables, inputs, report_variables(p), parts, front
    )


def _title_page(p: Params) -> str:
    """The title page's lines as a part of the report's text (the version's mark left out)."""
    from .present.escape import md_escape

    shown_keys = ("municipality", "title", "subtitle", "author", "date")
    lines = [str(md_escape(v)) for k, v in report_metadata(p).items() if k in shown_keys and v]
    return "# Strona tytułowa {#title-block-header}\n\n" + "\n\n".join(lines) + "\n"


def _render(
    project,
    p,
    staging,
    executed,
    records,
    results,
    known,
    texts,
    formats,
    progress,
    renderer_name: str = "embedded",
    tables: dict[str, str] | None = None,
    book: list[str] | None = None,
    passage: str = "",
    fresh: bool = False,
    *,
    versioned,
    made: Council,
) -> tuple[list[dict[str, str]], str]:
    """``tables``: the report's table numbers by label (as the rules were checked with);
    ``book``: the report's files in order, without the chapters left out and with the
    ``passage`` that names them (its Markdown; empty when none is left out). Returns the
    small counts of people for the office to review (``privacy.small_counts``), which no
    published document holds, and the annex's key."""
    book = book if book is not None else project.chapters()
    from .render import embedded
    from .render import quarto as quarto_renderer
    from .render.appendix import annex_markdown

    quarto_bin = renderer_name == "quarto"  # chosen by --renderer, never by what is on PATH
    renderer = (
        {"quarto": quarto_renderer.version()}
        if quarto_bin
        else {f"{k} (osadzony)": v for k, v in embedded.versions().items()}
    )
    data_dir, prior_dir = data_folders(p, project)
    chapters_markdown, printed, warnings, made_up = made.chapters_markdown, made.printed, made.warnings, made.made_up
    prov = write_provenance(project, p, report_inputs(project, data_dir, prior_dir, texts), texts, renderer, staging)
    params_file = project.params_file(p.year)
    appendix = staging / APPENDIX_FILE  # the council's short "Kontrola obliczeń", the report's last part
    from .versions import words as version_words

    corrections = versioned.corrections
    appendix.write_text(
        made.text + ("\n" + version_words.corrections_markdown(corrections, versioned.titles) if corrections else ""),
        encoding="utf-8",
    )
    annex = staging / ANNEX_DIR / f"{ANNEX_DIR}.qmd"  # the auditors' annex, a document of its own
    annex.parent.mkdir()
    small = privacy.small_counts(chapters_markdown, records, tables)  # for the office to review before filing
    chapter_titles = structure.chapter_titles(project.tool, project.structure())

    left_out = frozenset(c for c in chapter_titles if c not in book)  # every number 0: no chapter printed

    def annex_text(provenance: dict) -> str:
        return annex_markdown(
            params_file,
            p.year,
            data_dir,
            results,
            records,
            provenance,
            known,
            printed,
            made_up,
            chapter_titles,
            left_out,
        ) + ("\n" + version_words.corrections_annex(corrections) if corrections else "")

    annex.write_text(annex_text(prov), encoding="utf-8")

    variables = report_variables(p)
    meta = report_metadata(p) | versioned.meta()
    # The annex made by the last build is kept when nothing it shows or is made with has
    # changed but the time of the build (a reworded sentence of a chapter changes no number).
    annex_key = cache.text_hash(
        annex_text({**prov, "built_at": ""}),
        json.dumps([project.quarto, variables, annex_metadata(meta), sorted(formats)], sort_keys=True, default=str),
        cache.assets_hash(),
        cache.package_hash(),
    )
    kept_annex = [] if fresh else previous_annex(project.output_dir(p.year), annex_key)
    files = dict(executed)
    if passage:
        files[structure.PASSAGE_FILE] = write_passage(staging, passage)
    # The auditors' annex is a document of its own: rendered beside the report, not after it.
    from concurrent.futures import ThreadPoolExecutor

    annex_pool = ThreadPoolExecutor(max_workers=1)

    def annex_render() -> float:
        started = time.perf_counter()
        if kept_annex:
            annex.unlink()
            for name in kept_annex:
                shutil.copy2(project.output_dir(p.year) / name, staging / name)
        else:
            render_annex(annex, project.quarto, variables, meta, formats)
        return time.perf_counter() - started

    annex_job = annex_pool.submit(annex_render)
    try:
        render_report(
            project,
            staging,
            files,
            book,
            appendix,
            variables,
            meta,
            formats,
            warnings,
            quarto_bin,
            progress,
            project.cache_dir(p.year) / "png",
        )
        annex_seconds = annex_job.result()
        site = None
        if quarto_bin:  # Quarto's site: a page per book file, "Kontrola obliczeń" the appendix's
            site = {Path(c).stem: Path(c).with_suffix(".html").as_posix() for c in book}
            site |= {"strona_tytulowa": "index.html", "wstep": "index.html"}
            site["kontrola_obliczen"] = Path(APPENDIX_FILE).with_suffix(".html").name
            site["zadania_niezrealizowane"] = Path(structure.PASSAGE_FILE).with_suffix(".html").name
        versioned.write_pages(staging, f"{meta['title']} – {p.municipality.name}", site)
        if quarto_bin and (staging / ANNEX_DIR).is_dir() and (staging / "html").is_dir():
            # Quarto's site is the folder to publish: the annex it links to ("aneks/aneks.html") inside it
            shutil.copytree(staging / ANNEX_DIR, staging / "html" / ANNEX_DIR)
    finally:
        annex_pool.shutdown(wait=True)  # a failed report render still waits for the annex's processes
    progress(
        f"aneks: {ANNEX_DIR}/ "
        + ("(bez zmian od poprzedniej budowy)" if kept_annex else f"({annex_seconds:.1f} s, obok sprawozdania)")
    )
    return small, annex_key


def _filed_beside(versioned, staging: Path, project: Project, say: Say) -> None:
    """A correction's report has the version filed with the council beside it, bit for bit."""
    from .versions import store

    filed = store.filed(versioned.all)
    if versioned.shown.status != store.CORRECTION or filed is None:
        return
    kept = versioned.where / filed.files_folder
    if kept.is_dir():
        shutil.copytree(kept, staging / FILED_DIR)
    else:
        say(
            f"uwaga: brak plików wersji złożonej (nr {filed.number}) w {shown(kept, project.root)}; "
            "korekta nie ma jej obok siebie"
        )


def _written(project: Project, target: Path) -> dict[str, Path]:
    written = {
        "html": target / "report.html" if (target / "report.html").exists() else target / "html" / "index.html",
        "pdf": target / "report.pdf",
        "docx": target / "report.docx",
        "notebooks": target / "notebooks",
        "values": target / "values.csv",
        "checks": target / "checks.csv",
        "provenance": target / "provenance.json",
        "annex": target / ANNEX_DIR / f"{ANNEX_DIR}.html",
        "annex_pdf": target / ANNEX_DIR / f"{ANNEX_DIR}.pdf",
    }
    return {k: v for k, v in written.items() if v.exists()}


def _cleanup_intermediates(staging: Path) -> None:
    """Drop the render's scratch files; keep the report, its images and the notebooks."""
    for name in ("typst-header.typ", "quarto-project", APPENDIX_FILE, structure.PASSAGE_FILE):  # noqa: B007
        path = staging / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the console command: sprawozdanie build <year>")
