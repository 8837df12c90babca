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
    old = sorted((p for p in out_root.glob(f"{_old_prefix(year)}*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if old and not target.exists():
        old.pop().rename(target)
    removed = [p for p in out_root.glob(f"{staging_prefix(year)}*") if p.is_dir()] + old
    for p in removed:
        shutil.rmtree(p, ignore_errors=True)
    return removed


@contextlib.contextmanager
def year_lock(out_root: Path, year: int, doing: str = "budowa raportu"):
    """Hold the lock of ``year``'s output; raise ``ReportError`` if another command holds it.

    filelock's lock (fcntl on Linux and macOS, msvcrt on Windows) is released by the system
    when its holder dies, so a killed build never leaves the year locked. Who holds it is
    written beside it, for the message a second command prints."""
    from filelock import FileLock, Timeout

    (out_root / ".cache").mkdir(parents=True, exist_ok=True)
    path = out_root / ".cache" / f"{year}.lock"
    holder = path.with_name(path.name + ".kto")
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            who = holder.read_text(encoding="utf-8").strip()
        except OSError:
            who = ""
        raise ReportError(
            f"rok {year}: trwa już inne polecenie ({who or 'inny proces'}). Poczekaj, aż się "
            "skończy, i uruchom swoje ponownie."
        ) from None
    try:
        holder.write_text(f"{doing}, proces {os.getpid()}, od {dt.datetime.now():%H:%M:%S}\n", encoding="utf-8")
        yield
    finally:
        holder.unlink(missing_ok=True)
        lock.release()
