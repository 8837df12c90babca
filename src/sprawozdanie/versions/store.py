"""A year's versions in the workspace: ``versions/<year>/``, beside ``params/`` and ``data/``
and outside ``output/`` (which a build replaces, ``make clean`` deletes and the office
publishes).

- ``wersja-001.json`` …: each version's snapshot (``snapshot.take``), written once, never
  changed. Its bytes depend on the report's content only.
- ``wersje.json``: the record of the versions: number, status, date, the snapshot's hash.
  A version's date is set here when it is recorded, so the report shows the same date
  however often and wherever it is rendered again.
- ``wersja-NNN-pliki/``: the files of the version filed with the council (the first final
  version), kept bit for bit when corrections follow.

Status: a draft (``projekt``) until the params say ``final: true``; the first final version is
the one filed (``ostateczna``); any later version is a correction (``korekta nr k``) when
final, or a draft of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import ReportError, os_error_pl
from ..paths import probe, shown, write_whole

FOLDER = "versions"
INDEX = "wersje.json"
DRAFT, FINAL, CORRECTION = "projekt", "ostateczna", "korekta"
FILED_FILES = ("report.pdf", "report.docx", "report.html", "html", "values.csv", "values.json", "checks.csv", "aneks")


@dataclass(frozen=True)
class Version:
    number: int
    status: str  # DRAFT, FINAL or CORRECTION
    date: str  # ISO date, set when the version was recorded
    digest: str  # sha256 of the snapshot's bytes
    correction: int = 0  # "korekta nr k" (CORRECTION, or a DRAFT after filing: the correction it prepares)

    @property
    def file(self) -> str:
        return f"wersja-{self.number:03d}.json"

    @property
    def files_folder(self) -> str:
        return f"wersja-{self.number:03d}-pliki"


def folder(root: Path, year: int) -> Path:
    return Path(root) / FOLDER / str(year)


def read(where: Path) -> list[Version]:
    """The recorded versions, oldest first ([] before the first build)."""
    index = where / INDEX
    probe(index)  # (the no-op stamp notices the record appearing)
    if not index.is_file():
        return []
    try:
        raw = json.loads(index.read_text(encoding="utf-8"))
        versions = [Version(**v) for v in raw["wersje"]]
        for nr, v in enumerate(versions, start=1):  # numbered from 1, a known status, an ISO date
            if v.number != nr or v.status not in (DRAFT, FINAL, CORRECTION) or not isinstance(v.digest, str):
                raise ValueError(f"wersja nr {nr}")
            dt.date.fromisoformat(v.date)
        return versions
    except (ValueError, KeyError, TypeError) as exc:
        raise ReportError(
            f"{index}: zapis wersji sprawozdania jest uszkodzony ({exc}); przywróć plik z kopii zapasowej"
        ) from exc


def index_bytes(versions: list[Version]) -> bytes:
    return (
        json.dumps({"wersje": [asdict(v) for v in versions]}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    ).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_digest(where: Path) -> str:
    """The digest of the record of versions as ``index_bytes`` writes it ("" before any)."""
    versions = read(where)
    return digest(index_bytes(versions)) if versions else ""


def filed(versions: list[Version]) -> Version | None:
    """The version filed with the council: the first final one."""
    return next((v for v in versions if v.status == FINAL), None)


def decide(versions: list[Version], content: str, final: bool, today: dt.date) -> Version | None:
    """The version a build of ``content`` (its snapshot's digest) records, or None when it
    records none: nothing changed since the latest version (a draft made final with the
    same content is a new version: its status changed)."""
    latest = versions[-1] if versions else None
    if latest and latest.digest == content and not (final and latest.status == DRAFT):
        return None
    was_filed = filed(versions) is not None
    last_final = next((v for v in reversed(versions) if v.status in (FINAL, CORRECTION)), None)
    if final and last_final and last_final.digest == content:  # back to what was filed: no correction
        return None
    corrections = sum(v.status == CORRECTION for v in versions)
    number = (latest.number if latest else 0) + 1
    if not was_filed:
        return Version(number, FINAL if final else DRAFT, today.isoformat(), content)
    return Version(number, CORRECTION if final else DRAFT, today.isoformat(), content, corrections + 1)


def shown_version(versions: list[Version], new: Version | None, content: str, final: bool) -> Version:
    """The version a build's report is: the new one; else the latest with this content (the
    latest final one, when the params say final: content brought back to what was filed)."""
    if new is not None:
        return new
    same = [v for v in versions if v.digest == content] or versions[-1:]
    finals = [v for v in same if v.status != DRAFT]
    return finals[-1] if final and finals else same[-1]


def previous(versions: list[Version], version: Version) -> Version | None:
    """The version a version is compared with: the one before it; a correction is compared
    with the filed version or the correction before it."""
    earlier = [v for v in versions if v.number < version.number]
    if version.status == CORRECTION:
        earlier = [v for v in earlier if v.status in (FINAL, CORRECTION)]
    return earlier[-1] if earlier else None


def today() -> dt.date:
    """Today in Poland (the office's date, whatever the machine's time zone);
    ``SOURCE_DATE_EPOCH`` fixes it, as for any reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Europe/Warsaw")
    except Exception:  # noqa: BLE001 - no time zone data (Windows without tzdata): the machine's own
        zone = None
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), zone or dt.UTC).date()
    return dt.datetime.now(zone).date()


def load(where: Path, version: Version) -> dict:
    """A version's snapshot, checked against the digest recorded with it."""
    path = where / version.file
    try:
        data = path.read_bytes()
        if digest(data) != version.digest:
            raise ReportError(
                f"plik wersji nr {version.number} ({path}) różni się od zapisanego przy jej utworzeniu "
                "(zmieniony lub uszkodzony); przywróć go z kopii zapasowej"
            )
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"nie można odczytać wersji nr {version.number} ({path}): {exc}") from exc


def record(where: Path, versions: list[Version], version: Version, data: bytes, root: Path) -> None:
    """Add ``version`` (its snapshot's ``data``): the snapshot first, then the record, each
    whole. A recorded version's snapshot is never written again; a snapshot file the record
    does not name (left by a build stopped between the two writes) is replaced."""
    if any(v.number == version.number for v in versions):
        raise ReportError(
            f"wersja nr {version.number} jest już zapisana w {shown(where / INDEX, root)}; nie zmieniono niczego"
        )
    try:
        where.mkdir(parents=True, exist_ok=True)
        write_whole(where / version.file, data)
        write_whole(where / INDEX, index_bytes([*versions, version]))
    except OSError as exc:
        raise ReportError(
            f"nie zapisano wersji nr {version.number} w {shown(where, root)}: {os_error_pl(exc)}"
        ) from exc


def keep_filed_files(where: Path, version: Version, output: Path, root: Path) -> Path:
    """Copy the filed version's published files (``output``) beside its snapshot, once:
    beside it first, then put in place, so that the folder is whole or absent."""
    target = where / version.files_folder
    if target.exists():
        return target
    part = target.with_name(target.name + ".part")
    try:
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir(parents=True)
        for name in FILED_FILES:
            src = output / name
            if src.is_dir():
                shutil.copytree(src, part / name)
            elif src.is_file():
                shutil.copy2(src, part / name)
        os.replace(part, target)
    except OSError as exc:
        raise ReportError(
            f"wersję nr {version.number} zapisano, ale nie skopiowano jej plików do {shown(target, root)}: "
            f"{os_error_pl(exc)}; następna budowa spróbuje ponownie"
        ) from exc
    return target
