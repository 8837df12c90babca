"""An office's workspace and the tool that builds its report: where each stage of the build
finds the params, the data, the outputs and the report's own files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import cache, structure
from .errors import ReportError
from .paths import WORKSPACE_MARK, installed_tool, tool_file, workspace_root


def bug_log(details: str, root: Path | None) -> Path:
    """Write a program fault's traceback to the workspace's ``output/bledy/`` (or the
    system's temporary folder when there is none or it cannot be written); return the file.
    The analyst is shown where it is, never the traceback itself."""
    import datetime as dt
    import os
    import tempfile

    name = f"blad-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    try:
        if root is None:
            raise OSError
        folder = root / "output" / "bledy"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(details, encoding="utf-8")
    except OSError:
        path = Path(tempfile.gettempdir()) / name
        path.write_text(details, encoding="utf-8")
    return path


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present


@dataclass(frozen=True)
class Project:
    """An office's workspace (``root``: ``params/``, ``data/``, ``output/``) and the tool that
    builds its report (``tool``: ``_quarto.yml``, notebooks, templates; by default the
    installed package's). A workspace holds one office's files only; a folder that holds a
    ``_quarto.yml`` of its own (a developer's copy of the tool, as the tests make) is its
    own tool."""

    root: Path
    tool: Path = field(default_factory=installed_tool)

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        here = (start or Path.cwd()).resolve()
        found = workspace_root(here)
        if found is not None:
            return cls.at(found)
        raise ReportError(
            f"{here} nie jest folderem roboczym sprawozdania (nie ma w nim ani wyżej folderu "
            f"{WORKSPACE_MARK}/); przejdź do folderu gminy albo utwórz go poleceniem "
            "„sprawozdanie init”"
        )

    @classmethod
    def at(cls, root: Path) -> Project:
        """The workspace at ``root``, built by the installed tool unless it holds its own."""
        root = Path(root).resolve()
        return cls(root, root) if (root / "_quarto.yml").is_file() else cls(root)

    @property
    def quarto(self) -> dict:
        # (read on each call: the project's configuration may change between builds)
        config = yaml.load((self.tool / "_quarto.yml").read_text(encoding="utf-8"), Loader=_SAFE)
        # Lua filters named relative to _quarto.yml, as Quarto reads them, made absolute for
        # both renderers (the embedded one runs them too; Quarto renders a staged copy). A copy
        # of the tool's report folder alone (a developer's, the tests') uses the package's filters.
        from .render.quarto import lua_filters

        config["filters"] = lua_filters(config.get("filters"), lambda name: tool_file(self.tool, name))
        return config

    def structure(self):
        """The workspace's chapters (``structure.yml``), or None: the tool's order."""
        return structure.read(self.root, self.tool)

    def chapters(self) -> list[str]:
        """The book's files in order: ``_quarto.yml``'s, or as the workspace's structure says."""
        return structure.chapter_files(list(self.quarto["book"]["chapters"]), self.structure())

    OWN = "output/.own"  # the generated notebooks of the office's own chapters (own_chapter.py)

    def source(self, chapter: str) -> Path:
        """A book file's source: the tool's, or the generated notebook of an own chapter."""
        from .own_spec import FOLDER

        if chapter.startswith(FOLDER + "/"):
            return self.root / self.OWN / chapter.removeprefix(FOLDER + "/")
        return self.tool / chapter

    def params_file(self, year: int) -> Path:
        return self.root / "params" / f"{year}.yml"

    def output_dir(self, year: int) -> Path:
        return self.root / "output" / str(year)

    def cache_dir(self, year: int) -> Path:
        """The year's cache: executed notebooks, the no-op stamp (never published)."""
        return self.root / "output" / ".cache" / str(year)

    def cache(self, year: int) -> cache.NotebookCache:
        return cache.NotebookCache(self.cache_dir(year))
