"""Where a build came from: input hashes, parameters, code version, software and its lock file,
renderer, time."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .dialect import decode
from .paths import shown
from .vcs import git_state

PACKAGES = (
    "sprawozdanie",
    "pandas",
    "pandera",
    "papermill",
    "nbclient",
    "matplotlib",
    "babel",
    "pydantic",
    "pypandoc-binary",
    "typst",
)
LOCK_FILE = "requirements.lock"  # every package's version and hash; `make setup` installs it


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "brak"
    return out


def lock_requirements(text: str) -> list[Requirement]:
    """The pins of a lock file written by ``uv pip compile`` (``name==version ; marker`` with
    the hashes on indented lines); a universal lock may pin a package once per marker."""
    return [Requirement(line.rstrip(" \\")) for line in text.splitlines() if line[:1].isalnum()]


def pinned_here(requirements: list[Requirement]) -> dict[str, Version]:
    """Normalised name → the version this interpreter and platform install."""
    return {
        canonicalize_name(r.name): Version(next(iter(r.specifier)).version)
        for r in requirements
        if r.marker is None or r.marker.evaluate()
    }


def lock_state(root: Path) -> dict[str, str]:
    """The lock file by its hash, and whether the installed packages are the ones it pins:
    a checkout's own, or the one installed with the package (an office's wheel)."""
    lock = root / LOCK_FILE
    if not lock.is_file():
        lock = Path(__file__).resolve().parent / LOCK_FILE
    if not lock.is_file():
        return {"file": LOCK_FILE, "sha256": "brak pliku"}
    differ = []
    for name, want in sorted(pinned_here(lock_requirements(lock.read_text(encoding="utf-8"))).items()):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have is None or Version(have) != want:
            differ.append(f"{name} {have or 'brak'} (w pliku {want})")
    return {
        "file": LOCK_FILE,
        "sha256": sha256(lock),
        "installed_as_locked": "tak" if not differ else "nie: " + ", ".join(differ),
    }


def tool_state(tool: Path, files: list[Path]) -> dict:
    """The tool's files a build used, by hash: the report's notebooks and templates (from
    ``tool``, the installed package's folder unless a workspace has its own) and the
    package's rules and schema."""
    package = Path(__file__).resolve().parent
    used = {f"{tool.name}/{shown(f, tool)}": sha256(f) for f in sorted(set(files)) if f.is_file()}
    for sub in ("rules", "schema"):
        used |= {f"{sub}/{f.name}": sha256(f) for f in sorted((package / sub).glob("*.yml"))}
    return {"report_folder": str(tool), "package_folder": str(package), "files": used}


def collect(root: Path, params_file: Path, input_files: list[Path], renderer: dict[str, str]) -> dict:
    """Everything an auditor needs to reproduce the build (time last, so it can be left out)."""
    return {
        # An optional input the municipality does not keep is listed as absent.
        "inputs": {shown(p, root): sha256(p) if p.is_file() else "brak pliku" for p in sorted(input_files)},
        "params": {
            "file": shown(params_file, root),
            "sha256": sha256(params_file),
            "text": decode(params_file.read_bytes())[0],
        },
        "git": git_state(root),
        "software": versions(),
        "lock": lock_state(root),
        "renderer": renderer,
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
