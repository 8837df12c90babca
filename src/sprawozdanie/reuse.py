"""What a build may reuse: each notebook's cached result, the annex, the whole output;
and the stamp that lets the next build with nothing to do answer at once (``stamp.py``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import cache, stamp, structure
from .params import Params, load_params
from .project import Project
from .rendering import ANNEX_DIR
from .sources import data_folders

STATE_FILE = ".build-state.json"
CHAPTER_VALUES = "chapter_values.json"  # in the year's cache: what the chapters recorded, for the summary

Say = Callable[[str], None]


def output_hashes(folder: Path) -> dict[str, str]:
    """The hash of every file of a finished output folder (but the state file itself)."""
    return {
        f.relative_to(folder).as_posix(): cache.file_hash(f)
        for f in sorted(folder.rglob("*"))
        if f.is_file() and f.name != STATE_FILE
    }


def output_intact(target: Path, state: dict) -> bool:
    """Whether every file the last build wrote is still there with the bytes it wrote."""
    files = state.get("files")
    return bool(files) and all(cache.file_hash(target / name) == digest for name, digest in files.items())


def notebook_parameters(p: Params, project: Project, relative_to: Path | None = None) -> dict:
    """The parameters injected into every notebook (absolute paths, or relative to a folder);
    ``prior_data_dir`` is empty when there is no prior year to compare with."""

    def where(path: Path | None) -> str:
        if path is None:
            return ""
        return os.path.relpath(path, relative_to) if relative_to else str(path)

    data_dir, prior = data_folders(p, project)
    return {
        "year": p.year,
        "data_dir": where(data_dir),
        "prior_data_dir": where(prior),
        "params_file": where(project.params_file(p.year)),
    }


def render_key(
    project: Project,
    p: Params,
    executed: dict[str, Path],
    formats: tuple[str, ...],
    fresh_markdown: bool = False,
    renderer: str = "embedded",
    versions: str | None = None,
) -> str:
    """Everything rendering reads: if it is unchanged, so is the report.

    With ``fresh_markdown`` the notebooks are cached ones whose Markdown cells may be older
    than the sources', so the sources' Markdown is counted too. ``versions``: the digest of
    the record of versions the report was made with (by default, the one in the workspace):
    a version recorded or removed since changes the draft's mark.
    """
    from . import vcs
    from .versions import store

    parts = [
        json.dumps(formats),
        renderer,
        cache.package_hash(),
        cache.assets_hash(),
        cache.file_hash(project.tool / "_quarto.yml"),
        cache.file_hash(project.root / structure.FILE),
        cache.file_hash(project.params_file(p.year)),
        json.dumps(vcs.git_state(project.root)),
        versions if versions is not None else store.recorded_digest(store.folder(project.root, p.year)),
    ]
    for chapter in project.chapters():
        parts.append(
            cache.notebook_content_hash(executed[chapter], project.source(chapter) if fresh_markdown else None)
            if chapter in executed
            else cache.file_hash(project.source(chapter))
        )
    from .present.template_files import template_names

    # the templates the build fills at render time (Kontrola obliczeń, the annex, the passage
    # on tasks not carried out) are read by no notebook: they count here
    parts += [cache.file_hash(f) for f in template_names(project.tool)]
    data_dir = p.data_path(project.root)
    parts += [cache.file_hash(f) for f in sorted(data_dir.iterdir()) if f.is_file()]
    from .present.office import FOLDER

    # the office's texts: the notebooks read theirs, but the passage on tasks not carried out
    # reads its reasons at render time
    texts = data_dir / FOLDER
    parts += [cache.file_hash(f) for f in sorted(texts.iterdir()) if f.is_file()] if texts.is_dir() else []
    return cache.text_hash(*parts)


@dataclass(frozen=True)
class Plan:
    """What a build can reuse: each notebook's cached result, and whether the whole output is."""

    p: Params
    notebooks: list[str]
    parameters: dict[str, dict]  # by notebook
    store: cache.NotebookCache
    keys: dict[str, str]
    cached: dict[str, Path | None]
    up_to_date: bool
    later: str | None  # the summary: run once the chapters have recorded their values
    values_file: Path  # where the build writes them for it


