"""A build with nothing to do, answered before the build's own imports.

Deciding that a report is up to date means hashing the package, the inputs, the cached
notebooks and the outputs, after importing pydantic and the build (about 0.3 s). So when that
check passes, it leaves a stamp: every file it opened and every folder it listed, each with
its signature (modification time in ns, size, inode) taken *before* it was read, the git
state, and the lines the check printed. The next ``sprawozdanie build <year>`` first compares
those signatures (``up_to_date``): if none differs, the report is up to date; if one does,
the full check runs and hashes contents. As with make and git, a file rewritten with its old
time, size and inode would pass unseen; an edit saved while a build reads the file cannot,
since its signature was taken before the read. An edit saved in the same tick of the file
system's clock as the one before it would keep its time (FAT keeps 2 s), so no stamp is left
while any input is younger than ``RACY_NS`` (git's "racily clean" files): the next build
then checks in full, and stamps.

The stamp lives in the cache (``output/.cache/<year>/``), never in a published folder.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from .paths import PROBE, shown, write_whole
from .vcs import git_state

FILE = "stamp.json"
_WRITING = ("w", "a", "x", "+")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
RACY_NS = 3_000_000_000  # above the coarsest clock of a file system in use (FAT: 2 s)


def signature(path: str) -> list[int] | None:
    """What changes when the file (or a folder's list of entries) changes; None when absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def unchanged_message(target: Path, root: Path, seconds: float) -> str:
    return f"Bez zmian: {shown(target, root)} jest aktualny; nie zapisano nowej wersji ({seconds:.1f} s)."


class Witness:
    """While active (``with``), records every file this process opens for reading, every
    folder it lists and every path it probes (``paths.probe``: looked for, found or not),
    with the signature taken before the read, plus the folder of each and the folders above
    it up to ``root`` (a file created beside them changes a folder's signature: that is how
    a new input, or the prior year's folder appearing, is seen). Nothing under ``skip`` (the
    cache, where the lock and its holder's note come and go) counts. Files under ``own``
    (the build's output, written by it under the year's lock just before) are not held to
    the racy-time rule."""

    def __init__(self, root: Path, skip: Path, own: Path | None = None):
        self.root = os.path.abspath(root)
        self.skip = os.path.abspath(skip)
        self.own = os.path.abspath(own) if own else None
        self.seen: dict[str, list[int] | None] = {}
        self.wrote: list[str] = []  # files opened for writing outside ``skip``: no stamp then
        self.started_ns = 0

    def __enter__(self) -> Witness:
        _install()
        self.started_ns = time.time_ns()
        _ACTIVE.append(self)
        return self

    def racy(self) -> list[str]:
        """What was read while younger than ``RACY_NS``: a change in the same clock tick
        would not show in its signature."""
        young = self.started_ns - RACY_NS
        return [
            path
            for path, sig in self.seen.items()
            if sig is not None
            and sig[0] >= young
            and not (self.own and (path == self.own or path.startswith(self.own + os.sep)))
        ]

    def __exit__(self, *exc) -> None:
        _ACTIVE.remove(self)

    def _skipped(self, path: str) -> bool:
        return (
            path == self.skip
            or path.startswith(self.skip + os.sep)
            or f"{os.sep}__pycache__{os.sep}" in path
            or path.endswith(f"{os.sep}__pycache__")  # (Python's compiled files come and go)
        )

    def note(self, path: str, writing: bool) -> None:
        if self._skipped(path):
            return
        if writing:
            self.wrote.append(path)
            return
        if path in self.seen:
            return
        self.seen[path] = signature(path)
        # its folder, wherever it is (a file added beside it), and inside the workspace every
        # folder above it (a year's folder appearing)
        for folder in self._folders_above(path):
            if folder not in self.seen and not self._skipped(folder):
                self.seen[folder] = signature(folder)

    def _folders_above(self, path: str):
        folder = os.path.dirname(path)
        yield folder
        while folder.startswith(self.root + os.sep):
            folder = os.path.dirname(folder)
            yield folder


_ACTIVE: list[Witness] = []
_INSTALLED = False


def _install() -> None:
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_hook)  # (a hook stays for the process's life; it returns at once when no witness is active)
        _INSTALLED = True


def _hook(event: str, args: tuple) -> None:
    if not _ACTIVE:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(mode, str):
            writing = any(m in mode for m in _WRITING)
        else:
            writing = bool((flags or 0) & _WRITE_FLAGS)
    elif event in ("os.listdir", "os.scandir", PROBE):
        path, writing = args[0] if args else None, False
    else:
        return
    if path is None:
        path = "."
    if isinstance(path, int):  # an already open descriptor
        return
    path = os.path.abspath(os.fsdecode(path))
    for witness in _ACTIVE:
        witness.note(path, writing)


def key(year: int, formats: tuple[str, ...], renderer: str, root: Path) -> dict:
    """What a stamp answers for: the command's choices, the interpreter and the git state."""
    return {
        "year": year,
        "formats": list(formats),
        "renderer": renderer,
        "python": [sys.executable, sys.version],
        "git": git_state(root),
    }


def write(path: Path, witness: Witness, key: dict, said: list[str]) -> bool:
    """Write the stamp (whole or not at all); False, and no stamp, when the check wrote a
    file, saw none or read one too young to trust its time, or when the stamp cannot be
    written (the next build checks in full)."""
    if witness.wrote or not witness.seen or witness.racy():
        remove(path)
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps({"key": key, "files": witness.seen, "said": said}))
    except OSError:
        return False
    return True


def remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def up_to_date(path: Path, key: dict) -> list[str] | None:
    """The lines the last passing check printed, when nothing it read has changed since;
    None otherwise (no stamp, another command, or a changed file or folder)."""
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        if stamp["key"] != key:
            return None
        if any(signature(file) != sig for file, sig in stamp["files"].items()):
            return None
        return list(stamp["said"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
