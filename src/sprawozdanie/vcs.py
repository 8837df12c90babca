"""The workspace's git state, recorded in provenance (and compared by the quick no-op check)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_state(root: Path) -> dict[str, str]:
    """The commit and whether the work tree was clean; 'brak' outside a git checkout or on a
    computer without git (an office PC rarely has it)."""

    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        except OSError:  # no git program at all
            return None
        return proc.stdout.strip() if proc.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": "brak (folder roboczy poza repozytorium git lub brak programu git)", "clean": "nieznany"}
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "clean": "tak" if not dirty else "nie (niezatwierdzone zmiany)"}
