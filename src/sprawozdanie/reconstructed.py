"""Inputs a year folder holds that are not the office's own records but reconstructions (a
synthetic register built to give published totals, a list rebuilt from a sum): declared in
``data/<year>/reconstructed.yml``, so that the auditors' annex names each with how it was made
and the council's "Kontrola obliczeń" says that such data are there.

Format: a list of ``{file: <a file of the folder>, how_pl: <how it was made, in Polish>}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError

FILE = "reconstructed.yml"


@dataclass(frozen=True)
class Reconstructed:
    file: str
    how_pl: str
    year: str  # the year folder's name: a prior year's file is named with its year


def _read(data_dir: Path) -> tuple[Path, object]:
    """The declaration's path and its parsed YAML (``[]`` without the file). Noted as read
    either way: a chapter's text and the annex depend on it, so a change re-runs them."""
    from .cache import note_read
    from .yamlfiles import read_yaml

    path = Path(data_dir) / FILE
    note_read(path)
    return path, (read_yaml(path) or []) if path.is_file() else []


def load(data_dir: Path | None) -> list[Reconstructed]:
    """The folder's declared reconstructions (none without the file); each names a file of the
    folder and says how it was made, or the analyst is told which entry is wrong."""
    if data_dir is None:
        return []
    path, raw = _read(data_dir)
    if not isinstance(raw, list):
        raise ReportError(
            f"{path}: oczekiwano listy wpisów, każdy z polami file i how_pl, np.\n"
            "- file: family_assistance_cases.csv\n  how_pl: rejestr odtworzony z liczb zbiorczych"
        )
    out = []
    for i, entry in enumerate(raw, start=1):
        where = f"{path}: wpis nr {i}"
        if not isinstance(entry, dict) or set(entry) != {"file", "how_pl"}:
            raise ReportError(f"{where}: oczekiwano dokładnie pól file i how_pl")
        name, how = str(entry["file"]).strip(), " ".join(str(entry["how_pl"] or "").split())
        if "/" in name or "\\" in name or not (Path(data_dir) / name).is_file():
            raise ReportError(f"{where}: w folderze {Path(data_dir).name} nie ma pliku {name!r}")
        if not how:
            raise ReportError(f"{where}: pole how_pl ma mówić, jak plik {name} odtworzono")
        out.append(Reconstructed(name, how, Path(data_dir).name))
    return out


def declared(data_dir: Path | None) -> set[str]:
    """The file names the folder declares reconstructed, unchecked (a chapter asks whether its
    own input is one; the build's check of the declaration, :func:`load`, names what is wrong)."""
    if data_dir is None:
        return set()
    _, raw = _read(data_dir)
    return {str(e.get("file", "")).strip() for e in raw if isinstance(e, dict)} if isinstance(raw, list) else set()
