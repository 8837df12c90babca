"""Where a build came from: input hashes, parameters, code version, software, renderer, time."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("sprawozdanie", "pandas", "pandera", "papermill", "nbclient", "matplotlib", "babel",
            "pydantic", "pypandoc-binary", "typst")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def git_state(root: Path) -> dict[str, str]:
    """The commit and whether the work tree was clean; 'brak' outside a git checkout."""

    def git(*args: str) -> str | None:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return proc.stdout.strip() if proc.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": "brak (katalog poza repozytorium git)", "clean": "nieznany"}
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "clean": "tak" if not dirty else "nie (niezatwierdzone zmiany)"}


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "brak"
    return out


def collect(root: Path, params_file: Path, input_files: list[Path], renderer: dict[str, str]) -> dict:
    """Everything an auditor needs to reproduce the build (time last, so it can be left out)."""
    return {
        # An optional input the municipality does not keep is listed as absent.
        "inputs": {str(p.relative_to(root)): sha256(p) if p.is_file() else "brak pliku"
                   for p in sorted(input_files)},
        "params": {"file": str(params_file.relative_to(root)), "sha256": sha256(params_file),
                   "text": params_file.read_text(encoding="utf-8")},
        "git": git_state(root),
        "software": versions(),
        "renderer": renderer,
        "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
