"""The ``sprawozdanie`` console command: a build with nothing to do is answered from the
last check's stamp (``stamp.py``) before the command line, pydantic and the build are even
imported; everything else goes to ``cli.main``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

DEFAULT_FORMATS = ("html", "pdf", "docx")


def quick_no_op(argv: list[str], say=print) -> bool:
    """True when ``argv`` is a plain ``build <year>`` (the command an analyst repeats) and the
    stamp shows nothing changed since the last check; any doubt or problem means False (the
    full command then runs and explains)."""
    started = time.perf_counter()
    if len(argv) != 2 or argv[0] != "build" or not (argv[1].isascii() and argv[1].isdigit() and len(argv[1]) == 4):
        return False
    try:
        from . import stamp
        from .paths import workspace_root

        root = workspace_root(Path.cwd())
        if root is None:
            return False
        year = int(argv[1])
        said = stamp.up_to_date(
            root / "output" / ".cache" / str(year) / stamp.FILE, stamp.key(year, DEFAULT_FORMATS, "embedded", root)
        )
        if said is None:
            return False
        for line in said:
            say(line)
        say(stamp.unchanged_message(root / "output" / str(year), root, time.perf_counter() - started))
        return True
    except Exception:  # noqa: BLE001 - the quick answer is an optimisation: the full command decides
        return False


def main(argv: list[str] | None = None) -> int:
    if quick_no_op(sys.argv[1:] if argv is None else argv):
        return 0
    from .cli import main as full

    return full(argv)
