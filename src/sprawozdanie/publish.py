"""Putting a finished report in place so that any kill leaves a whole report.

- ``output/<year>/`` is replaced by the staging folder in one step: on Linux the two
  folders are exchanged with ``renameat2(RENAME_EXCHANGE)`` (one system call; at every
  moment ``output/<year>/`` is either the old report or the new one). Where the file
  system or the system has no exchange (a network share, Windows, macOS), the fallback is
  two renames (old aside as ``.<year>.old-<pid>``, new in place); a kill between them is
  repaired at the next start by ``recover``, which puts the old report back.
- One build per year at a time: ``year_lock`` holds an exclusive lock on
  ``output/.cache/<year>.lock`` (beside the cache, out of the analyst's way); a second build stops with a message naming the first.
- Under the lock no other build of the year runs, so any staging or set-aside folder of
  that year left behind is a dead build's, and ``recover`` removes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import os
import shutil
from pathlib import Path

from .errors import ReportError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_prefix(year: int) -> str:
    return f".{year}.staging-"


def _old_prefix(year: int) -> str:
    return f".{year}.old-"


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot (then nothing moved)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # not Linux/glibc
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_into_place(staging: Path, target: Path) -> None:
    """Make ``staging`` the new ``target``; the old one is deleted after the swap."""
    if not target.exists():
        staging.rename(target)  # atomic: before it there was no report, after it the new one
        return
    if exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old report
        return
    old = target.with_name(f"{_old_prefix(int(target.name))}{os.getpid()}")
    target.rename(old)
    staging.rename(target)  # a kill just before this is repaired by ``recover``
    shutil.rmtree(old, ignore_errors=True)


def recover(out_root: Path, year: int) -> list[Path]:
    """Repair what a killed build of ``year`` left (call under ``year_lock``): put a
    set-aside report back when there is no report, remove staging and set-aside folders.
    Returns the folders removed."""
    if not out_root.is_dir():
        return []
    target = out_root / str(year)
    old = sorted((p for p in out_root.glob(f"{_old_prefix(year)}*") if p.is_dir()),
                 key=lambda p: p.stat().st_mtime)
    if old and not target.exists():
        old.pop().rename(target)
    removed = [p for p in out_root.glob(f"{staging_prefix(year)}*") if p.is_dir()] + old
    for p in removed:
        shutil.rmtree(p, ignore_errors=True)
    return removed


@contextlib.contextmanager
def year_lock(out_root: Path, year: int):
    """Hold the lock of ``year``'s output; raise ``ReportError`` if another build holds it."""
    (out_root / ".cache").mkdir(parents=True, exist_ok=True)
    path = out_root / ".cache" / f"{year}.lock"
    with open(path, "a+", encoding="utf-8") as f:
        if not _try_lock(f):
            f.seek(0)
            holder = f.read().strip() or "inny proces"
            raise ReportError(f"raport za {year} r. jest właśnie budowany ({holder}). Poczekaj, aż ta budowa "
                              f"się skończy, i uruchom polecenie ponownie.")
        f.seek(0)
        f.truncate()
        f.write(f"proces {os.getpid()}, od {dt.datetime.now():%H:%M:%S}\n")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            _unlock(f)


def _try_lock(f) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(f) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
