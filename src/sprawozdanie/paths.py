"""How a path is shown to the analyst and recorded for auditors.

``data_dir`` may be any folder (a shared drive, an absolute path outside the project), so
a path is shown relative to the project only when it lies inside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROBE = "sprawozdanie.probe"  # an audit event: a path looked at without being opened (stamp.Witness)
WORKSPACE_MARK = "params"  # a workspace is a folder with params/ (and data/, output/)


def workspace_root(start: Path) -> Path | None:
    """The workspace holding ``start``: the nearest folder, ``start`` or above, with
    ``params/`` (or a ``_quarto.yml``: a developer's copy of the tool); None when none does."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_MARK).is_dir() or (folder / "_quarto.yml").is_file():
            return folder
    return None


def probe(path: Path | str) -> None:
    """Say that ``path`` was looked for (found or not) without being opened or listed: the
    no-op stamp then notices it appearing, disappearing or, as a link, pointing elsewhere."""
    sys.audit(PROBE, str(path))


def write_whole(path: Path, data: str | bytes) -> None:
    """Write ``path`` whole or not at all: beside it first, then put in its place, so that a
    reader (the next build, the office) never sees half a file. Text is UTF-8."""
    part = Path(path).with_name(Path(path).name + ".part")
    if isinstance(data, bytes):
        part.write_bytes(data)
    else:
        part.write_text(data, encoding="utf-8")
    os.replace(part, path)


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is inside it, else absolute.

    >>> shown(Path("/p/data/2025/a.csv"), Path("/p")), shown(Path("/mnt/dysk/a.csv"), Path("/p"))
    ('data/2025/a.csv', '/mnt/dysk/a.csv')
    """
    path, root = Path(path), Path(root)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def installed_tool() -> Path:
    """The report's own files as installed with the package: ``_quarto.yml``, ``index.qmd``,
    the chapter notebooks and the templates (``src/sprawozdanie/report/``)."""
    from importlib import resources

    return Path(str(resources.files("sprawozdanie") / "report"))


def tool_file(tool: Path, name: str) -> Path:
    """A file that the tool's ``_quarto.yml`` names relative to itself (a Lua filter, a Typst
    partial): the tool folder's own, else the installed tool's, so that a copy of the report
    folder alone (a developer's, the tests') uses the package's assets."""
    own = Path(tool) / name
    return own if own.is_file() else installed_tool() / name