def reusable(year: int, project: Project, fresh: bool = False, say: Say = print, write: bool = True) -> Plan:
    """Step 1 of a build, and what ``check`` asks: the year's params and each notebook's
    parameters, key and cached result (``up_to_date`` left False: see ``plan``). ``write``:
    the office's own chapters' notebooks are generated anew where changed (``check``, which
    may run on a copy it cannot write, takes them as they are)."""
    chapters = project.chapters()
    notebooks = [c for c in chapters if c.endswith(".ipynb")]
    p = load_params(project.params_file(year), year)
    parameters = notebook_parameters(p, project)
    store = project.cache(year)

    # The office's own chapters run as generated notebooks (written only when changed).
    from . import own_chapter

    if write:
        own_chapter.write_notebooks(project.root, project.root / project.OWN)
    listed = project.structure()
    if listed is not None:  # a task of the tool the office's structure does not name (e.g. new in the tool)
        named = {e.chapter.id for e in listed}
        missing = [c.title_pl for c in structure.registry(project.tool).values() if c.task and c.id not in named]
        if missing:
            say(f"      uwaga: {structure.FILE} nie wymienia rozdziałów: {'; '.join(missing)} – nie będą drukowane")

    # The summary runs after the chapters and reads their values as recorded (each chapter is
    # computed once per build): its own parameter names where the build writes them.
    entry = structure.registry(project.tool).get("summary")
    later = entry.notebook if entry and entry.notebook in notebooks else None
    values_file = project.cache_dir(year) / CHAPTER_VALUES
    job_parameters = {
        c: {**parameters, "values_file": str(values_file)} if c == later else parameters for c in notebooks
    }
    keys = {c: cache.notebook_key(project.source(c), job_parameters[c]) for c in notebooks}
    cached = {c: None if fresh else store.lookup(Path(c).name, keys[c]) for c in notebooks}
    return Plan(p, notebooks, job_parameters, store, keys, cached, False, later, values_file)


def plan(year: int, project: Project, formats: tuple[str, ...], fresh: bool, renderer: str, say: Say) -> Plan:
    """``reusable``, and whether the whole output is up to date (every notebook cached and
    nothing else that rendering reads changed since the output was made)."""
    found = reusable(year, project, fresh, say)
    target = project.output_dir(year)
    state_path = target / STATE_FILE
    if all(found.cached.values()) and state_path.is_file():
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if state.get("render_key") == render_key(
            project, found.p, found.cached, formats, fresh_markdown=True, renderer=renderer
        ) and output_intact(target, state):
            return replace(found, up_to_date=True)
    return found


def restamp(year: int, project: Project, formats: tuple[str, ...], renderer: str) -> None:
    """After a build, the check a next build would make, made now under a witness, so that
    the next ``build`` with nothing changed is answered from the stamp at once. The memos
    of this process are dropped first: the check must read what a fresh process reads."""
    import importlib

    importlib.invalidate_caches()  # (importlib.metadata lists each folder of sys.path once)
    for name, module in list(sys.modules.items()):
        if name == __package__ or name.startswith(__package__ + "."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    key = stamp.key(year, formats, renderer, project.root)
    said: list[str] = []
    with stamp.Witness(project.root, project.cache_dir(year).parent, project.output_dir(year).parent) as seen:
        again = plan(year, project, formats, False, renderer, said.append)
    if again.up_to_date:
        stamp.write(project.cache_dir(year) / stamp.FILE, seen, key, said)


def previous_annex(target: Path, key: str) -> list[str]:
    """The files of the annex the last build made (as paths within ``target``), when it was
    made from ``key`` and every one of them still has the bytes that build wrote; else []."""
    try:
        state = json.loads((target / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = {n: h for n, h in (state.get("files") or {}).items() if n.startswith(f"{ANNEX_DIR}/")}
    if state.get("annex_key") != key or not output_intact(target, {"files": files}):
        return []
    return sorted(files)
